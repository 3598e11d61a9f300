package dev.omnigraph.lang.schema;

/** The severity a lint code reports at when nothing overrides it, rendered lowercase. */
public enum Severity {
  ERROR("error"),
  WARN("warn"),
  INFO("info");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
