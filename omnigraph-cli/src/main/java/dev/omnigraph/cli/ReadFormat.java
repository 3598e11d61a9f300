package dev.omnigraph.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The ways a read query's rows are printed ({@code --format}), upstream's five. */
enum ReadFormat {
  /** A header line, then fitted columns: for people at a terminal. */
  TABLE,
  /** A header line, then one {@code key: value} block per row: for wide rows. */
  KV,
  /** RFC 4180 style: a header of column keys, then one line per row. */
  CSV,
  /** A metadata line, then one compact JSON object per row: for streaming tools. */
  JSONL,
  /** The whole read output as indented JSON. */
  JSON;

  /** The name users type and configs hold ({@code jsonl}). */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code name}, if it is one. */
  static Optional<ReadFormat> named(String name) {
    for (ReadFormat f : values()) {
      if (f.wireName().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The names of all formats, for messages ({@code table, kv, csv, jsonl, json}). */
  static String names() {
    List<String> names = new ArrayList<>();
    for (ReadFormat f : values()) {
      names.add(f.wireName());
    }
    return String.join(", ", names);
  }

  /**
   * The format a read prints in: {@code --json}, else {@code --format}, else the alias's format,
   * else {@code defaults.output} of the operator config, else {@link #TABLE}.
   */
  static ReadFormat choose(
      boolean json,
      Optional<ReadFormat> flag,
      Optional<ReadFormat> alias,
      Optional<ReadFormat> configured) {
    if (json) {
      return JSON;
    }
    return flag.or(() -> alias).or(() -> configured).orElse(TABLE);
  }
}
