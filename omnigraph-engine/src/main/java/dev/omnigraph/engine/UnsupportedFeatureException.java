package dev.omnigraph.engine;

/**
 * The request uses a feature of the languages that this engine does not run yet (for example search
 * and ranking functions); it is refused before reading anything, never answered with a partial or
 * made-up result.
 */
public final class UnsupportedFeatureException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "not_supported";

  UnsupportedFeatureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}
