package dev.omnigraph.engine.schema;

/** An accepted schema that cannot be read: missing, altered, or not a valid schema document. */
public final class SchemaStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaStoreException(String message) {
    super(message);
  }
}
