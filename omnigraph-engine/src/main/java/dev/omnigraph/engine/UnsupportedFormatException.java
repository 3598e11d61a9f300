package dev.omnigraph.engine;

/**
 * The graph was written by a newer build whose on-disk format this build cannot read; upgrade to
 * read it. Nothing was changed.
 */
public final class UnsupportedFormatException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "unsupported_format";

  UnsupportedFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}
