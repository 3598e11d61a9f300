package dev.omnigraph.engine.maintain;

import java.time.Instant;

/**
 * A commit whose data a cleanup reclaimed was asked for (to read its state or branch from it); its
 * record and place in the history remain, its table data does not.
 */
public final class ReclaimedCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String root;
  private final String branch;
  private final long seq;
  private final String commitId;
  private final String runId;
  private final Instant reclaimedAt;

  ReclaimedCommitException(
      String root, String branch, long seq, String commitId, String runId, Instant reclaimedAt) {
    super(
        "commit "
            + commitId
            + " (commit "
            + seq
            + " of branch '"
            + branch
            + "') in the graph at "
            + root
            + " was reclaimed by cleanup on "
            + reclaimedAt
            + " (run "
            + runId
            + "); its data is gone: read a newer commit of the branch");
    this.root = root;
    this.branch = branch;
    this.seq = seq;
    this.commitId = commitId;
    this.runId = runId;
    this.reclaimedAt = reclaimedAt;
  }

  public String root() {
    return root;
  }

  public String branch() {
    return branch;
  }

  public long seq() {
    return seq;
  }

  public String commitId() {
    return commitId;
  }

  /** The cleanup run that reclaimed it: its record is {@code gc/<runId>.json}. */
  public String runId() {
    return runId;
  }

  /** When that cleanup run started. */
  public Instant reclaimedAt() {
    return reclaimedAt;
  }
}
