package dev.omnigraph.engine;

/** A write asked of a graph opened {@link AccessMode#READ_ONLY}; nothing was written. */
public final class ReadOnlyGraphException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "read_only";

  ReadOnlyGraphException(String location, String operation) {
    super(
        "cannot "
            + operation
            + ": the graph at "
            + location
            + " is open read-only; open it read-write to change it");
  }

  @Override
  public String code() {
    return CODE;
  }
}
