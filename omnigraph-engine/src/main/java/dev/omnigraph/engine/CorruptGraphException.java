package dev.omnigraph.engine;

/**
 * A file the graph depends on is not what the format says it must be: a commit record that does not
 * parse or does not match its schema, or an accepted schema that is missing or altered. The engine
 * never repairs or guesses; the message names the file.
 */
public final class CorruptGraphException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "corrupt_graph";

  CorruptGraphException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}
