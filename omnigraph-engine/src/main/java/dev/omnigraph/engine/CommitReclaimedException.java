package dev.omnigraph.engine;

import java.time.Instant;

/**
 * A commit whose table data a cleanup reclaimed was asked for (to read its state or branch from
 * it): its record and place in the history remain, its data does not. Read a newer commit.
 */
public final class CommitReclaimedException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "commit_reclaimed";

  private final String branch;
  private final long seq;
  private final String commitId;
  private final String runId;
  private final Instant reclaimedAt;

  CommitReclaimedException(
      String message,
      String branch,
      long seq,
      String commitId,
      String runId,
      Instant reclaimedAt,
      Throwable cause) {
    super(message, cause);
    this.branch = branch;
    this.seq = seq;
    this.commitId = commitId;
    this.runId = runId;
    this.reclaimedAt = reclaimedAt;
  }

  /** The branch of the reclaimed commit. */
  public String branch() {
    return branch;
  }

  /** The reclaimed commit's seq on its branch. */
  public long seq() {
    return seq;
  }

  /** The reclaimed commit's id. */
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

  @Override
  public String code() {
    return CODE;
  }
}
