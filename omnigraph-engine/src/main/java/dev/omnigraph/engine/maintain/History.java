package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitLogException;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commit DAG as one cleanup run sees it: records read once each (they are immutable), the
 * current life of a branch (its records since it was last created), and merge bases.
 */
final class History {
  private final CommitLog log;
  private final Map<At, CommitRecord> records = new HashMap<>();
  private final Map<At, Set<At>> ancestors = new HashMap<>();

  History(CommitLog log) {
    this.log = log;
  }

  /** The record at {@code at}, which a log or a parent reference says exists. */
  CommitRecord record(At at) {
    CommitRecord cached = records.get(at);
    if (cached != null) {
      return cached;
    }
    CommitRecord read =
        log.read(at.branch(), at.seq())
            .orElseThrow(() ->
                new CommitLogException(
                    CommitLogException.Reason.CORRUPT_RECORD,
                    "commit record "
                        + CommitLog.recordKey(at.branch(), at.seq())
                        + " is missing, though the log or a parent reference names it"));
    records.put(at, read);
    return read;
  }

  /**
   * The records of {@code branch}'s current life, newest (its head, record {@code tip}) first, or
   * empty if the branch has no records or was deleted. A life starts at the record that does not
   * follow the branch's previous record: record 1, or the first record after a re-creation.
   */
  Optional<List<CommitRecord>> life(String branch, long tip) {
    if (tip < 1) {
      return Optional.empty();
    }
    CommitRecord r = record(new At(branch, tip));
    if (r.isTombstone()) {
      return Optional.empty();
    }
    List<CommitRecord> life = new ArrayList<>();
    life.add(r);
    while (followsPrevious(r)) {
      r = record(new At(branch, r.seq() - 1));
      if (r.isTombstone()) {
        break; // a log the engine does not write (a tombstone is never a parent); be safe
      }
      life.add(r);
    }
    return Optional.of(life);
  }

  /** Whether {@code r} continues its branch's log (one parent is the record before it). */
  static boolean followsPrevious(CommitRecord r) {
    for (CommitRef p : r.parents()) {
      if (p.branch().equals(r.branch()) && p.seq() == r.seq() - 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * The nearest common ancestors of {@code a} and {@code b} (a commit counts as its own ancestor):
   * every common ancestor reached from {@code b} without passing through another. This includes
   * every merge base a merge could choose, and perhaps a few older ones.
   */
  Set<At> mergeBases(At a, At b) {
    Set<At> ofA = ancestors(a);
    Set<At> bases = new HashSet<>();
    Set<At> seen = new HashSet<>(Set.of(b));
    Deque<At> queue = new ArrayDeque<>(List.of(b));
    while (!queue.isEmpty()) {
      At x = queue.poll();
      if (ofA.contains(x)) {
        bases.add(x);
        continue;
      }
      for (CommitRef p : record(x).parents()) {
        At parent = At.of(p);
        if (seen.add(parent)) {
          queue.add(parent);
        }
      }
    }
    return bases;
  }

  private Set<At> ancestors(At start) {
    Set<At> known = ancestors.get(start);
    if (known != null) {
      return known;
    }
    Set<At> all = new HashSet<>(Set.of(start));
    Deque<At> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      for (CommitRef p : record(queue.poll()).parents()) {
        At parent = At.of(p);
        if (all.add(parent)) {
          queue.add(parent);
        }
      }
    }
    ancestors.put(start, all);
    return all;
  }
}
