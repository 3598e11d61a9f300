package dev.omnigraph.engine.store;

/** A failure of the storage underneath a graph root: I/O errors, refused requests, timeouts. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
