package dev.omnigraph.engine.write;

import java.util.Locale;

/** How a JSONL load meets the rows a type's table already holds. */
public enum LoadMode {
  /** Each type with a record in the input gets exactly the input's rows; other types are kept. */
  OVERWRITE,
  /** Strict insert: every id must be new to its type, or the whole load is refused. */
  APPEND,
  /** Upsert by id: a record replaces the held row with its id, whole; a repeated id wins last. */
  MERGE;

  /** The mode's name as the CLI and HTTP spell it: {@code overwrite}, {@code append}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode spelled {@code name} ({@code overwrite}, {@code append} or {@code merge}). */
  public static LoadMode named(String name) {
    for (LoadMode m : values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown load mode '" + name + "'; use overwrite, append or merge");
  }
}
