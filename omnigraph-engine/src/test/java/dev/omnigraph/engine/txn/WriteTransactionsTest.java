package dev.omnigraph.engine.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.store.MemoryObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lost-put rules of the one write path, with writers interleaved exactly by pausing one at its
 * commit point while another commits: disjoint writers re-put without preparing again, a writer
 * whose tables or schema changed prepares again (no lost update) or, when strict, fails with a
 * typed conflict.
 */
class WriteTransactionsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);
  private final CommitLog log = new CommitLog(new MemoryObjectStore());
  private final AtomicInteger ids = new AtomicInteger();
  private final WriteTransactions txns =
      new WriteTransactions(log, CLOCK, () -> String.format("01J%023d", ids.incrementAndGet()));
  // Another engine instance on the same log, as another process would be: writers of one instance
  // take turns on a table, so the interleavings below need two.
  private final WriteTransactions otherInstance =
      new WriteTransactions(log, CLOCK, () -> String.format("01J%023d", ids.incrementAndGet()));
  private ExecutorService pool;

  @BeforeEach
  void initialState() {
    pool = Executors.newSingleThreadExecutor();
    log.append(
        new CommitRecord(
            "main",
            1,
            "01J00000000000000000000000",
            List.of(),
            "sha256:s0",
            new TreeMap<>(Map.of("counter", version(0))),
            "init",
            OperationKind.LOGICAL,
            CLOCK.instant(),
            new TreeMap<>()));
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static TableVersion version(long n) {
    return new TableVersion("tables/counter", Long.toString(n));
  }

  private static long counter(CommitRecord r) {
    return r.tables().get("counter").lanceVersion();
  }

  /** Writes table {@code table} at version {@code 1}, reading nothing else. */
  private static WriteIntent<String> writes(String table) {
    return base ->
        new Prepared<>(
            Set.of(),
            Map.of(table, new TableVersion("tables/" + table, "1")),
            Set.of(),
            Optional.empty(),
            OperationKind.LOGICAL,
            Map.of(table, new ChangeCount(1, 0, 0)),
            table);
  }

  /** Reads the counter and writes counter + 1: a lost update would show as a missing increment. */
  private static WriteIntent<Long> increment(AtomicInteger prepares) {
    return base -> {
      prepares.incrementAndGet();
      long next = counter(base) + 1;
      return new Prepared<>(
          Set.of("counter"),
          Map.of("counter", version(next)),
          Set.of(),
          Optional.empty(),
          OperationKind.LOGICAL,
          Map.of(),
          next);
    };
  }

  @Test
  void aWriteCommitsTheNextRecordOnTheBranchTip() {
    Committed<String> c = txns.run("main", "alice", ConflictPolicy.REDO, writes("people"));
    CommitRecord r = c.record().orElseThrow();
    assertThat(r.seq()).isEqualTo(2);
    assertThat(r.parents()).extracting(p -> p.seq()).containsExactly(1L);
    assertThat(r.tables()).containsKeys("counter", "people");
    assertThat(r.schemaHash()).isEqualTo("sha256:s0");
    assertThat(r.actor()).isEqualTo("alice");
    assertThat(c.prepares()).isEqualTo(1);
    assertThat(c.reputs()).isZero();
    assertThat(log.head("main")).contains(r);
  }

  @Test
  void aWriteStartedFromAnOlderRecordThanTheTipLosesNoUpdate() {
    CommitRecord captured = log.head("main").orElseThrow();
    txns.run("main", "fast", ConflictPolicy.REDO, increment(new AtomicInteger()));
    AtomicInteger prepares = new AtomicInteger();
    Committed<Long> c = txns.run(captured, "late", ConflictPolicy.REDO, increment(prepares));
    assertThat(prepares.get()).isEqualTo(2);
    assertThat(c.record().orElseThrow().seq()).isEqualTo(3);
    assertThat(counter(log.head("main").orElseThrow())).isEqualTo(2);
  }

  /** A maintenance write that rewrites the counter table to version {@code v}, same content. */
  private static WriteIntent<Void> compactCounter(long v) {
    return base ->
        new Prepared<>(
            Set.of("counter"),
            Map.of("counter", version(v)),
            Set.of(),
            Optional.empty(),
            OperationKind.MAINTENANCE,
            Map.of(),
            null);
  }

  @Test
  void aStrictLogicalWriteThatLostToMaintenanceOnItsTableIsReputNotRefused() {
    CommitRecord captured = log.head("main").orElseThrow();
    txns.run("main", "optimizer", ConflictPolicy.REDO, compactCounter(50));
    AtomicInteger prepares = new AtomicInteger();
    Committed<Long> c = txns.run(captured, "strict", ConflictPolicy.STRICT, increment(prepares));
    assertThat(prepares.get()).isEqualTo(1);
    assertThat(c.reputs()).isEqualTo(1);
    assertThat(c.record().orElseThrow().seq()).isEqualTo(3);
    // Content-preserving maintenance is superseded by the logical write built before it.
    assertThat(counter(log.head("main").orElseThrow())).isEqualTo(1);
  }

  @Test
  void aRedoableWriteThatLostToMaintenanceOnItsTableRedoesOnTheMaintainedState() {
    CommitRecord captured = log.head("main").orElseThrow();
    txns.run("main", "optimizer", ConflictPolicy.REDO, compactCounter(50));
    AtomicInteger prepares = new AtomicInteger();
    Committed<Long> c = txns.run(captured, "writer", ConflictPolicy.REDO, increment(prepares));
    assertThat(prepares.get()).isEqualTo(2);
    assertThat(c.reputs()).isZero();
    assertThat(counter(log.head("main").orElseThrow())).isEqualTo(51);
  }

  @Test
  void aStrictWriteThatLostToMaintenanceThenALogicalWriteOnItsTableIsRefused() {
    CommitRecord captured = log.head("main").orElseThrow();
    txns.run("main", "optimizer", ConflictPolicy.REDO, compactCounter(50));
    txns.run("main", "other", ConflictPolicy.REDO, increment(new AtomicInteger()));
    assertThatThrownBy(() ->
            txns.run(captured, "strict", ConflictPolicy.STRICT, increment(new AtomicInteger())))
        .isInstanceOf(ReadSetChangedException.class)
        .hasMessageContaining("[counter]");
  }

  @Test
  void aMaintenanceWriteThatLostToMaintenanceOnItsTableRedoes() {
    CommitRecord captured = log.head("main").orElseThrow();
    txns.run("main", "optimizer", ConflictPolicy.REDO, compactCounter(50));
    AtomicInteger prepares = new AtomicInteger();
    Committed<Void> c =
        txns.run(
            captured,
            "optimizer-2",
            ConflictPolicy.REDO,
            base -> {
              prepares.incrementAndGet();
              return compactCounter(counter(base) + 100).prepare(base);
            });
    assertThat(prepares.get()).isEqualTo(2);
    assertThat(counter(c.record().orElseThrow())).isEqualTo(150);
  }

  @Test
  void aWriteWithNothingToDoCommitsNothing() {
    Committed<String> c =
        txns.run("main", "alice", ConflictPolicy.REDO, base -> Prepared.nothing("noop"));
    assertThat(c.record()).isEmpty();
    assertThat(c.result()).isEqualTo("noop");
    assertThat(log.tip("main")).isEqualTo(1);
  }

  @Test
  void removingATableDropsItFromTheState() {
    txns.run(
        "main",
        "alice",
        ConflictPolicy.REDO,
        base ->
            new Prepared<>(
                Set.of(),
                Map.of(),
                Set.of("counter"),
                Optional.empty(),
                OperationKind.LOGICAL,
                Map.of(),
                "dropped"));
    assertThat(log.head("main").orElseThrow().tables()).doesNotContainKey("counter");
  }

  /** Runs {@code slow} on another thread, paused at its commit point while {@code fast} commits. */
  private <R> Future<Committed<R>> pausedWhile(
      WriteIntent<R> slow, ConflictPolicy policy, Runnable fast) throws Exception {
    try (Rendezvous atPut = new Rendezvous("slow-writer");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
      Future<Committed<R>> result = pool.submit(() -> txns.run("main", "slow", policy, slow));
      atPut.awaitArrival(Duration.ofSeconds(30));
      fast.run();
      atPut.release();
      result.get(30, TimeUnit.SECONDS);
      assertThat(armed.fired()).isEqualTo(1);
      return result;
    }
  }

  @Test
  void aDisjointWriterThatLostThePutPutsAgainWithoutPreparingAgain() throws Exception {
    AtomicInteger slowPrepares = new AtomicInteger();
    WriteIntent<String> slow =
        base -> {
          slowPrepares.incrementAndGet();
          return writes("people").prepare(base);
        };
    Committed<String> c =
        pausedWhile(
                slow,
                ConflictPolicy.STRICT,
                () -> otherInstance.run("main", "fast", ConflictPolicy.REDO, writes("companies")))
            .get();
    assertThat(slowPrepares.get()).isEqualTo(1);
    assertThat(c.reputs()).isEqualTo(1);
    CommitRecord head = log.head("main").orElseThrow();
    assertThat(head.seq()).isEqualTo(3);
    assertThat(head.actor()).isEqualTo("slow");
    assertThat(head.tables()).containsKeys("people", "companies", "counter");
    assertThat(head.parents()).extracting(p -> p.seq()).containsExactly(2L);
  }

  @Test
  void aWriterWhoseTableChangedPreparesAgainAndLosesNoUpdate() throws Exception {
    AtomicInteger slowPrepares = new AtomicInteger();
    Committed<Long> c =
        pausedWhile(
                increment(slowPrepares),
                ConflictPolicy.REDO,
                () ->
                    otherInstance.run(
                        "main", "fast", ConflictPolicy.REDO, increment(new AtomicInteger())))
            .get();
    assertThat(slowPrepares.get()).isEqualTo(2);
    assertThat(c.result()).isEqualTo(2);
    assertThat(counter(log.head("main").orElseThrow())).isEqualTo(2);
    assertThat(log.tip("main")).isEqualTo(3);
  }

  @Test
  void aStrictWriterWhoseTableChangedFailsWithATypedConflict() throws Exception {
    try (Rendezvous atPut = new Rendezvous("strict-writer");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
      Future<Committed<Long>> strict =
          pool.submit(() ->
              txns.run("main", "slow", ConflictPolicy.STRICT, increment(new AtomicInteger())));
      atPut.awaitArrival(Duration.ofSeconds(30));
      otherInstance.run("main", "fast", ConflictPolicy.REDO, increment(new AtomicInteger()));
      atPut.release();
      assertThatThrownBy(() -> strict.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ReadSetChangedException.class)
          .cause()
          .hasMessageContaining("[counter]")
          .hasMessageContaining("nothing was committed");
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(log.tip("main")).isEqualTo(2);
    assertThat(log.head("main").orElseThrow().actor()).isEqualTo("fast");
  }

  @Test
  void aSchemaChangeMeanwhileForcesAnotherPreparation() throws Exception {
    AtomicInteger slowPrepares = new AtomicInteger();
    WriteIntent<String> slow =
        base -> {
          slowPrepares.incrementAndGet();
          return writes("people").prepare(base);
        };
    WriteIntent<String> migrate =
        base ->
            new Prepared<>(
                Set.of(),
                Map.of(),
                Set.of(),
                Optional.of("sha256:s1"),
                OperationKind.LOGICAL,
                Map.of(),
                "migrated");
    Committed<String> c =
        pausedWhile(
                slow,
                ConflictPolicy.REDO,
                () -> otherInstance.run("main", "admin", ConflictPolicy.REDO, migrate))
            .get();
    assertThat(c.prepares()).isEqualTo(2);
    assertThat(slowPrepares.get()).isEqualTo(2);
    CommitRecord head = log.head("main").orElseThrow();
    assertThat(head.schemaHash()).isEqualTo("sha256:s1");
    assertThat(head.tables()).containsKey("people");
  }

  @Test
  void aWriterThatLosesEveryTimeGivesUpWithATypedConflict() {
    // Each preparation lets a rival commit to the same table first, so every put loses.
    WriteIntent<Long> unlucky =
        base -> {
          long next = counter(base) + 1;
          long rivalSeq = base.seq() + 1;
          log.append(
              new CommitRecord(
                  "main",
                  rivalSeq,
                  String.format("01J%023d", 1_000_000 + rivalSeq),
                  List.of(base.ref()),
                  base.schemaHash(),
                  new TreeMap<>(Map.of("counter", version(next))),
                  "rival",
                  OperationKind.LOGICAL,
                  CLOCK.instant(),
                  new TreeMap<>()));
          return new Prepared<>(
              Set.of("counter"),
              Map.of("counter", version(next)),
              Set.of(),
              Optional.empty(),
              OperationKind.LOGICAL,
              Map.of(),
              next);
        };
    assertThatThrownBy(() -> txns.run("main", "unlucky", ConflictPolicy.REDO, unlucky))
        .isInstanceOfSatisfying(
            ReadSetChangedException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("prepared " + WriteTransactions.MAX_PREPARES + " times");
              assertThat(e.tables()).containsExactly("counter");
              assertThat(e.winners()).hasSize(WriteTransactions.MAX_PREPARES);
            });
    assertThat(log.head("main").orElseThrow().actor()).isEqualTo("rival");
  }

  @Test
  void aWriterOfTheSameInstanceWaitsItsTurnAndThenCommitsOnTopInsteadOfRacing() throws Exception {
    AtomicInteger firstPrepares = new AtomicInteger();
    AtomicInteger secondPrepares = new AtomicInteger();
    ExecutorService second = Executors.newSingleThreadExecutor();
    try (Rendezvous atPut = new Rendezvous("first-at-put");
        Rendezvous atTurn = new Rendezvous("second-at-turn");
        Armed put = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1));
        Armed turn =
            // Hit 1 is the first writer taking its turn; hit 2 is the second, about to queue.
            Failpoints.arm(
                Failpoint.TXN_BEFORE_TABLE_TURN, Action.pause(atTurn).after(1).times(1))) {
      Future<Committed<Long>> first =
          pool.submit(
              () -> txns.run("main", "first", ConflictPolicy.REDO, increment(firstPrepares)));
      atPut.awaitArrival(Duration.ofSeconds(30));
      // The first writer holds the counter's turn at its put; the second, prepared on the same
      // base, finds the table busy and queues instead of putting a candidate that would win.
      Future<Committed<Long>> queued =
          second.submit(
              () -> txns.run("main", "second", ConflictPolicy.REDO, increment(secondPrepares)));
      atTurn.awaitArrival(Duration.ofSeconds(30));
      assertThat(log.tip("main")).isEqualTo(1);
      atTurn.release();
      atPut.release();

      Committed<Long> a = first.get(30, TimeUnit.SECONDS);
      Committed<Long> b = queued.get(30, TimeUnit.SECONDS);
      assertThat(put.fired()).isEqualTo(1);
      assertThat(turn.fired()).isEqualTo(1);
      // First come, first committed; the second redoes once, in its turn, and loses no update.
      assertThat(a.record().orElseThrow().seq()).isEqualTo(2);
      assertThat(a.prepares()).isEqualTo(1);
      assertThat(b.record().orElseThrow().seq()).isEqualTo(3);
      assertThat(b.prepares()).isEqualTo(2);
      assertThat(secondPrepares.get()).isEqualTo(2);
      assertThat(counter(log.head("main").orElseThrow())).isEqualTo(2);
    } finally {
      second.shutdownNow();
    }
  }

  @Test
  void manyWritersOfOneInstanceOnOneTableAllCommitWithAtMostOneRedoAndNoLostUpdate()
      throws Exception {
    List<Committed<Long>> all = manyWritersOnTheCounter(Set.of());
    assertThat(all).allSatisfy(c -> assertThat(c.prepares()).isLessThanOrEqualTo(2));
  }

  @Test
  void manyWritersThatNameTheirTableUpFrontEachPrepareExactlyOnce() throws Exception {
    // Each takes its turn before preparing, on the state the writer before it committed.
    List<Committed<Long>> all = manyWritersOnTheCounter(Set.of("counter"));
    assertThat(all).allSatisfy(c -> assertThat(c.prepares()).isEqualTo(1));
    assertThat(all).allSatisfy(c -> assertThat(c.reputs()).isZero());
  }

  /**
   * Eight writers of one instance, fifty increments each, all on the counter table: none gives up
   * and no increment is lost. Returns every write's outcome.
   */
  private List<Committed<Long>> manyWritersOnTheCounter(Set<String> expected) throws Exception {
    int writers = 8;
    int writesEach = 50;
    long total = (long) writers * writesEach;
    ExecutorService many = Executors.newFixedThreadPool(writers);
    List<Future<List<Committed<Long>>>> results = new java.util.ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        results.add(
            many.submit(() -> {
              List<Committed<Long>> mine = new java.util.ArrayList<>();
              for (int i = 0; i < writesEach; i++) {
                mine.add(
                    txns.run(
                        log.head("main").orElseThrow(),
                        "writer",
                        ConflictPolicy.REDO,
                        expected,
                        increment(new AtomicInteger())));
              }
              return mine;
            }));
      }
      List<Committed<Long>> all = new java.util.ArrayList<>();
      for (Future<List<Committed<Long>>> f : results) {
        // A writer that gave up would surface here as a ReadSetChangedException.
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize((int) total);
      assertThat(all)
          .extracting(Committed::result)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(counter(log.head("main").orElseThrow())).isEqualTo(total);
      assertThat(log.tip("main")).isEqualTo(1 + total);
      return all;
    } finally {
      many.shutdownNow();
    }
  }
}
