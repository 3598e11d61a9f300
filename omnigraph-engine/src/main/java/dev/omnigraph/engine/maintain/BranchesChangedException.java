package dev.omnigraph.engine.maintain;

/**
 * A cleanup found, before deleting anything, that a branch was created, deleted or re-created while
 * it planned, so its plan might delete what the new branch needs; nothing was deleted and running
 * cleanup again is safe.
 */
public final class BranchesChangedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String root;

  BranchesChangedException(String root, String detail) {
    super(
        "cleanup of the graph at "
            + root
            + " stopped before deleting anything: "
            + detail
            + " while it ran; run cleanup again");
    this.root = root;
  }

  /** The graph root that was being cleaned. */
  public String root() {
    return root;
  }

  /** Always {@code true}: a new run plans from the new state. */
  public boolean retryable() {
    return true;
  }
}
