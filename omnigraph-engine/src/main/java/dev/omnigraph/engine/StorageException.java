package dev.omnigraph.engine;

/**
 * The storage under the graph failed: an I/O error, a refused or timed-out request to the object
 * store, or a Lance table that could not be read or written. Nothing partial became visible; the
 * request may be retried once the storage is healthy. The cause carries the underlying error.
 */
public final class StorageException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "storage";

  StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}
