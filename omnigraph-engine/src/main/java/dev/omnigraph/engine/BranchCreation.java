package dev.omnigraph.engine;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.log.NameHold;
import dev.omnigraph.engine.log.OperationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creates branches so that live names stay path-prefix disjoint ({@code a} and {@code a/b} never
 * both live) across any number of processes, with put-if-absent as the only primitive: a nested
 * name first puts a hold into the log of each ancestor name, and a name settles every hold its own
 * log carries (fencing creations still pending) before it puts its first record. Both sides then
 * race for one slot of the ancestor's log, so of two conflicting creations at most one commits.
 */
final class BranchCreation {
  // Each lost slot means another creation or hold made progress; a name contested this long by
  // live traffic is reported as a conflict rather than retried forever.
  private static final int MAX_ATTEMPTS = 16;

  private final CommitLog log;
  private final String location;

  BranchCreation(CommitLog log, String location) {
    this.log = log;
    this.location = location;
  }

  /**
   * Creates {@code name} (already checked as a name) with {@code source}'s tables and schema.
   *
   * @throws BranchExistsException if the name is live, or a concurrent creator of it won
   * @throws BranchNameConflictException if a live name is its path-prefix ancestor or descendant
   * @throws WriteConflictException if concurrent creations kept taking its slots
   */
  CommitRecord create(String name, CommitRecord source) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<CommitRecord> head = log.head(name);
      if (head.isPresent() && !head.get().isTombstone()) {
        throw new BranchExistsException(location, name);
      }
      long slot = head.map(r -> r.seq() + 1).orElse(1L);
      // Creations under this name that put their hold before our head was read: each one is
      // decided now, by its own first record or by our fence. Later ones hold at our slot.
      for (NameHold pending : head.map(CommitRecord::holds).orElse(List.of())) {
        settle(pending);
      }
      Optional<String> under = liveBranchUnder(name);
      if (under.isPresent()) {
        throw new BranchNameConflictException(
            location,
            name,
            under.get(),
            "cannot create branch '"
                + name
                + "' in the graph at "
                + location
                + ": it is a path prefix of live branch '"
                + under.get()
                + "'; delete '"
                + under.get()
                + "' or pick another name");
      }
      // Outermost first: from here until the slot is filled, no ancestor can be created. Held
      // last, so a creation refused above leaves no hold behind.
      for (String ancestor : ancestors(name)) {
        hold(ancestor, new NameHold(name, slot));
      }
      Failpoints.hit(Failpoint.BRANCH_BEFORE_CREATE_PUT);
      // A deleted branch is created again after its tombstone; its history stays readable.
      CommitRecord first =
          new CommitRecord(
              name,
              slot,
              UlidCreator.getMonotonicUlid().toString(),
              List.of(source.ref()),
              source.schemaHash(),
              source.tables(),
              Omnigraph.SYSTEM_ACTOR,
              OperationKind.LOGICAL,
              Instant.now(),
              new TreeMap<>());
      if (log.append(first) == CommitLog.Append.WON) {
        return first;
      }
      CommitRecord there = log.read(name, slot).orElseThrow();
      if (!there.isTombstone()) {
        throw new BranchExistsException(location, name);
      }
      // A hold of a name under ours, or a fence of an ancestor's creation, took the slot: start
      // again from the new head, which sees whichever of them won.
    }
    throw new WriteConflictException(
        "creating branch '"
            + name
            + "' in the graph at "
            + location
            + " lost its log slot "
            + MAX_ATTEMPTS
            + " times to concurrent branch creations; nothing was created, retry",
        List.of(),
        Set.of(),
        null);
  }

  /** The names that are path prefixes of {@code name}, outermost first: {@code a} for a/b. */
  static List<String> ancestors(String name) {
    List<String> out = new ArrayList<>();
    for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
      out.add(name.substring(0, i));
    }
    return out;
  }

  // Appends to `ancestor`'s log a record that is not a graph state and holds `hold`, refusing the
  // creation if the ancestor is live. Holds already settled are dropped, so a record carries only
  // creations still pending (or abandoned by a crash) since the ancestor was last created.
  private void hold(String ancestor, NameHold hold) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<CommitRecord> head = log.head(ancestor);
      if (head.isPresent() && !head.get().isTombstone()) {
        throw new BranchNameConflictException(
            location,
            hold.branch(),
            ancestor,
            "cannot create branch '"
                + hold.branch()
                + "' in the graph at "
                + location
                + ": live branch '"
                + ancestor
                + "' is a path prefix of it; delete '"
                + ancestor
                + "' or pick another name");
      }
      List<NameHold> holds = new ArrayList<>();
      for (NameHold h : head.map(CommitRecord::holds).orElse(List.of())) {
        if (!log.contains(h.branch(), h.seq())) {
          holds.add(h);
        }
      }
      holds.add(hold);
      if (log.append(notAState(ancestor, head, holds)) == CommitLog.Append.WON) {
        return;
      }
    }
    throw new WriteConflictException(
        "creating branch '"
            + hold.branch()
            + "' in the graph at "
            + location
            + " lost the log of '"
            + ancestor
            + "' "
            + MAX_ATTEMPTS
            + " times to concurrent branch creations; nothing was created, retry",
        List.of(),
        Set.of(),
        null);
  }

  // Decides a pending creation: if its slot is still empty, a fence (a record that is not a state)
  // fills it, so that creation's put loses. Either way the slot is filled when this returns.
  private void settle(NameHold pending) {
    if (log.contains(pending.branch(), pending.seq())) {
      return;
    }
    Optional<CommitRecord> before =
        pending.seq() == 1 ? Optional.empty() : log.read(pending.branch(), pending.seq() - 1);
    // The fence keeps what the record before it held: holds of names under the fenced one.
    List<NameHold> carried =
        before.filter(CommitRecord::isTombstone).map(CommitRecord::holds).orElse(List.of());
    CommitRecord fence =
        new CommitRecord(
            pending.branch(),
            pending.seq(),
            UlidCreator.getMonotonicUlid().toString(),
            before.map(r -> List.of(r.ref())).orElse(List.<CommitRef>of()),
            CommitRecord.DELETED,
            new TreeMap<>(),
            Omnigraph.SYSTEM_ACTOR,
            OperationKind.LOGICAL,
            Instant.now(),
            new TreeMap<>(),
            carried);
    // Won or lost, the slot is filled: a lost fence means the creation (or another fence) landed.
    log.append(fence);
  }

  private CommitRecord notAState(String branch, Optional<CommitRecord> head, List<NameHold> holds) {
    return new CommitRecord(
        branch,
        head.map(r -> r.seq() + 1).orElse(1L),
        UlidCreator.getMonotonicUlid().toString(),
        head.map(r -> List.of(r.ref())).orElse(List.<CommitRef>of()),
        CommitRecord.DELETED,
        new TreeMap<>(),
        Omnigraph.SYSTEM_ACTOR,
        OperationKind.LOGICAL,
        Instant.now(),
        new TreeMap<>(),
        holds);
  }

  private Optional<String> liveBranchUnder(String name) {
    for (String other : log.branches()) {
      if (other.startsWith(name + "/")
          && log.head(other).filter(r -> !r.isTombstone()).isPresent()) {
        return Optional.of(other);
      }
    }
    return Optional.empty();
  }
}
