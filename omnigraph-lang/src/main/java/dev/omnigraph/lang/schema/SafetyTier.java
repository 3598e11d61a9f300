package dev.omnigraph.lang.schema;

/** How risky applying a schema change is, rendered lowercase in plan output and lint tags. */
public enum SafetyTier {
  SAFE("safe"),
  VALIDATED("validated"),
  DESTRUCTIVE("destructive");

  private final String label;

  SafetyTier(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
