package dev.omnigraph.engine.failpoint;

/**
 * An injected lost acknowledgement: the durable effect before the failpoint happened, but the
 * caller is told the operation failed, as when a response is lost after the storage applied it.
 */
public final class FailpointAckLost extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failpoint failpoint;

  FailpointAckLost(Failpoint failpoint) {
    super("injected failpoint triggered: " + failpoint.id() + " (acknowledgement lost)");
    this.failpoint = failpoint;
  }

  /** The failpoint whose acknowledgement was lost. */
  public Failpoint failpoint() {
    return failpoint;
  }
}
