package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of compacting a table version: the new version (the base itself when there was
 * nothing to compact), the fragments rewritten away and written, the indexes rebuilt over the new
 * fragments, and those that could not be rebuilt because their column holds nothing to index (they
 * are kept, stale, like a {@link IndexBuild.Pending} build).
 */
public record Compacted(
    TableVersion version,
    int fragmentsRemoved,
    int fragmentsAdded,
    List<String> reindexed,
    List<String> pendingIndexes) {
  public Compacted {
    Objects.requireNonNull(version, "version");
    reindexed = List.copyOf(reindexed);
    pendingIndexes = List.copyOf(pendingIndexes);
  }
}
