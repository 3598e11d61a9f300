package dev.omnigraph.engine.exec;

/**
 * A read query that compiled but cannot run as asked, with a {@link Reason} that says which kind of
 * problem it is and a message that names the problem and the fix.
 */
public final class QueryExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem stopped the query. */
  public enum Reason {
    /** The query uses a feature this engine does not run yet (nearest() with a text query). */
    NOT_SUPPORTED,
    /**
     * A full-text function needs an index the graph state lacks: the property has no full-text
     * index, or a fuzzy match's index does not cover every row yet. Optimize builds it.
     */
    INDEX_REQUIRED,
    /** The query is a mutation, which the read executor does not run. */
    NOT_A_READ,
    /** A parameter the query uses has no value. */
    MISSING_PARAMETER,
    /** A value in the query or its parameters is malformed, such as a date literal. */
    INVALID_VALUE,
    /** An expression cannot be evaluated where it appears, such as ordering by a literal. */
    UNSUPPORTED_EXPRESSION,
    /** The graph state does not have a table or value the query's schema promises. */
    STATE_MISMATCH
  }

  private final Reason reason;

  /** A failure of kind {@code reason} described by {@code message}. */
  public QueryExecutionException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
