package dev.omnigraph.engine;

/**
 * A request the graph refuses as malformed before doing anything: a bad branch name, a row with an
 * unknown column or a value of the wrong type, an out-of-range argument. Nothing was written.
 */
public final class InvalidInputException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "invalid_input";

  public InvalidInputException(String message) {
    super(message);
  }

  InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}
