package dev.omnigraph.engine.failpoint;

/**
 * A simulated process death at a failpoint: an {@link Error} so that engine code handling
 * exceptions does not run its cleanup as a dead process could not; nothing may catch it, and the
 * test must abandon the engine instance it crashed and reopen the graph with a fresh one.
 */
public final class FailpointCrash extends Error {
  private static final long serialVersionUID = 1L;

  private final Failpoint failpoint;

  FailpointCrash(Failpoint failpoint) {
    super("injected failpoint triggered: " + failpoint.id() + " (simulated crash)");
    this.failpoint = failpoint;
  }

  /** The failpoint where the simulated process died. */
  public Failpoint failpoint() {
    return failpoint;
  }
}
