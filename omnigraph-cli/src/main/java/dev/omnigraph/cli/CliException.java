package dev.omnigraph.cli;

/**
 * A failure the CLI detects itself before or around the engine: a graph addressed wrongly, a bad
 * operator config, an unreadable input file, a refused confirmation, or a feature this build does
 * not have yet. The message names the problem and the fix; the command exits with 1.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message, null, false, false);
  }

  CliException(String message, Throwable cause) {
    super(message, cause, false, true);
  }

  /** A flag or scope this build recognises but cannot serve yet; says so rather than fake it. */
  static CliException notSupportedYet(String what, String instead) {
    return new CliException(what + " is not supported yet by this build; " + instead);
  }
}
