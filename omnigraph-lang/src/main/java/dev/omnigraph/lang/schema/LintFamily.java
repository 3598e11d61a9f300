package dev.omnigraph.lang.schema;

/**
 * The family a schema lint code belongs to, named by the {@code <FAMILY>} part of {@code
 * OG-<FAMILY>-<NNN>}; a reserved family has no codes yet.
 */
public enum LintFamily {
  DS("DS", "destructive", false),
  MF("MF", "maybe-fail", false),
  CD("CD", "constraint deletion", true),
  BC("BC", "backward-incompatible", true),
  NM("NM", "naming", true),
  OW("OW", "ownership", true),
  NL("NL", "branch divergence", true),
  VE("VE", "vector/embedding", true),
  ED("ED", "edge topology", true),
  LK("LK", "lock/cost", true);

  private final String prefix;
  private final String description;
  // Declared rather than derived from LintCode so the catalogue test can catch a code landing in a
  // family that was never opened.
  private final boolean reserved;

  LintFamily(String prefix, String description, boolean reserved) {
    this.prefix = prefix;
    this.description = description;
    this.reserved = reserved;
  }

  public String prefix() {
    return prefix;
  }

  public String description() {
    return description;
  }

  public boolean reserved() {
    return reserved;
  }
}
