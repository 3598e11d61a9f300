package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static dev.omnigraph.engine.write.WriteOptions.defaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.store.MemoryObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.engine.store.RecordingObjectStore;
import dev.omnigraph.engine.store.RecordingObjectStore.Kind;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaShape;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost gates of the write path (commit protocol §7.5), counted at the object store and the table
 * chokepoint, never timed: a one-row append puts exactly one record, finds the tip in at most two
 * log calls, reads no schema once it is cached, opens each touched table once, and costs exactly
 * the same at history depths 10, 100 and 1,000.
 */
class OmnigraphCostTest {
  private static final String LOG = "log/" + BranchName.encode(BranchName.MAIN) + "/";
  private static final String TIP_HINT = LOG + "tip";
  private static final List<Integer> DEPTHS = List.of(10, 100, 1_000);

  @TempDir Path dir;

  /**
   * The object-store calls and table opens of one write, by what they are for. {@code otherCalls}
   * are calls on keys of no family below: a write should make none.
   */
  record WriteCost(
      long recordPuts,
      long hintPuts,
      long commitIndexPuts,
      long tipDiscovery,
      long recordReads,
      long schemaReads,
      long lists,
      long otherCalls,
      long tableOpens) {
    static WriteCost of(RecordingObjectStore store, long tableOpens) {
      long recordPuts = store.count(Kind.PUT_IF_ABSENT, OmnigraphCostTest::isRecord);
      long hintPuts = store.count(Kind.PUT, TIP_HINT::equals);
      long indexPuts = store.count(Kind.PUT, k -> k.startsWith("commits/"));
      // Finding the newest seq: the hint read and every existence probe of a record.
      long tipDiscovery =
          store.count(Kind.READ, TIP_HINT::equals) + store.count(Kind.EXISTS, k -> isRecord(k));
      long recordReads = store.count(Kind.READ, OmnigraphCostTest::isRecord);
      long schemaReads = store.count(Kind.READ, k -> k.startsWith("schemas/"));
      long lists = store.count(Kind.LIST, k -> true);
      long other =
          store.calls().size()
              - recordPuts
              - hintPuts
              - indexPuts
              - tipDiscovery
              - recordReads
              - schemaReads
              - lists;
      return new WriteCost(
          recordPuts,
          hintPuts,
          indexPuts,
          tipDiscovery,
          recordReads,
          schemaReads,
          lists,
          other,
          tableOpens);
    }
  }

  private static boolean isRecord(String key) {
    return key.startsWith(LOG) && key.endsWith(".json");
  }

  /** What the three kinds of write cost at one history depth. */
  record DepthCosts(WriteCost firstAfterOpen, WriteCost steady, WriteCost twoTables) {}

  @Test
  void aOneRowAppendCostsOneRecordPutAndTheSameAtEveryHistoryDepth() throws IOException {
    Map<Integer, DepthCosts> costs = new TreeMap<>();
    for (int depth : DEPTHS) {
      costs.put(depth, measureAt(depth));
    }
    costs.forEach((depth, c) ->
        System.out.printf(
            "OmnigraphCostTest depth %4d: first write after open %s%n"
                + "OmnigraphCostTest depth %4d: steady one-row write  %s%n"
                + "OmnigraphCostTest depth %4d: steady two-table write %s%n",
            depth, c.firstAfterOpen(), depth, c.steady(), depth, c.twoTables()));

    for (DepthCosts c : costs.values()) {
      for (WriteCost w : List.of(c.firstAfterOpen(), c.steady(), c.twoTables())) {
        assertThat(w.recordPuts()).as("record puts of %s", w).isEqualTo(1);
        assertThat(w.tipDiscovery()).as("tip discovery of %s", w).isLessThanOrEqualTo(2);
        assertThat(w.lists()).as("lists of %s", w).isZero();
        assertThat(w.otherCalls()).as("unclassified calls of %s", w).isZero();
      }
      // The first write of a freshly opened instance reads the schema once; after that, never.
      assertThat(c.firstAfterOpen().schemaReads()).isEqualTo(1);
      assertThat(c.steady().schemaReads()).isZero();
      assertThat(c.twoTables().schemaReads()).isZero();
      // A write opens each table it touches exactly once (it must open it to append to it).
      assertThat(c.firstAfterOpen().tableOpens()).isEqualTo(1);
      assertThat(c.steady().tableOpens()).isEqualTo(1);
      assertThat(c.twoTables().tableOpens()).isEqualTo(2);
    }
    // Flat in history depth: not one call more at 1,000 records than at 10.
    assertThat(costs.values()).containsOnly(costs.get(DEPTHS.getFirst()));
  }

  @Test
  void aKeyedUpdateReadsAndRewritesItsTableOnOneOpenAtEveryHistoryDepth() throws IOException {
    String setAge =
        "query set_age($name: String, $age: I32) {"
            + " update Person set { age: $age } where name = $name }";
    Map<Integer, WriteCost> costs = new TreeMap<>();
    for (int depth : DEPTHS) {
      Path root = dir.resolve("update-" + depth);
      String source = OmnigraphWriteTest.testPg();
      SchemaShape shape = SchemaCompiler.shape(SourceText.of("<schema>", source));
      MemoryObjectStore objects = new MemoryObjectStore();
      try (Omnigraph graph = Omnigraph.init(objects, root.toString(), Map.of(), shape, source)) {
        graph.append(
            "main", Map.of("Person", List.of(person("p0", "Ann", 30), person("p1", "Bob", 40))));
      }
      extendHistory(objects, depth);
      RecordingObjectStore store = new RecordingObjectStore(objects);
      try (Omnigraph graph = Omnigraph.open(store, root.toString(), Map.of())) {
        // The first mutation of an instance reads the schema; the gate is the steady state.
        graph.mutate("main", setAge, "set_age", Map.of("name", "Ann", "age", 31), defaults());
        WriteCost steady =
            measure(
                store,
                graph,
                () ->
                    graph.mutate(
                        "main", setAge, "set_age", Map.of("name", "Bob", "age", 41), defaults()));
        assertThat(
                graph
                    .query(
                        "main",
                        "query q() { match { $p: Person { name: \"Bob\" } $p.age = 41 }"
                            + " return { $p.name } }",
                        "q",
                        null)
                    .rowCount())
            .isEqualTo(1);
        assertThat(graph.snapshot("main").table(EntityKind.NODE, "Person").orElseThrow().rowCount())
            .isEqualTo(2);
        costs.put(depth, steady);
        // A node delete reads Person and both edge types (for the cascade) and rewrites Person:
        // each table opened once.
        WriteCost delete =
            measure(
                store,
                graph,
                () ->
                    graph.mutate(
                        "main",
                        "query del($name: String) { delete Person where name = $name }",
                        "del",
                        Map.of("name", "Ann"),
                        defaults()));
        assertThat(delete.tableOpens()).as("table opens of a node delete %s", delete).isEqualTo(3);
        assertThat(delete.recordPuts()).isEqualTo(1);
        assertThat(graph.snapshot("main").table(EntityKind.NODE, "Person").orElseThrow().rowCount())
            .isEqualTo(1);
      }
    }
    costs.forEach((depth, c) ->
        System.out.printf("OmnigraphCostTest depth %4d: steady keyed update %s%n", depth, c));
    for (WriteCost c : costs.values()) {
      // It must read Person to find the row and write Person to change it: one open serves both.
      assertThat(c.tableOpens()).as("table opens of %s", c).isEqualTo(1);
      assertThat(c.recordPuts()).as("record puts of %s", c).isEqualTo(1);
      assertThat(c.tipDiscovery()).as("tip discovery of %s", c).isLessThanOrEqualTo(2);
      assertThat(c.schemaReads()).as("schema reads of %s", c).isZero();
      assertThat(c.lists()).as("lists of %s", c).isZero();
      assertThat(c.otherCalls()).as("unclassified calls of %s", c).isZero();
    }
    assertThat(costs.values()).containsOnly(costs.get(DEPTHS.getFirst()));
  }

  private DepthCosts measureAt(int depth) throws IOException {
    Path root = dir.resolve("depth-" + depth);
    String source = OmnigraphWriteTest.testPg();
    SchemaShape shape = SchemaCompiler.shape(SourceText.of("<schema>", source));
    // The log and schemas in memory, the tables on disk: the gates count calls, which do not
    // depend on the backend, and a 1,000-record history is built in milliseconds.
    MemoryObjectStore objects = new MemoryObjectStore();
    try (Omnigraph graph = Omnigraph.init(objects, root.toString(), Map.of(), shape, source)) {
      graph.append("main", Map.of("Person", List.of(person("p0", "Ann", 30))));
    }
    extendHistory(objects, depth);

    RecordingObjectStore store = new RecordingObjectStore(objects);
    try (Omnigraph graph = Omnigraph.open(store, root.toString(), Map.of())) {
      WriteCost first =
          measure(
              store,
              graph,
              () -> graph.append("main", Map.of("Person", List.of(person("p1", "Bob", 40)))));
      WriteCost steady =
          measure(
              store,
              graph,
              () -> graph.append("main", Map.of("Person", List.of(person("p2", "Cy", 50)))));
      WriteCost twoTables =
          measure(
              store,
              graph,
              () ->
                  graph.append(
                      "main",
                      Map.of(
                          "Person",
                          List.of(person("p3", "Di", 60)),
                          "Knows",
                          List.of(knows("k1", "p0", "p3", null)))));

      // The measured writes did what they should: the gates count real work.
      Snapshot s = graph.snapshot("main");
      assertThat(s.seq()).isEqualTo(depth + 3L);
      assertThat(s.table(EntityKind.NODE, "Person").orElseThrow().rowCount()).isEqualTo(4);
      assertThat(s.table(EntityKind.EDGE, "Knows").orElseThrow().rowCount()).isEqualTo(1);
      return new DepthCosts(first, steady, twoTables);
    }
  }

  private static WriteCost measure(RecordingObjectStore store, Omnigraph graph, Supplier<?> write) {
    store.reset();
    long opensBefore = graph.tableOpens();
    assertThat(write.get()).isNotNull();
    return WriteCost.of(store, graph.tableOpens() - opensBefore);
  }

  /**
   * Commits no-op records (same tables at the same versions, no changes) until the tip of {@code
   * main} is {@code depth}. Each is a valid, complete graph state, so the log is as deep as a real
   * history of that length while no table gets a version per record: building 1,000 takes a few
   * milliseconds, not 1,000 Lance commits.
   */
  private static void extendHistory(ObjectStore objects, int depth) {
    CommitLog log = new CommitLog(objects);
    CommitRecord previous = log.head("main").orElseThrow();
    for (long seq = previous.seq() + 1; seq <= depth; seq++) {
      CommitRecord next =
          new CommitRecord(
              "main",
              seq,
              UlidCreator.getMonotonicUlid().toString(),
              List.of(previous.ref()),
              previous.schemaHash(),
              previous.tables(),
              "history",
              OperationKind.MAINTENANCE,
              Instant.now(),
              new TreeMap<>());
      assertThat(log.append(next)).isEqualTo(CommitLog.Append.WON);
      previous = next;
    }
    assertThat(log.tip("main")).isEqualTo(depth);
  }
}
