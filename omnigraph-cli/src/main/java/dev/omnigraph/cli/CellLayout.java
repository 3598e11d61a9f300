package dev.omnigraph.cli;

import java.util.Locale;
import java.util.Optional;

/** What the table format does with a cell wider than its column. */
enum CellLayout {
  /** Cut it and end it with {@code …}. */
  TRUNCATE,
  /** Continue it on the next lines of the same row. */
  WRAP;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<CellLayout> named(String name) {
    for (CellLayout l : values()) {
      if (l.wireName().equals(name)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
