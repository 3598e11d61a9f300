package dev.omnigraph.engine.table;

import java.util.Objects;

/**
 * A full-text query of one String column, answered from the column's full-text index (see {@link
 * IndexSpec.FullText} for how text is split into words): a row matches when its text shares a word
 * with the query, and is scored by BM25 over the words it shares.
 */
public sealed interface TextQuery {
  /** The searched column. */
  String column();

  /** The query text, not empty; anything but letters and digits separates words. */
  String text();

  /** Rows whose text contains any word of {@code text}. */
  record Match(String column, String text) implements TextQuery {
    public Match {
      check(column, text);
    }
  }

  /**
   * Rows whose text contains a word within {@code maxEdits} single-character edits (insertions,
   * deletions, substitutions) of a word of {@code text}.
   */
  record Fuzzy(String column, String text, int maxEdits) implements TextQuery {
    public Fuzzy {
      check(column, text);
      if (maxEdits < 0) {
        throw new IllegalArgumentException(
            "a fuzzy match allows zero or more edits, got " + maxEdits);
      }
    }
  }

  private static void check(String column, String text) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a full-text query needs text");
    }
  }
}
