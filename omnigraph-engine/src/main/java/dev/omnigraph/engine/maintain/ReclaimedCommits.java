package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.store.ObjectStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The commits whose data cleanup runs reclaimed, as their run records in {@code gc/} name them: the
 * check a read of a historical commit makes first, so that it fails with {@link
 * ReclaimedCommitException} rather than a missing file. Run records are immutable, so each is read
 * once per instance; a check costs one listing of {@code gc/}.
 */
public final class ReclaimedCommits {
  private final ObjectStore store;

  // Guarded by this.
  private final Map<String, RunRecord> runs = new TreeMap<>();
  private final Map<At, RunRecord> byCommit = new HashMap<>();

  /** The reclaimed commits of the graph whose files {@code store} holds. */
  public ReclaimedCommits(ObjectStore store) {
    this.store = store;
  }

  /**
   * Returns normally if {@code record}'s data was not reclaimed.
   *
   * @throws ReclaimedCommitException if a cleanup run reclaimed it
   */
  public void check(CommitRecord record) {
    Optional<RunRecord> run = reclaimedBy(record.ref());
    if (run.isPresent()) {
      throw new ReclaimedCommitException(
          store.location(),
          record.branch(),
          record.seq(),
          record.commitId(),
          run.get().runId(),
          run.get().startedAt());
    }
  }

  /** The run that reclaimed {@code commit}, if one did. */
  synchronized Optional<RunRecord> reclaimedBy(CommitRef commit) {
    refresh();
    return Optional.ofNullable(byCommit.get(At.of(commit)));
  }

  /** Every reclaimed commit and the run that reclaimed it, as the store holds them now. */
  synchronized Map<At, RunRecord> all() {
    refresh();
    return Map.copyOf(byCommit);
  }

  private void refresh() {
    Set<String> listed = new HashSet<>();
    for (String key : store.list(RunRecord.PREFIX)) {
      if (key.endsWith(RunRecord.SUFFIX)) {
        listed.add(key);
      }
    }
    // A run record disappears only when its run stopped before deleting anything.
    if (runs.keySet().retainAll(listed)) {
      byCommit.clear();
      runs.values().forEach(this::index);
    }
    for (String key : listed) {
      if (!runs.containsKey(key)) {
        store
            .read(key)
            .ifPresent(bytes -> {
              RunRecord run = RunRecord.fromBytes(key, bytes);
              runs.put(key, run);
              index(run);
            });
      }
    }
  }

  private void index(RunRecord run) {
    for (CommitRef ref : run.expired()) {
      byCommit.putIfAbsent(At.of(ref), run);
    }
  }
}
