package dev.omnigraph.engine.table;

import java.util.Locale;
import java.util.regex.Pattern;

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
    /**
     * The request does not fit the table: an unknown column, a column of the wrong type for the
     * operation, rows whose schema differs from the table's, or an ambiguous key.
     */
    INVALID,
    /**
     * The operation needs an index on a column that the table version lacks, or has without
     * covering every row; building the index (again) makes it possible.
     */
    MISSING_INDEX,
    /** Anything else, including interruption of the calling thread. */
    OTHER
  }

  // Lance names a missing column in words that would otherwise read as a missing table.
  private static final Pattern MISSING_COLUMN = Pattern.compile("column '[^']*' does not exist");

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

  /** A request refused before or by Lance because it does not fit the table at {@code where}. */
  static TableException invalid(String where, String problem) {
    return new TableException(Kind.INVALID, where + ": " + problem, null);
  }

  /** A request the table version cannot answer without an index on a column (see the kind). */
  static TableException missingIndex(String where, String problem) {
    return new TableException(Kind.MISSING_INDEX, where + ": " + problem, null);
  }

  static Kind kindOf(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("invalid user input")
        || m.contains("unprocessable")
        || m.contains("not supported")
        || m.contains("ambiguous")
        || MISSING_COLUMN.matcher(m).find()) {
      return Kind.INVALID;
    }
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
