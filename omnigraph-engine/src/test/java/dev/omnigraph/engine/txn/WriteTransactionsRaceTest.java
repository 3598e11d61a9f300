package dev.omnigraph.engine.txn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.store.MemoryObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writers racing one slot, round after round (commit protocol §7.4.13 at the write path): every
 * writer is held at its record put until all of them are there, then all are let go together, so
 * each round is {@value #WRITERS} writers putting the same seq on the same base. Exactly one wins
 * each seq, every acknowledged write is in the log exactly once, no record is unacknowledged, and
 * read-modify-write counters equal the number of acknowledged writes (no lost update).
 *
 * <p>The log is on a {@link MemoryObjectStore}: what is under test is the write path's handling of
 * lost puts, 1,000 rounds of it in about a second; the store's own put-if-absent is raced per
 * backend (memory, local disk across JVMs, S3) by {@code ObjectStoreContractTest}.
 */
class WriteTransactionsRaceTest {
  private static final int WRITERS = 8;
  private static final int ROUNDS = 1_000;
  private static final String COUNTER = "counter";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final CommitLog log = new CommitLog(new MemoryObjectStore());
  // One engine instance per writer, as separate processes would be: writers of one instance take
  // turns on a table and would never all hold a candidate for the same slot.
  private final List<WriteTransactions> instances =
      java.util.stream.IntStream.range(0, WRITERS)
          .mapToObj(w -> new WriteTransactions(log, Clock.systemUTC()))
          .toList();

  /** What every writer reads and writes. */
  enum Footprint {
    /** All increment one counter table: a lost put means the base changed, so prepare again. */
    SHARED_TABLE,
    /** Each increments its own table: a lost put is put again as prepared. */
    OWN_TABLE
  }

  /** One acknowledged write. */
  record Ack(int writer, CommitRecord record, int prepares, int reputs) {}

  private static String table(Footprint footprint, int writer) {
    return footprint == Footprint.SHARED_TABLE ? COUNTER : "own-" + writer;
  }

  private static TableVersion version(String table, long n) {
    return new TableVersion("tables/" + table, Long.toString(n));
  }

  /** Reads the writer's table at the base and writes it plus one. */
  private static WriteIntent<Long> increment(String table) {
    return base -> {
      long next = base.tables().get(table).lanceVersion() + 1;
      return new Prepared<>(
          Set.of(table),
          Map.of(table, version(table, next)),
          Set.of(),
          Optional.empty(),
          OperationKind.LOGICAL,
          Map.of(),
          next);
    };
  }

  @ParameterizedTest
  @EnumSource(Footprint.class)
  void everyRoundAllWritersRaceOneSlotAndExactlyOneWins(Footprint footprint) throws Exception {
    TreeMap<String, TableVersion> initial = new TreeMap<>();
    for (int w = 0; w < WRITERS; w++) {
      initial.put(table(footprint, w), version(table(footprint, w), 0));
    }
    CommitRecord first =
        new CommitRecord(
            "main",
            1,
            "01J00000000000000000000000",
            List.of(),
            "sha256:s0",
            initial,
            "init",
            OperationKind.LOGICAL,
            Instant.now(),
            new TreeMap<>());
    assertThat(log.append(first)).isEqualTo(CommitLog.Append.WON);

    Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger lastWriteConflicts = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    long began = System.nanoTime();
    try {
      try (Rendezvous slot = new Rendezvous("slot");
          Armed atPut = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(slot))) {
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          WriteIntent<Long> intent = increment(table(footprint, w));
          writers.add(
              pool.submit(() -> {
                while (!stop.get()) {
                  try {
                    Committed<Long> c =
                        instances
                            .get(writer)
                            .run("main", "writer-" + writer, ConflictPolicy.REDO, intent);
                    acks.add(new Ack(writer, c.record().orElseThrow(), c.prepares(), c.reputs()));
                  } catch (ReadSetChangedException e) {
                    // Stop is set only while every writer is parked: after it, a conflict ends
                    // a writer's last write.
                    (stop.get() ? lastWriteConflicts : conflicts).incrementAndGet();
                  }
                }
                return null;
              }));
        }
        for (int round = 1; round <= ROUNDS; round++) {
          // Nothing commits while all are parked, so all hold a candidate for the same seq.
          slot.awaitArrivals(WRITERS, WAIT);
          assertThat(log.tip("main")).as("round %d", round).isEqualTo(round);
          assertThat(slot.release()).as("round %d", round).isEqualTo(WRITERS);
        }
        slot.awaitArrivals(WRITERS, WAIT);
        assertThat(log.tip("main")).isEqualTo(1 + ROUNDS);
        assertThat(atPut.hits()).isGreaterThanOrEqualTo((long) WRITERS * ROUNDS);
        stop.set(true);
        // Closing disarms the failpoint and lets the parked writers finish their last write.
      }
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - began) / 1e9;

    List<Ack> acked = List.copyOf(acks);
    long tip = log.tip("main");
    System.out.printf(
        "WriteTransactionsRaceTest %s: %d writers x %d rounds in %.2f s: %d acknowledged, %d"
            + " conflicts, %d preparations, %d re-puts%n",
        footprint,
        WRITERS,
        ROUNDS,
        seconds,
        acked.size(),
        conflicts.get() + lastWriteConflicts.get(),
        acked.stream().mapToInt(Ack::prepares).sum(),
        acked.stream().mapToInt(Ack::reputs).sum());

    // One commit per round, then each writer's last write, unpaused: committed or given up.
    assertThat(acked).hasSize(ROUNDS + WRITERS - lastWriteConflicts.get());
    assertThat(tip).isEqualTo(1L + acked.size());
    Map<Long, Ack> bySeq = new HashMap<>();
    for (Ack a : acked) {
      assertThat(bySeq.put(a.record().seq(), a))
          .as("seq %d acked twice", a.record().seq())
          .isNull();
    }
    CommitRecord previous = first;
    Map<Integer, Long> writesBy = new HashMap<>();
    for (long seq = 2; seq <= tip; seq++) {
      CommitRecord r = log.read("main", seq).orElseThrow();
      Ack a = bySeq.get(seq);
      assertThat(a).as("record %d was acknowledged to no writer", seq).isNotNull();
      assertThat(r).isEqualTo(a.record());
      assertThat(r.parents()).containsExactly(previous.ref());
      long n = writesBy.merge(a.writer(), 1L, Long::sum);
      // The write's own increment, on exactly the state before it: no update lost or applied twice.
      long expected = footprint == Footprint.SHARED_TABLE ? seq - 1 : n;
      assertThat(r.tables().get(table(footprint, a.writer())).lanceVersion())
          .as("record %d", seq)
          .isEqualTo(expected);
      previous = r;
    }
    if (footprint == Footprint.OWN_TABLE) {
      // Disjoint writers never prepare twice and never give up: a lost put is put again.
      assertThat(conflicts.get() + lastWriteConflicts.get()).isZero();
      assertThat(acked).allSatisfy(a -> assertThat(a.prepares()).isEqualTo(1));
      for (int w = 0; w < WRITERS; w++) {
        assertThat(previous.tables().get(table(footprint, w)).lanceVersion())
            .isEqualTo(writesBy.getOrDefault(w, 0L));
      }
    } else {
      assertThat(acked).allSatisfy(a -> assertThat(a.reputs()).isZero());
      assertThat(previous.tables().get(COUNTER).lanceVersion()).isEqualTo(acked.size());
    }
  }
}
