package dev.omnigraph.lang.query;

/**
 * The parameter values of a request do not fit the query's declared parameters; the message names
 * the parameter and is written for the client, so servers answer it as a bad request as is.
 */
public final class ParamError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ParamError(String message) {
    this(message, null);
  }

  public ParamError(String message, Throwable cause) {
    // The message already says everything a client needs; a stack trace would only cost time on a
    // path any request can trigger.
    super(message, cause, false, false);
  }
}
