package dev.omnigraph.lang.query;

/** A comparison in a filter or mutation predicate. */
public enum CompOp {
  EQ("="),
  NE("!="),
  GT(">"),
  LT("<"),
  GE(">="),
  LE("<="),
  /** List membership ({@code tags contains "x"}). */
  CONTAINS("contains"),
  STARTS_WITH("starts_with"),
  /** Substring of a String; never parsed, derived by lowering from {@code contains}. */
  STRING_CONTAINS("contains");

  private final String symbol;

  CompOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written. */
  public String symbol() {
    return symbol;
  }
}
