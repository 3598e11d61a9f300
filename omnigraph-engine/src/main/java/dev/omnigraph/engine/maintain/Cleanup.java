package dev.omnigraph.engine.maintain;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.CleanupReport.TableCleanup;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.engine.store.StoredObject;
import dev.omnigraph.engine.table.ReferencedFiles;
import dev.omnigraph.engine.table.Tables;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Garbage collection of one graph root: deletes the table files that no retained commit needs and
 * the stray temp files of interrupted writes, once they are older than the grace period. Commit
 * records, schemas, hints and the commit-id index are never deleted: the history stays whole, and
 * only the data of commits the policy does not retain goes (reading such a commit then fails with
 * {@link ReclaimedCommitException}).
 *
 * <p>Retained: on every live branch the head, and the newest commits and recent commits the {@link
 * RetentionPolicy} keeps; every commit on another branch a retained commit names as a parent (its
 * fork source or merge input); and the merge bases of every pair of live heads. A confirmed run
 * writes its run record before deleting, checks that no branch was created, deleted or re-created
 * since it looked (else it stops, having deleted nothing), then deletes data before the manifests,
 * so a crashed run is finished by the next one.
 */
public final class Cleanup {
  private static final String TABLES = "tables/";

  private final ObjectStore store;
  private final CommitLog log;
  private final Tables tables;
  private final Clock clock;

  /** Cleanup of the graph whose files {@code store} holds and whose tables {@code tables} opens. */
  public Cleanup(ObjectStore store, CommitLog log, Tables tables, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.log = Objects.requireNonNull(log, "log");
    this.tables = Objects.requireNonNull(tables, "tables");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Plans a cleanup under {@code policy} and, if {@code confirm}, carries it out; otherwise nothing
   * is written or deleted and the report says what a confirmed run would remove now.
   *
   * @throws BranchesChangedException if a branch was created, deleted or re-created while a
   *     confirmed run planned; nothing was deleted, and running again is safe
   * @throws dev.omnigraph.engine.table.TableException if a retained table version cannot be read,
   *     so what it needs cannot be told; nothing was deleted
   */
  public CleanupReport run(RetentionPolicy policy, boolean confirm) {
    Objects.requireNonNull(policy, "policy");
    Instant now = clock.instant();
    Map<At, RunRecord> earlier = new ReclaimedCommits(store).all();
    History history = new History(log);

    SortedMap<String, Long> tips = new TreeMap<>();
    SortedMap<String, List<CommitRecord>> lives = new TreeMap<>();
    for (String branch : log.branches()) {
      long tip = log.tip(branch);
      tips.put(branch, tip);
      history.life(branch, tip).ifPresent(life -> lives.put(branch, life));
    }
    Set<At> retained = retained(policy, now, history, lives, earlier);

    List<CommitRecord> expired = new ArrayList<>();
    for (Map.Entry<String, Long> e : tips.entrySet()) {
      for (long seq = 1; seq <= e.getValue(); seq++) {
        At at = new At(e.getKey(), seq);
        if (!retained.contains(at) && !earlier.containsKey(at)) {
          CommitRecord r = history.record(at);
          if (!r.isTombstone()) {
            expired.add(r);
          }
        }
      }
    }

    SortedMap<String, Set<String>> versionsByPath = new TreeMap<>();
    int retainedCommits = 0;
    for (At at : retained) {
      CommitRecord r = history.record(at);
      if (r.isTombstone()) {
        continue;
      }
      retainedCommits++;
      for (TableVersion v : r.tables().values()) {
        versionsByPath.computeIfAbsent(v.path(), p -> new TreeSet<>()).add(v.version());
      }
    }
    Map<String, ReferencedFiles> needed = new HashMap<>();
    for (Map.Entry<String, Set<String>> e : versionsByPath.entrySet()) {
      needed.put(e.getKey(), tables.referencedFiles(e.getKey(), e.getValue()));
    }

    Instant cutoff = now.minus(policy.grace());
    SortedMap<String, Tally> byTable = new TreeMap<>();
    List<String> doomed = new ArrayList<>();
    for (StoredObject o : store.listWithMetadata(TABLES)) {
      Optional<String> table = owner(o.key(), needed.keySet());
      boolean garbage;
      String group;
      if (table.isPresent()) {
        // In a retained table only Lance's own files are judged, by what retained versions need.
        ReferencedFiles files = needed.get(table.get());
        garbage = files.accountsFor(o.key()) && !files.needs(o.key());
        group = table.get();
      } else {
        Optional<String> incarnation = incarnation(o.key());
        garbage = incarnation.isPresent();
        group = incarnation.orElse("");
      }
      if (garbage && o.lastModified().isBefore(cutoff)) {
        doomed.add(o.key());
        byTable.computeIfAbsent(group, g -> new Tally(table.isEmpty())).add(o.size());
      }
    }
    List<StoredObject> temps =
        store.listStrayTemps().stream().filter(t -> t.lastModified().isBefore(cutoff)).toList();

    List<TableCleanup> perTable = new ArrayList<>();
    byTable.forEach(
        (path, t) -> perTable.add(new TableCleanup(path, t.unreferenced, t.files, t.bytes)));
    long tempBytes = temps.stream().mapToLong(StoredObject::size).sum();
    boolean nothingToDo = doomed.isEmpty() && temps.isEmpty() && expired.isEmpty();
    if (!confirm || nothingToDo) {
      return new CleanupReport(
          confirm,
          Optional.empty(),
          policy,
          retainedCommits,
          expired.size(),
          perTable,
          temps.size(),
          tempBytes);
    }

    RunRecord run =
        new RunRecord(
            UlidCreator.getMonotonicUlid().toString(),
            now,
            policy,
            expired.stream().map(CommitRecord::ref).toList());
    if (!store.putIfAbsent(run.key(), run.toBytes())) {
      throw new IllegalStateException("cleanup run record " + run.key() + " already exists");
    }
    Failpoints.hit(Failpoint.GC_AFTER_RUN_RECORD);
    try {
      recheckBranches(lives);
    } catch (BranchesChangedException e) {
      // Nothing was deleted, so nothing was reclaimed: the record must not say otherwise.
      store.delete(run.key());
      throw e;
    }
    sweep(doomed, temps);
    return new CleanupReport(
        true,
        Optional.of(run.runId()),
        policy,
        retainedCommits,
        expired.size(),
        perTable,
        temps.size(),
        tempBytes);
  }

  private static Set<At> retained(
      RetentionPolicy policy,
      Instant now,
      History history,
      Map<String, List<CommitRecord>> lives,
      Map<At, RunRecord> earlier) {
    Set<At> heads = new HashSet<>();
    Set<At> retained = new HashSet<>();
    for (List<CommitRecord> life : lives.values()) {
      heads.add(At.of(life.getFirst()));
      for (int i = 0; i < life.size(); i++) {
        CommitRecord r = life.get(i);
        if (policy.retains(i, r.createdAt(), now)) {
          retained.add(At.of(r));
        }
      }
    }
    // A retained commit keeps the commits it came from on other branches (the source it was
    // forked from, the input it merged), not its own branch's previous commit: keep 1 means 1.
    for (At at : List.copyOf(retained)) {
      CommitRecord r = history.record(at);
      for (CommitRef p : r.parents()) {
        if (!(p.branch().equals(r.branch()) && p.seq() == r.seq() - 1)) {
          retained.add(At.of(p));
        }
      }
    }
    // A merge of any two live branches needs their merge base.
    List<At> headList = List.copyOf(heads);
    for (int i = 0; i < headList.size(); i++) {
      for (int j = i + 1; j < headList.size(); j++) {
        retained.addAll(history.mergeBases(headList.get(i), headList.get(j)));
      }
    }
    // What an earlier run reclaimed stays reclaimed (its data may be partly gone), but a head is
    // always kept: only a branch made from a reclaimed commit during a run can have one.
    retained.removeIf(at -> earlier.containsKey(at) && !heads.contains(at));
    return retained;
  }

  /**
   * Stops the run if the live branches are not the ones it planned for, or one was deleted and
   * created again: a new branch may start at a commit this run reclaims. New commits on a branch
   * are fine: they name the head this run kept, or files younger than the grace period.
   */
  private void recheckBranches(Map<String, List<CommitRecord>> planned) {
    SortedMap<String, CommitRecord> live = new TreeMap<>();
    for (String branch : log.branches()) {
      log.head(branch).filter(h -> !h.isTombstone()).ifPresent(h -> live.put(branch, h));
    }
    if (!live.keySet().equals(planned.keySet())) {
      Set<String> created = new TreeSet<>(live.keySet());
      created.removeAll(planned.keySet());
      Set<String> deleted = new TreeSet<>(planned.keySet());
      deleted.removeAll(live.keySet());
      throw new BranchesChangedException(
          store.location(), "branches " + created + " were created and " + deleted + " deleted");
    }
    for (Map.Entry<String, CommitRecord> e : live.entrySet()) {
      String branch = e.getKey();
      long plannedHead = planned.get(branch).getFirst().seq();
      CommitRecord r = e.getValue();
      while (r.seq() > plannedHead) {
        if (!History.followsPrevious(r)) {
          throw new BranchesChangedException(
              store.location(), "branch '" + branch + "' was deleted and created again");
        }
        long previous = r.seq() - 1;
        r =
            log.read(branch, previous)
                .orElseThrow(() ->
                    new IllegalStateException(
                        "commit log of branch '" + branch + "' has a gap at " + previous));
      }
    }
  }

  /**
   * Deletes data, deletion and index files before manifests and transaction files (as upstream's
   * collector does): after a crash every file left is still named by a manifest left, and the next
   * run, planning from the same retained commits, deletes the rest.
   */
  private void sweep(List<String> doomed, List<StoredObject> temps) {
    List<String> order = new ArrayList<>(doomed);
    order.sort(
        Comparator.comparing(ReferencedFiles::describesAVersion)
            .thenComparing(Comparator.naturalOrder()));
    for (String key : order) {
      store.delete(key);
      Failpoints.hit(Failpoint.GC_MID_SWEEP);
    }
    for (StoredObject temp : temps) {
      store.deleteStrayTemp(temp.key());
      Failpoints.hit(Failpoint.GC_MID_SWEEP);
    }
  }

  /** The retained table whose folder holds {@code key}, if any. */
  private static Optional<String> owner(String key, Set<String> tablePaths) {
    for (int slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
      String folder = key.substring(0, slash);
      if (tablePaths.contains(folder)) {
        return Optional.of(folder);
      }
    }
    return Optional.empty();
  }

  /**
   * The incarnation folder ({@code tables/<id>}) holding {@code key}; empty for a file directly in
   * {@code tables/}, which is no table's and is left alone.
   */
  private static Optional<String> incarnation(String key) {
    int slash = key.indexOf('/', TABLES.length());
    return slash < 0 ? Optional.empty() : Optional.of(key.substring(0, slash));
  }

  /** Files and bytes of one table that go. */
  private static final class Tally {
    final boolean unreferenced;
    long files;
    long bytes;

    Tally(boolean unreferenced) {
      this.unreferenced = unreferenced;
    }

    void add(long size) {
      files++;
      bytes += size;
    }
  }
}
