package dev.omnigraph.engine.table;

import java.util.Locale;

/**
 * A Lance table operation that failed, classified into a short {@link Kind} and naming the table
 * path and version it was working on; the Lance error, if any, is the cause.
 */
public final class TableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely: enough for callers to decide between retry, 404 and 500. */
  public enum Kind {
    /** The table path or the requested version does not exist. */
    NOT_FOUND,
    /** A concurrent writer or an existing table got in the way. */
    CONFLICT,
    /** The storage failed to read or write. */
    IO,
    /** Anything else, including interruption of the calling thread. */
    OTHER
  }

  private final Kind kind;

  TableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Lance's Java errors are untyped (RuntimeException, IllegalArgumentException, wrapped
   * LanceError), so the message text is the only thing to classify by.
   */
  static TableException classify(String action, String where, Throwable error) {
    String message = String.valueOf(error.getMessage());
    Kind kind = kindOf(message);
    String firstLine = message.lines().findFirst().orElse("").strip();
    return new TableException(
        kind,
        action + " " + where + " failed (" + kind + "): " + abbreviate(firstLine, 300),
        error);
  }

  static Kind kindOf(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("not found") || m.contains("does not exist") || m.contains("no such file")) {
      return Kind.NOT_FOUND;
    }
    if (m.contains("conflict")
        || m.contains("concurrent")
        || m.contains("incompatible transaction")
        || m.contains("already exists")) {
      return Kind.CONFLICT;
    }
    if (m.contains("lanceerror(io)") || m.contains("i/o error") || m.contains("ioexception")) {
      return Kind.IO;
    }
    return Kind.OTHER;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
