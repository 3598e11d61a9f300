package dev.omnigraph.engine.txn;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one write path of the engine: capture the branch's newest record, prepare every effect
 * against exactly that state, and commit by putting record N+1. Losing the put is not an error: if
 * the winners touched nothing this write depends on and kept the schema, the same prepared effects
 * are put again on the newer state (no redo); otherwise the write is prepared again on the newer
 * state, or, under {@link ConflictPolicy#STRICT}, fails with a typed conflict.
 *
 * <p>Writers of one instance that depend on a common table take turns, first come first served,
 * from their first preparation to their put: they never redo against each other, so a busy table
 * starves none of them. Only writers of other instances (other processes) still race for the slot.
 */
public final class WriteTransactions {
  /** How many times a write is prepared before giving up under {@link ConflictPolicy#REDO}. */
  public static final int MAX_PREPARES = 16;

  /** The name a schema change goes by in conflict reports. */
  public static final String SCHEMA = "schema";

  private final CommitLog log;
  private final Clock clock;
  private final Supplier<String> commitIds;
  // One turn per (branch, table) this instance has written; bounded by branches x tables.
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();

  /**
   * The right to prepare and put on one table of one branch, first come first served, and the
   * newest seq committed by a holder, so that the next holder knows whether its base is stale.
   */
  private static final class Turn {
    final ReentrantLock lock = new ReentrantLock(true);
    long committedSeq; // guarded by lock
  }

  public WriteTransactions(CommitLog log, Clock clock) {
    this(log, clock, () -> UlidCreator.getMonotonicUlid().toString());
  }

  WriteTransactions(CommitLog log, Clock clock, Supplier<String> commitIds) {
    this.log = log;
    this.clock = clock;
    this.commitIds = commitIds;
  }

  /**
   * Runs {@code intent} on {@code branch} as {@code actor}.
   *
   * @throws ReadSetChangedException under {@link ConflictPolicy#STRICT} when other writers changed
   *     what this write depends on, or when {@link #MAX_PREPARES} preparations all lost
   * @throws IllegalStateException if the branch has no record yet
   */
  public <R> Committed<R> run(
      String branch, String actor, ConflictPolicy policy, WriteIntent<R> intent) {
    return run(head(branch), actor, policy, intent);
  }

  /**
   * Runs {@code intent} as {@code actor} on {@code tip}, the newest record of its branch that the
   * caller just read (to check the branch, say): the write starts from it instead of finding the
   * tip again. Any record of the branch is safe here, only slower when not the newest: the put of
   * its successor loses and the newer records are handled as for any lost put.
   *
   * @throws WriteConflictException as for {@link #run(String, String, ConflictPolicy, WriteIntent)}
   */
  public <R> Committed<R> run(
      CommitRecord tip, String actor, ConflictPolicy policy, WriteIntent<R> intent) {
    return run(tip, actor, policy, Set.of(), intent);
  }

  /**
   * Runs {@code intent} as for {@link #run(CommitRecord, String, ConflictPolicy, WriteIntent)},
   * taking the turn on {@code expectedTables} (the tables the caller knows the write will touch)
   * before the first preparation rather than after it: writers of this instance on those tables
   * then prepare once each, on the state the previous one committed, instead of preparing on a
   * state that is stale by the time their turn comes. Only {@link ConflictPolicy#REDO} writes use
   * the hint: the others must prepare on exactly {@code tip}.
   */
  public <R> Committed<R> run(
      CommitRecord tip,
      String actor,
      ConflictPolicy policy,
      Set<String> expectedTables,
      WriteIntent<R> intent) {
    String branch = tip.branch();
    CommitRecord base = tip;
    List<CommitRef> lostTo = new ArrayList<>();
    Set<String> changedUnder = new HashSet<>();
    int prepares = 0;
    int reputs = 0;
    SortedSet<String> held = new TreeSet<>();
    try {
      // Only a redo-able write may move to a newer base than the one it was given.
      if (!expectedTables.isEmpty() && policy == ConflictPolicy.REDO) {
        takeTurns(branch, new TreeSet<>(expectedTables), held);
        if (committedSince(branch, held, base)) {
          base = head(branch);
        }
      }
      while (prepares < MAX_PREPARES) {
        Prepared<R> prepared = Objects.requireNonNull(intent.prepare(base), "prepared");
        prepares++;
        if (prepared.isEmpty()) {
          return new Committed<>(Optional.empty(), prepared.result(), prepares, reputs);
        }
        Set<String> footprint = prepared.footprint();
        if (!held.containsAll(footprint)) {
          // The first preparation learns the footprint without waiting; a writer of this
          // instance that committed on those tables meanwhile makes the put below lose, and the
          // redo then runs in turn, so it cannot lose to this instance again.
          release(branch, held);
          takeTurns(branch, new TreeSet<>(footprint), held);
        }
        CommitRecord onto = base;
        while (true) {
          CommitRecord candidate = candidate(onto, actor, prepared);
          if (log.append(candidate) == CommitLog.Append.WON) {
            for (String table : held) {
              Turn turn = turns.get(turnKey(branch, table));
              turn.committedSeq = Math.max(turn.committedSeq, candidate.seq());
            }
            return new Committed<>(Optional.of(candidate), prepared.result(), prepares, reputs);
          }
          List<CommitRecord> winners = winnersSince(onto);
          CommitRecord newest = winners.getLast();
          if (policy == ConflictPolicy.EXACT) {
            winners.forEach(w -> lostTo.add(w.ref()));
            throw conflict(
                branch,
                lostTo,
                touched(onto, winners, true),
                "it required the branch head to stay");
          }
          // Maintenance preserves content, so a strict logical write built on the state before
          // it is still exactly right on top of it: re-put rather than fail (upstream's false
          // failure after an external optimize). A redo-able write redoes instead, keeping the
          // compaction.
          boolean strictLogical =
              policy == ConflictPolicy.STRICT && prepared.operation() == OperationKind.LOGICAL;
          Set<String> touched = touched(onto, winners, !strictLogical);
          touched.retainAll(withSchema(footprint));
          if (touched.isEmpty()) {
            reputs++;
            onto = newest;
            continue;
          }
          winners.forEach(w -> lostTo.add(w.ref()));
          changedUnder.addAll(touched);
          if (policy == ConflictPolicy.STRICT) {
            throw conflict(branch, lostTo, changedUnder, "it is a strict write");
          }
          base = newest;
          break;
        }
      }
    } finally {
      release(branch, held);
    }
    throw conflict(
        branch,
        lostTo,
        changedUnder,
        "it was prepared " + MAX_PREPARES + " times and lost every time");
  }

  // Takes the turn on every table of `tables` in name order, so two writers never wait on each
  // other crosswise. A writer that finds a table busy waits behind the writers already queued.
  private void takeTurns(String branch, SortedSet<String> tables, SortedSet<String> held) {
    for (String table : tables) {
      Turn turn = turns.computeIfAbsent(turnKey(branch, table), k -> new Turn());
      Failpoints.hit(Failpoint.TXN_BEFORE_TABLE_TURN);
      // A fair lock's lock() queues behind earlier waiters (tryLock would barge past them).
      turn.lock.lock();
      held.add(table);
    }
  }

  // Whether a writer of this instance committed on one of `held` after `base`: then `base` is
  // stale for this write. Commits of other instances are not known here; they make the put lose.
  private boolean committedSince(String branch, SortedSet<String> held, CommitRecord base) {
    for (String table : held) {
      if (turns.get(turnKey(branch, table)).committedSeq > base.seq()) {
        return true;
      }
    }
    return false;
  }

  private void release(String branch, SortedSet<String> tables) {
    for (String table : tables) {
      turns.get(turnKey(branch, table)).lock.unlock();
    }
    tables.clear();
  }

  private static String turnKey(String branch, String table) {
    return branch + "\u0000" + table;
  }

  private CommitRecord head(String branch) {
    return log.head(branch)
        .orElseThrow(
            () -> new IllegalStateException("branch '" + branch + "' has no commit to write on"));
  }

  private CommitRecord candidate(CommitRecord base, String actor, Prepared<?> prepared) {
    TreeMap<String, TableVersion> tables = new TreeMap<>(base.tables());
    prepared.removes().forEach(tables::remove);
    tables.putAll(prepared.writes());
    return new CommitRecord(
        base.branch(),
        base.seq() + 1,
        commitIds.get(),
        List.of(base.ref()),
        prepared.newSchemaHash().orElse(base.schemaHash()),
        tables,
        actor,
        prepared.operation(),
        clock.instant(),
        new TreeMap<>(prepared.changes()));
  }

  // The records committed after `base`, oldest first; at least one, since our put lost.
  private List<CommitRecord> winnersSince(CommitRecord base) {
    long tip = log.tip(base.branch());
    List<CommitRecord> winners = new ArrayList<>();
    for (long seq = base.seq() + 1; seq <= tip; seq++) {
      winners.add(
          log.read(base.branch(), seq)
              .orElseThrow(() -> new IllegalStateException("commit log has a gap")));
    }
    if (winners.isEmpty()) {
      throw new IllegalStateException("lost the put of a record that no writer committed");
    }
    return winners;
  }

  // Every table whose version differs between consecutive states (counting maintenance winners
  // only when asked), and the schema if it changed.
  private static Set<String> touched(
      CommitRecord base, List<CommitRecord> winners, boolean countMaintenance) {
    Set<String> touched = new HashSet<>();
    CommitRecord previous = base;
    for (CommitRecord w : winners) {
      if (countMaintenance || w.operation() != OperationKind.MAINTENANCE) {
        diff(previous.tables(), w.tables(), touched);
      }
      if (!previous.schemaHash().equals(w.schemaHash())) {
        touched.add(SCHEMA);
      }
      previous = w;
    }
    return touched;
  }

  private static void diff(
      Map<String, TableVersion> before, Map<String, TableVersion> after, Set<String> out) {
    for (Map.Entry<String, TableVersion> e : after.entrySet()) {
      if (!e.getValue().equals(before.get(e.getKey()))) {
        out.add(e.getKey());
      }
    }
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        out.add(key);
      }
    }
  }

  // Every write depends on the schema it was prepared under.
  private static Set<String> withSchema(Set<String> footprint) {
    Set<String> all = new HashSet<>(footprint);
    all.add(SCHEMA);
    return all;
  }

  private static ReadSetChangedException conflict(
      String branch, List<CommitRef> winners, Set<String> tables, String why) {
    return new ReadSetChangedException(
        "write to branch '"
            + branch
            + "' conflicts with "
            + winners.size()
            + " concurrent commit(s) that changed "
            + new java.util.TreeSet<>(tables)
            + " and "
            + why
            + "; nothing was committed, retry on the new state",
        winners,
        tables);
  }
}
