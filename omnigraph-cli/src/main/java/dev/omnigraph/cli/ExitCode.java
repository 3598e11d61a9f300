package dev.omnigraph.cli;

/** The exit codes of {@code omnigraph}, upstream's: scripts branch on them. */
final class ExitCode {
  /** The command did what it was asked. */
  static final int OK = 0;

  /** The command failed (an engine error, a refused address, a failed lint, ...). */
  static final int FAILURE = 1;

  /** The command line itself is wrong: an unknown verb or flag, a missing required flag. */
  static final int USAGE = 2;

  /** A conditional write lost: the graph moved past the commit it was conditioned on. */
  static final int PRECONDITION_FAILED = 4;

  private ExitCode() {}
}
