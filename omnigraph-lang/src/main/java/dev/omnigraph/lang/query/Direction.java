package dev.omnigraph.lang.query;

/** Which way a traversal follows its edges: source to target, target to source, or either. */
public enum Direction {
  OUT,
  IN,
  BOTH;

  /** The direction seen from the other endpoint. */
  public Direction reversed() {
    return switch (this) {
      case OUT -> IN;
      case IN -> OUT;
      case BOTH -> BOTH;
    };
  }
}
