package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.AcknowledgedAppends.Ack;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.Snapshot.TableState;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several engine instances on one local graph root, as separate processes would be (no shared
 * in-memory state), interleaved exactly with failpoint pauses (commit protocol §7.4): a handle
 * opened before other commits never builds on an old state, a writer that lost its put loses no
 * update, a reader sees exactly the state before a write until its record is put and exactly the
 * state after from then on, and instances racing one branch commit every acknowledged append once.
 */
class OmnigraphConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static Map<String, List<Map<String, Object>>> onePerson(String id) {
    return Map.of("Person", List.of(person(id, id, null)));
  }

  private static Map<String, Object> company(String id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", id);
    return row;
  }

  private static Set<Object> ids(Tables tables, Snapshot s, EntityKind kind, String type) {
    List<Object> ids =
        tables
            .scan(s.table(kind, type).orElseThrow().tableVersion(), List.of("id"), Optional.empty())
            .stream()
            .map(r -> r.get("id"))
            .toList();
    assertThat(ids).doesNotHaveDuplicates();
    return Set.copyOf(ids);
  }

  private Tables tables() {
    return new Tables(root.toAbsolutePath().toString(), Map.of());
  }

  // --- stale handles
  // ------------------------------------------------------------------------------

  @Test
  void aHandleOpenedBeforeManyCommitsOfAnotherWritesOnTheNewestState() throws IOException {
    try (Omnigraph a = Omnigraph.init(root, OmnigraphWriteTest.testPg());
        Omnigraph b = Omnigraph.open(root);
        Tables tables = tables()) {
      // B has read the graph (and cached its schema) before A moves it on.
      assertThat(b.snapshot("main").seq()).isEqualTo(1);
      CommitRecord last = null;
      for (int i = 0; i < 20; i++) {
        last = a.append("main", onePerson("a" + i)).record().orElseThrow();
      }
      Snapshot seen = b.snapshot("main");
      assertThat(seen.seq()).isEqualTo(21);
      assertThat(seen.commitId()).isEqualTo(last.commitId());
      assertThat(seen.table(EntityKind.NODE, "Person").orElseThrow().rowCount()).isEqualTo(20);

      Set<Object> expected = new TreeSet<>(ids(tables, seen, EntityKind.NODE, "Person"));
      // Alternating handles: each write starts from the other's newest commit, first time.
      for (int i = 0; i < 10; i++) {
        for (Omnigraph writer : List.of(b, a)) {
          String id = (writer == a ? "a" : "b") + "-late-" + i;
          Committed<Map<String, Long>> c = writer.append("main", onePerson(id));
          CommitRecord r = c.record().orElseThrow();
          assertThat(c.prepares()).as(id).isEqualTo(1);
          assertThat(c.reputs()).as(id).isZero();
          assertThat(r.seq()).isEqualTo(last.seq() + 1);
          assertThat(r.parents()).containsExactly(last.ref());
          last = r;
          expected.add(id);
        }
      }
      for (Omnigraph reader : List.of(a, b)) {
        Snapshot s = reader.snapshot("main");
        assertThat(s.seq()).isEqualTo(41);
        assertThat(s.commitId()).isEqualTo(last.commitId());
        assertThat(ids(tables, s, EntityKind.NODE, "Person")).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "B appends to {0}")
  @CsvSource({
    // A wrote the table B prepared on: B prepares again on A's state.
    "Person, 2, 0",
    // A wrote another table: B's prepared effect still holds and is put again as it is.
    "Company, 1, 1"
  })
  void aHandleThatLostItsPutToAnotherHandleLosesNoUpdate(String bType, int bPrepares, int bReputs)
      throws Exception {
    try (Omnigraph a = Omnigraph.init(root, OmnigraphWriteTest.testPg());
        Omnigraph b = Omnigraph.open(root);
        Tables tables = tables()) {
      a.append("main", onePerson("p0"));
      Map<String, List<Map<String, Object>>> bRows =
          bType.equals("Person") ? onePerson("b1") : Map.of("Company", List.of(company("b1")));
      CommitRecord aRecord;
      Committed<Map<String, Long>> bCommitted;
      try (Rendezvous atPut = new Rendezvous("b-put");
          Armed armed =
              Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
        Future<Committed<Map<String, Long>>> bWrite = pool.submit(() -> b.append("main", bRows));
        // B has prepared on seq 2 (its Lance append is done) and holds its put of seq 3.
        atPut.awaitArrival(WAIT);
        aRecord = a.append("main", onePerson("a1")).record().orElseThrow();
        assertThat(aRecord.seq()).isEqualTo(3);
        atPut.release();
        bCommitted = bWrite.get(30, TimeUnit.SECONDS);
        assertThat(armed.fired()).isEqualTo(1);
      }
      CommitRecord bRecord = bCommitted.record().orElseThrow();
      assertThat(bCommitted.prepares()).isEqualTo(bPrepares);
      assertThat(bCommitted.reputs()).isEqualTo(bReputs);
      assertThat(bRecord.seq()).isEqualTo(4);
      assertThat(bRecord.parents()).containsExactly(aRecord.ref());

      for (Omnigraph reader : List.of(a, b)) {
        Snapshot s = reader.snapshot("main");
        assertThat(s.commitId()).isEqualTo(bRecord.commitId());
        if (bType.equals("Person")) {
          assertThat(ids(tables, s, EntityKind.NODE, "Person")).containsOnly("p0", "a1", "b1");
          assertThat(s.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isZero();
        } else {
          assertThat(ids(tables, s, EntityKind.NODE, "Person")).containsOnly("p0", "a1");
          assertThat(ids(tables, s, EntityKind.NODE, "Company")).containsOnly("b1");
        }
      }
    }
  }

  // --- a reader during a write
  // --------------------------------------------------------------------

  /** The detached versions of a local table: one {@code _versions/d<id>.manifest} each. */
  private Set<String> detachedVersions(TableState table) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(table.path()).resolve("_versions"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("d") && n.endsWith(".manifest"))
          .map(n -> n.substring(1, n.length() - ".manifest".length()))
          .collect(Collectors.toSet());
    }
  }

  /** The one detached version of {@code table} that is not in {@code before}. */
  private String newDetachedVersion(TableState table, Set<String> before) throws IOException {
    Set<String> added = new TreeSet<>(detachedVersions(table));
    added.removeAll(before);
    assertThat(added).as("new detached versions of %s", table.typeName()).hasSize(1);
    return added.iterator().next();
  }

  @Test
  void aReaderSeesExactlyTheOldStateUntilTheRecordIsPutAndExactlyTheNewOneFromThen()
      throws Exception {
    try (Omnigraph writer = Omnigraph.init(root, OmnigraphWriteTest.testPg());
        Omnigraph reader = Omnigraph.open(root);
        Tables tables = tables()) {
      writer.append("main", onePerson("p1"));
      Snapshot before = reader.snapshot("main");
      TableState personBefore = before.table(EntityKind.NODE, "Person").orElseThrow();
      TableState knowsBefore = before.table(EntityKind.EDGE, "Knows").orElseThrow();
      Set<String> personVersions = detachedVersions(personBefore);
      Set<String> knowsVersions = detachedVersions(knowsBefore);

      try (Rendezvous beforePut = new Rendezvous("before-put");
          Rendezvous afterPut = new Rendezvous("after-put");
          Armed paused =
              Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(beforePut).times(1));
          Armed pausedAfter =
              Failpoints.arm(Failpoint.LOG_AFTER_RECORD_PUT, Action.pause(afterPut).times(1))) {
        Future<Committed<Map<String, Long>>> write =
            pool.submit(() ->
                writer.append(
                    "main",
                    Map.of(
                        "Person",
                        List.of(person("p2", "Bob", 40)),
                        "Knows",
                        List.of(knows("k1", "p1", "p2", null)))));
        beforePut.awaitArrival(WAIT);

        // The table effects are done: a new detached version of each table, readable by id...
        String person = newDetachedVersion(personBefore, personVersions);
        String knows = newDetachedVersion(knowsBefore, knowsVersions);
        assertThat(
                tables.countRows(new TableVersion(personBefore.path(), person), Optional.empty()))
            .isEqualTo(2);
        assertThat(tables.countRows(new TableVersion(knowsBefore.path(), knows), Optional.empty()))
            .isEqualTo(1);
        // ...yet no reader sees any of it: the old state, exactly (versions and row counts).
        try (Omnigraph fresh = Omnigraph.open(root)) {
          for (Omnigraph view : List.of(reader, writer, fresh)) {
            Snapshot s = view.snapshot("main");
            assertThat(s.seq()).isEqualTo(before.seq());
            assertThat(s.commitId()).isEqualTo(before.commitId());
            assertThat(s.tables()).isEqualTo(before.tables());
          }
        }
        beforePut.release();

        // The record is put, the writer not yet told: every reader sees exactly the new state.
        afterPut.awaitArrival(WAIT);
        Snapshot after = reader.snapshot("main");
        try (Omnigraph fresh = Omnigraph.open(root)) {
          Snapshot s = fresh.snapshot("main");
          assertThat(s.commitId()).isEqualTo(after.commitId());
          assertThat(s.tables()).isEqualTo(after.tables());
        }
        assertThat(after.seq()).isEqualTo(before.seq() + 1);
        for (TableState t : after.tables()) {
          TableState old = before.table(t.kind(), t.typeName()).orElseThrow();
          switch (t.typeName()) {
            case "Person" -> assertThat(t).isEqualTo(withVersion(old, person, 2));
            case "Knows" -> assertThat(t).isEqualTo(withVersion(old, knows, 1));
            default -> assertThat(t).isEqualTo(old);
          }
        }
        afterPut.release();

        CommitRecord committed = write.get(30, TimeUnit.SECONDS).record().orElseThrow();
        assertThat(committed.commitId()).isEqualTo(after.commitId());
        assertThat(paused.fired()).isEqualTo(1);
        assertThat(pausedAfter.fired()).isEqualTo(1);
      }
      assertThat(ids(tables, reader.snapshot("main"), EntityKind.NODE, "Person"))
          .containsOnly("p1", "p2");
    }
  }

  private static long tipSeq(Omnigraph graph) {
    return graph.commits("main", 1).getFirst().seq();
  }

  private static TableState withVersion(TableState t, String version, long rows) {
    return new TableState(t.kind(), t.typeName(), t.path(), version, rows);
  }

  // --- instances racing one branch
  // ----------------------------------------------------------------

  @Test
  void instancesRacingOneBranchRoundAfterRoundCommitEveryAcknowledgedAppendOnce() throws Exception {
    // Two writers share a table (a lost put is prepared again), two have one each (put again).
    List<String> types = List.of("Person", "Person", "Company", "Company");
    int writers = types.size();
    int rounds = 25;
    Omnigraph.init(root, OmnigraphWriteTest.testPg()).close();
    List<Omnigraph> instances = new ArrayList<>();
    Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    Queue<String> refused = new ConcurrentLinkedQueue<>();
    Queue<String> lastRefused = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        instances.add(Omnigraph.open(root));
      }
      try (Rendezvous slot = new Rendezvous("slot");
          Armed atPut = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(slot))) {
        for (int w = 0; w < writers; w++) {
          Omnigraph graph = instances.get(w);
          String type = types.get(w);
          String writer = "w" + w;
          running.add(
              pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                  String id = writer + "-" + i;
                  Map<String, Object> row =
                      type.equals("Person") ? person(id, id, null) : company(id);
                  try {
                    Committed<Map<String, Long>> c =
                        graph.append("main", Map.of(type, List.of(row)));
                    CommitRecord r = c.record().orElseThrow();
                    acks.add(
                        new Ack(writer, type, r.seq(), r.commitId(), id, c.prepares(), c.reputs()));
                  } catch (WriteConflictException e) {
                    // Stop is set only while every writer is parked: after it, a conflict ends
                    // a writer's last write.
                    (stop.get() ? lastRefused : refused).add(id);
                  }
                }
                return null;
              }));
        }
        for (int round = 1; round <= rounds; round++) {
          // Every instance holds a prepared write for the same seq; all are let go at once.
          slot.awaitArrivals(writers, WAIT);
          assertThat(tipSeq(instances.getFirst())).as("round %d", round).isEqualTo(round);
          assertThat(slot.release()).as("round %d", round).isEqualTo(writers);
        }
        slot.awaitArrivals(writers, WAIT);
        assertThat(tipSeq(instances.getFirst())).isEqualTo(1 + rounds);
        assertThat(atPut.hits()).isGreaterThanOrEqualTo((long) writers * rounds);
        stop.set(true);
        // Closing lets each instance finish its last write unpaused.
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      for (Omnigraph g : instances) {
        g.close();
      }
    }

    List<Ack> acked = List.copyOf(acks);
    // One commit per round, then each instance's last write, unpaused: committed or refused.
    assertThat(acked).hasSize(rounds + writers - lastRefused.size());
    System.out.printf(
        "OmnigraphConcurrencyTest: %d instances x %d rounds: %d acknowledged, %d conflicts, %d"
            + " preparations, %d re-puts%n",
        writers,
        rounds,
        acked.size(),
        refused.size() + lastRefused.size(),
        acked.stream().mapToInt(Ack::prepares).sum(),
        acked.stream().mapToInt(Ack::reputs).sum());
    try (Omnigraph graph = Omnigraph.open(root);
        Tables tables = tables()) {
      AcknowledgedAppends.assertGraphHoldsExactly(
          graph, tables, acked, List.of("Person", "Company"));
    }
  }
}
