package dev.omnigraph.engine.log;

/**
 * A commit log that cannot be read: a record written by a newer format than this build reads, or a
 * record that is not a valid commit record. Nothing is repaired or guessed.
 */
public final class CommitLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the log cannot be read. */
  public enum Reason {
    /** The record's format version is newer than this build supports. */
    UNSUPPORTED_FORMAT,
    /** The record is not a valid commit record. */
    CORRUPT_RECORD
  }

  private final Reason reason;

  public CommitLogException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
