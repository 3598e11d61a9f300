package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.engine.write.LoadMode;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.LoadResult;
import dev.omnigraph.engine.write.WriteOptions;
import dev.omnigraph.lang.schema.SchemaPlan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The race upstream's schema apply lost (its "schema apply flake", commit-protocol.md §3), in its
 * real shape and made deterministic with rendezvous: a graph with data, a second engine instance
 * that loads rows and builds indexes, a hard-drop apply, and a fresh open right after, with either
 * side held at each durable boundary while the other runs. Then the stress shape (applies each
 * followed by a fresh open while sibling handles read, write and reopen), and a query that started
 * before a migration finishing on the state it started on.
 */
class OmnigraphSchemaMigrationRaceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NAMES =
      "query q() { match { $p: Person } return { $p.name } order { $p.name } }";
  private static final String PEOPLE =
      "query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name } }";

  @TempDir Path root;
  private Omnigraph graph;
  private Tables tables;
  private String original;
  private String dropAge;
  private CommitRecord before;
  private ExecutorService pool;

  @BeforeEach
  void seed() throws IOException {
    original = OmnigraphWriteTest.testPg();
    dropAge = original.replace("    age: I32?\n", "");
    graph = Omnigraph.init(root, original);
    graph.append(
        "main",
        Map.of(
            "Person",
            List.of(person("Ann", "Ann", 30), person("Bob", "Bob", null)),
            "Knows",
            List.of(knows("k1", "Ann", "Bob", LocalDate.of(2020, 1, 2)))));
    before = graph.commits("main", 1).getFirst();
    tables = new Tables(root.toAbsolutePath().toString(), Map.of());
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    tables.close();
    graph.close();
  }

  /** Where the apply is held, and whether its record is durable there. */
  static Stream<Arguments> applyBoundaries() {
    return Stream.of(
        // Person's copy is written and its table created; no version names the rows yet.
        Arguments.of(Failpoint.TABLE_BEFORE_DETACHED_COMMIT, 0, false),
        // The new schema is stored; no record names it.
        Arguments.of(Failpoint.STORE_AFTER_PUT_IF_ABSENT, 0, false),
        Arguments.of(Failpoint.LOG_BEFORE_RECORD_PUT, 0, false),
        // The record is in storage; its put has not returned.
        Arguments.of(Failpoint.STORE_AFTER_PUT_IF_ABSENT, 1, true),
        Arguments.of(Failpoint.LOG_AFTER_RECORD_PUT, 0, true),
        Arguments.of(Failpoint.LOG_BEFORE_HINT_PUT, 0, true));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @MethodSource("applyBoundaries")
  void anApplyHeldAtABoundaryWhileAnotherInstanceLoadsAndIndexesEndsExact(
      Failpoint fp, int skip, boolean durable) throws Exception {
    Committed<SchemaPlan> applied;
    try (Rendezvous held = new Rendezvous("apply");
        Armed armed = Failpoints.arm(fp, Action.pause(held).after(skip).times(1))) {
      Future<Committed<SchemaPlan>> apply = pool.submit(() -> graph.applySchema(dropAge, true));
      held.awaitArrival(WAIT);

      // A fresh instance sees exactly one of the two states, and no error.
      assertFreshOpenSeesOnePair(durable ? dropAge : original, List.of("Ann", "Bob"));
      try (Omnigraph other = Omnigraph.open(root)) {
        loadDee(other);
        assertThat(other.optimize("main").record()).isPresent();
      }
      assertFreshOpenSeesOnePair(durable ? dropAge : original, List.of("Ann", "Bob", "Dee"));

      held.release();
      applied = apply.get(30, TimeUnit.SECONDS);
      assertThat(armed.fired()).isEqualTo(1);
    }

    // Held before its record, the apply lost to the load and the optimize and was made again on
    // their state; held after it, they were made on the new schema.
    assertThat(applied.prepares()).isEqualTo(durable ? 1 : 2);
    assertThat(applied.record().orElseThrow().seq()).isEqualTo(before.seq() + (durable ? 1 : 3));
    Snapshot last = assertFreshOpenSeesOnePair(dropAge, List.of("Ann", "Bob", "Dee"));
    assertThat(last.seq()).isEqualTo(before.seq() + 3);
    // The optimize indexed the Person table of the schema it committed on.
    assertThat(tables.indexes(last.table(EntityKind.NODE, "Person").orElseThrow().tableVersion()))
        .as("indexes of the final Person table")
        .hasSize(durable ? 2 : 0);
  }

  /** The second instance's write that is held, in the order it runs them. */
  enum Held {
    APPEND,
    MUTATION,
    LOAD,
    OPTIMIZE
  }

  static Stream<Arguments> otherBoundaries() {
    return Stream.of(
        Arguments.of(Held.APPEND, Failpoint.TABLE_BEFORE_DETACHED_COMMIT),
        Arguments.of(Held.APPEND, Failpoint.LOG_BEFORE_RECORD_PUT),
        Arguments.of(Held.MUTATION, Failpoint.LOG_BEFORE_RECORD_PUT),
        Arguments.of(Held.LOAD, Failpoint.LOG_BEFORE_RECORD_PUT),
        Arguments.of(Held.OPTIMIZE, Failpoint.OPTIMIZE_BETWEEN_INDEX_BUILDS),
        Arguments.of(Held.OPTIMIZE, Failpoint.LOG_BEFORE_RECORD_PUT));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("otherBoundaries")
  void anotherInstanceHeldAtABoundaryWhileAHardDropCommitsEndsExact(Held held, Failpoint fp)
      throws Exception {
    try (Omnigraph other = Omnigraph.open(root)) {
      if (held == Held.OPTIMIZE) {
        loadDee(other);
      }
      List<String> committedRows =
          held == Held.OPTIMIZE ? List.of("Ann", "Bob", "Dee") : List.of("Ann", "Bob");
      Future<Integer> work;
      try (Rendezvous at = new Rendezvous("other");
          Armed armed = Failpoints.arm(fp, Action.pause(at).times(1))) {
        work =
            pool.submit(() ->
                switch (held) {
                  case APPEND ->
                      other
                          .append(
                              "main", Map.of("Person", List.of(Map.of("id", "Dee", "name", "Dee"))))
                          .prepares();
                  case MUTATION -> {
                    insertDee(other);
                    yield 1;
                  }
                  case LOAD -> {
                    loadDee(other);
                    yield 1;
                  }
                  case OPTIMIZE -> other.optimize("main").prepares();
                });
        at.awaitArrival(WAIT);

        Committed<SchemaPlan> applied = graph.applySchema(dropAge, true);
        assertThat(applied.prepares()).isEqualTo(1);
        assertFreshOpenSeesOnePair(dropAge, committedRows);

        at.release();
        if (held == Held.LOAD || held == Held.MUTATION) {
          // A load's rows were read, and a mutation compiled, against the schema it started on:
          // it refuses, writing nothing, and says to run it again.
          assertThatThrownBy(() -> work.get(30, TimeUnit.SECONDS))
              .cause()
              .isInstanceOf(WriteConflictException.class)
              .hasMessageContaining(
                  held == Held.LOAD
                      ? "the graph's schema changed while the load was being read"
                      : "the schema of branch 'main' changed while the mutation ran");
          assertFreshOpenSeesOnePair(dropAge, committedRows);
          if (held == Held.LOAD) {
            loadDee(other);
          } else {
            insertDee(other);
          }
        } else {
          // It lost to the schema change and was made again on the new schema.
          assertThat(work.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(armed.fired()).isEqualTo(1);
      }
      if (held != Held.OPTIMIZE) {
        assertThat(other.optimize("main").record()).isPresent();
      }
    }
    Snapshot last = assertFreshOpenSeesOnePair(dropAge, List.of("Ann", "Bob", "Dee"));
    assertThat(last.seq()).isEqualTo(before.seq() + 3);
    assertThat(tables.indexes(last.table(EntityKind.NODE, "Person").orElseThrow().tableVersion()))
        .hasSize(2);
    assertThat(graph.planSchema("main", dropAge, true).isEmpty()).isTrue();
  }

  @Test
  void aQueryThatStartedBeforeAMigrationFinishesOnTheStateItStartedOn() throws Exception {
    String migrated =
        dropAge
            .replace("node Person {", "node Human @rename_from(\"Person\") {")
            .replace("Person -> Person", "Human -> Human")
            .replace("Person -> Company", "Human -> Company");
    try (Rendezvous reading = new Rendezvous("query");
        Armed armed =
            Failpoints.arm(Failpoint.QUERY_BEFORE_TABLE_READS, Action.pause(reading).times(1))) {
      Future<List<List<Object>>> query =
          pool.submit(() -> graph.query("main", PEOPLE, null, null).rows());
      reading.awaitArrival(WAIT);

      // Same handle: its caches must not hand the old query the new tables.
      assertThat(graph.applySchema(migrated, true).record()).isPresent();
      try (Omnigraph fresh = Omnigraph.open(root)) {
        assertThat(fresh.snapshot("main").schema().source()).isEqualTo(migrated);
      }

      reading.release();
      assertThat(query.get(30, TimeUnit.SECONDS))
          .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $p: Human } return { $p.name } order { $p.name } }",
                    null,
                    null)
                .rows())
        .containsExactly(List.of("Ann"), List.of("Bob"));
  }

  @Test
  void twoHundredAppliesEachFollowedByAFreshOpenFailNoneWhileSiblingsWork() throws Exception {
    String withExtra = original.replace("    age: I32?\n", "    age: I32?\n    extra: String?\n");
    int iterations = 200;
    // Each sibling does one unit of work per iteration, concurrently with that iteration's apply
    // and open: bounded work, every unit overlapping a migration.
    Semaphore writes = new Semaphore(0);
    Semaphore reads = new Semaphore(0);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger companies = new AtomicInteger();
    // A writer on a table no apply touches, prepared again whenever a schema change wins first,
    // on a handle it reopens every tenth write.
    AtomicReference<Omnigraph> writerHandle = new AtomicReference<>();
    Future<?> writer =
        pool.submit(() -> {
          try {
            sibling(
                writes,
                iterations,
                failures,
                i -> {
                  if (i % 10 == 0) {
                    Optional.ofNullable(writerHandle.getAndSet(Omnigraph.open(root)))
                        .ifPresent(Omnigraph::close);
                  }
                  String name = "c" + i;
                  writerHandle
                      .get()
                      .append("main", Map.of("Company", List.of(Map.of("id", name, "name", name))));
                  companies.incrementAndGet();
                });
          } finally {
            Optional.ofNullable(writerHandle.get()).ifPresent(Omnigraph::close);
          }
        });
    // A reader that reopens, read-write and read-only in turn, for every read; every fifth one
    // also checks each table's stored columns against the schema it sees.
    Future<?> reader =
        pool.submit(() ->
            sibling(
                reads,
                iterations,
                failures,
                i -> {
                  AccessMode mode = i % 2 == 0 ? AccessMode.READ_ONLY : AccessMode.READ_WRITE;
                  try (Omnigraph r = Omnigraph.open(root, mode)) {
                    if (i % 5 == 0) {
                      VisibleStates.assertSchemaMatchesTables(tables, r.snapshot("main"));
                    }
                    assertThat(r.query("main", NAMES, null, null).rows())
                        .containsExactly(List.of("Ann"), List.of("Bob"));
                  }
                }));

    try {
      for (int i = 0; i < iterations && failures.isEmpty(); i++) {
        writes.release();
        reads.release();
        String desired = i % 2 == 0 ? withExtra : original;
        assertThat(graph.applySchema(desired, true).record()).as("apply %d", i).isPresent();
        try (Omnigraph fresh = Omnigraph.open(root)) {
          assertThat(fresh.snapshot("main").schema().source()).as("open %d", i).isEqualTo(desired);
          assertThat(fresh.query("main", NAMES, null, null).rows())
              .containsExactly(List.of("Ann"), List.of("Bob"));
        }
      }
    } finally {
      writes.release(iterations);
      reads.release(iterations);
      writer.get(60, TimeUnit.SECONDS);
      reader.get(60, TimeUnit.SECONDS);
    }
    assertThat(failures).isEmpty();
    assertThat(companies.get()).isEqualTo(iterations);
    Snapshot last = graph.snapshot("main");
    assertThat(last.schema().source()).isEqualTo(original);
    assertThat(last.seq()).isEqualTo(before.seq() + 2L * iterations);
    assertThat(last.table(EntityKind.NODE, "Company").orElseThrow().rowCount())
        .isEqualTo(iterations);
    VisibleStates.assertSchemaMatchesTables(tables, last);
  }

  /** One unit of a sibling's work, given its index. */
  private interface Unit {
    void run(int index) throws Exception;
  }

  private static void sibling(Semaphore permits, int units, List<Throwable> failures, Unit unit) {
    for (int i = 0; i < units; i++) {
      try {
        permits.acquire();
        if (!failures.isEmpty()) {
          return;
        }
        unit.run(i);
      } catch (Throwable t) {
        failures.add(t);
        return;
      }
    }
  }

  private static void insertDee(Omnigraph other) {
    other.mutate(
        "main",
        "query i() { insert Person { name: \"Dee\" } }",
        null,
        Map.of(),
        WriteOptions.defaults());
  }

  private static LoadResult loadDee(Omnigraph other) {
    byte[] jsonl =
        "{\"type\": \"Person\", \"data\": {\"name\": \"Dee\"}}\n".getBytes(StandardCharsets.UTF_8);
    return other.load("main", new ByteArrayInputStream(jsonl), LoadOptions.of(LoadMode.APPEND));
  }

  // Opens the graph afresh, read-write and read-only, and checks both see `schema` with exactly
  // `names` as Person rows, as one consistent pair.
  private Snapshot assertFreshOpenSeesOnePair(String schema, List<String> names) {
    Snapshot seen = null;
    for (AccessMode mode : AccessMode.values()) {
      try (Omnigraph fresh = Omnigraph.open(root, mode)) {
        Snapshot s = fresh.snapshot("main");
        assertThat(s.schema().source()).as("schema seen by a %s open", mode).isEqualTo(schema);
        VisibleStates.assertSchemaMatchesTables(tables, s);
        assertThat(fresh.query("main", NAMES, null, null).column("p.name"))
            .containsExactlyElementsOf(names);
        seen = s;
      }
    }
    return seen;
  }
}
