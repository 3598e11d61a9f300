package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a load did: the branch it loaded into, the branch it created that one from (if it did), the
 * mode, the input records per node and per edge type (by name, sorted), and the commit it made,
 * empty when the input held no record.
 */
public record LoadResult(
    String branch,
    Optional<String> baseBranch,
    boolean branchCreated,
    LoadMode mode,
    SortedMap<String, Long> nodesLoaded,
    SortedMap<String, Long> edgesLoaded,
    Optional<CommitRecord> commit) {
  public LoadResult {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(baseBranch, "baseBranch");
    Objects.requireNonNull(mode, "mode");
    nodesLoaded = Collections.unmodifiableSortedMap(new TreeMap<>(nodesLoaded));
    edgesLoaded = Collections.unmodifiableSortedMap(new TreeMap<>(edgesLoaded));
    Objects.requireNonNull(commit, "commit");
  }

  /** Every record loaded, nodes and edges. */
  public long totalEntities() {
    return nodesLoaded.values().stream().mapToLong(Long::longValue).sum()
        + edgesLoaded.values().stream().mapToLong(Long::longValue).sum();
  }
}
