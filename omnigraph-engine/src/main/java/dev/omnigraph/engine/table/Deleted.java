package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.Objects;

/** The outcome of a keyed delete: the new table version and how many rows it removed. */
public record Deleted(TableVersion version, long rows) {
  public Deleted {
    Objects.requireNonNull(version, "version");
  }
}
