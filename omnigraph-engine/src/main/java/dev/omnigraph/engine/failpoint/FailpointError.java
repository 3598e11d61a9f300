package dev.omnigraph.engine.failpoint;

/**
 * An injected failure at a failpoint: the operation fails there as it would on an I/O error, and
 * nothing after the point has happened.
 */
public final class FailpointError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failpoint failpoint;

  FailpointError(Failpoint failpoint) {
    super("injected failpoint triggered: " + failpoint.id());
    this.failpoint = failpoint;
  }

  FailpointError(Failpoint failpoint, String detail, Throwable cause) {
    super("injected failpoint triggered: " + failpoint.id() + " (" + detail + ")", cause);
    this.failpoint = failpoint;
  }

  /** The failpoint that failed. */
  public Failpoint failpoint() {
    return failpoint;
  }
}
