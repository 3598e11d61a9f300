package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.Objects;

/**
 * The outcome of building an index: built into a new table version, or pending because the column
 * holds nothing to index yet, in which case {@link #version()} is the base, unchanged.
 */
public sealed interface IndexBuild {
  /** The table version to use after the build: the new one, or the base when pending. */
  TableVersion version();

  /** The index was built; {@code version} lists it, covering every fragment. */
  record Built(TableVersion version, TableIndex index) implements IndexBuild {
    public Built {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(index, "index");
    }
  }

  /**
   * Nothing was built because {@code reason} (no rows, or only null values in the column); build
   * again once the column has values. An index of the same name on the base, if any, is kept.
   */
  record Pending(TableVersion version, IndexSpec spec, String reason) implements IndexBuild {
    public Pending {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
