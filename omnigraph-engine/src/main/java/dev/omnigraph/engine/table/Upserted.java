package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.Objects;

/**
 * The outcome of a keyed upsert: the new table version, how many given rows replaced existing rows
 * with their key, and how many had a new key.
 */
public record Upserted(TableVersion version, long replaced, long inserted) {
  public Upserted {
    Objects.requireNonNull(version, "version");
  }
}
