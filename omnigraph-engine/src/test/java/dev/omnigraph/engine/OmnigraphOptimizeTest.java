package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.maintain.TableOptimized;
import dev.omnigraph.engine.table.TableIndex;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimize: one maintenance commit that compacts and indexes, content unchanged; and the shape of
 * the upstream flake (a maintenance write building two indexes on one table while another engine
 * instance writes that table) ending with both writes committed and the exact state.
 */
class OmnigraphOptimizeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;

  private Omnigraph seeded() throws IOException {
    Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg());
    for (int i = 0; i < 3; i++) {
      graph.append("main", Map.of("Person", List.of(person("p" + i, "N" + i, i))));
    }
    graph.append("main", Map.of("Company", List.of(Map.of("id", "c0", "name", "Acme"))));
    return graph;
  }

  private List<Object> personIds(Tables tables, Snapshot s) {
    List<Object> ids =
        tables
            .scan(
                s.table(EntityKind.NODE, "Person").orElseThrow().tableVersion(),
                List.of("id"),
                Optional.empty())
            .stream()
            .map(r -> r.get("id"))
            .toList();
    assertThat(ids).doesNotHaveDuplicates();
    return ids;
  }

  private List<TableIndex> personIndexes(Tables tables, Snapshot s) {
    return tables.indexes(s.table(EntityKind.NODE, "Person").orElseThrow().tableVersion());
  }

  @Test
  void optimizeCompactsAndIndexesInOneMaintenanceCommitAndThenHasNothingToDo() throws IOException {
    try (Omnigraph graph = seeded();
        Tables tables = new Tables(root.toString(), Map.of())) {
      Snapshot before = graph.snapshot("main");
      Committed<List<TableOptimized>> done = graph.optimize("main");

      CommitRecord record = done.record().orElseThrow();
      assertThat(record.operation()).isEqualTo(OperationKind.MAINTENANCE);
      assertThat(record.seq()).isEqualTo(before.seq() + 1);
      TableOptimized person =
          done.result().stream()
              .filter(t -> t.typeName().equals("Person"))
              .findFirst()
              .orElseThrow();
      assertThat(person.fragmentsRemoved()).isEqualTo(3);
      assertThat(person.fragmentsAdded()).isEqualTo(1);
      assertThat(person.indexesBuilt()).containsExactlyInAnyOrder("id_idx", "name_idx");
      assertThat(person.changed()).isTrue();
      TableOptimized knows =
          done.result().stream()
              .filter(t -> t.typeName().equals("Knows"))
              .findFirst()
              .orElseThrow();
      assertThat(knows.changed()).as("an empty edge table has nothing to do").isFalse();
      assertThat(knows.pendingIndexes()).containsExactlyInAnyOrder("id_idx", "src_idx", "dst_idx");

      Snapshot after = graph.snapshot("main");
      for (Snapshot.TableState t : before.tables()) {
        assertThat(after.table(t.kind(), t.typeName()).orElseThrow().rowCount())
            .as(t.typeName())
            .isEqualTo(t.rowCount());
      }
      assertThat(personIds(tables, after)).containsExactlyInAnyOrder("p0", "p1", "p2");
      assertThat(personIndexes(tables, after))
          .extracting(TableIndex::name)
          .containsExactlyInAnyOrder("id_idx", "name_idx");
      assertThat(personIndexes(tables, after)).allMatch(TableIndex::coversAllFragments);

      Committed<List<TableOptimized>> again = graph.optimize("main");
      assertThat(again.record()).isEmpty();
      assertThat(graph.snapshot("main").seq()).isEqualTo(after.seq());
    }
  }

  @Test
  void anAppendAfterOptimizeMakesTheIndexStaleAndTheNextOptimizeCoversItAgain() throws IOException {
    try (Omnigraph graph = seeded();
        Tables tables = new Tables(root.toString(), Map.of())) {
      graph.optimize("main");
      graph.append("main", Map.of("Person", List.of(person("p9", "Nine", 9))));
      assertThat(personIndexes(tables, graph.snapshot("main")))
          .noneMatch(TableIndex::coversAllFragments);
      graph.optimize("main");
      Snapshot s = graph.snapshot("main");
      assertThat(personIndexes(tables, s)).allMatch(TableIndex::coversAllFragments);
      assertThat(personIds(tables, s)).containsExactlyInAnyOrder("p0", "p1", "p2", "p9");
    }
  }

  /**
   * The upstream flake at engine level: instance A's maintenance write is paused between its two
   * index builds on Person; instance B opens read-write and writes Person (and Company), and
   * commits; A resumes. Both succeed: B first, then A redone on B's state, with every row of B
   * present and every declared index covering it.
   */
  @Test
  void maintenanceBuildingTwoIndexesWhileAnotherInstanceWritesTheSameTableBothSucceed()
      throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Omnigraph a = seeded();
        Tables tables = new Tables(root.toString(), Map.of());
        Rendezvous between = new Rendezvous("between-index-builds");
        Armed armed =
            Failpoints.arm(
                Failpoint.OPTIMIZE_BETWEEN_INDEX_BUILDS, Action.pause(between).times(1))) {
      long baseSeq = a.snapshot("main").seq();
      Future<Committed<List<TableOptimized>>> maintenance = pool.submit(() -> a.optimize("main"));
      between.awaitArrival(WAIT);

      try (Omnigraph b = Omnigraph.open(root)) {
        Committed<Map<String, Long>> write =
            b.append(
                "main",
                Map.of(
                    "Person",
                    List.of(person("b1", "Bee", 7)),
                    "Company",
                    List.of(Map.of("id", "c1", "name", "Beta"))));
        assertThat(write.record().orElseThrow().seq()).isEqualTo(baseSeq + 1);
      }
      between.release();
      Committed<List<TableOptimized>> optimized = maintenance.get();

      assertThat(armed.fired()).isEqualTo(1);
      assertThat(optimized.prepares()).as("redone on the writer's state").isEqualTo(2);
      assertThat(optimized.record().orElseThrow().seq()).isEqualTo(baseSeq + 2);
      Snapshot s = a.snapshot("main");
      assertThat(personIds(tables, s)).containsExactlyInAnyOrder("p0", "p1", "p2", "b1");
      assertThat(s.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isEqualTo(2);
      assertThat(personIndexes(tables, s))
          .extracting(TableIndex::name)
          .containsExactlyInAnyOrder("id_idx", "name_idx");
      assertThat(personIndexes(tables, s)).allMatch(TableIndex::coversAllFragments);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWriterOnAnotherTableLetsTheMaintenanceWriteReputWithoutRedo() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Omnigraph a = seeded();
        Tables tables = new Tables(root.toString(), Map.of());
        Rendezvous between = new Rendezvous("between-index-builds");
        Armed armed =
            Failpoints.arm(
                Failpoint.OPTIMIZE_BETWEEN_INDEX_BUILDS, Action.pause(between).times(1))) {
      Future<Committed<List<TableOptimized>>> maintenance = pool.submit(() -> a.optimize("main"));
      between.awaitArrival(WAIT);
      try (Omnigraph b = Omnigraph.open(root)) {
        b.append(
            "main", Map.of("Knows", List.of(OmnigraphWriteTest.knows("k1", "p0", "p1", null))));
      }
      between.release();
      Committed<List<TableOptimized>> optimized = maintenance.get();
      assertThat(armed.fired()).isEqualTo(1);
      assertThat(optimized.prepares()).isEqualTo(1);
      assertThat(optimized.reputs()).isEqualTo(1);
      Snapshot s = a.snapshot("main");
      assertThat(s.table(EntityKind.EDGE, "Knows").orElseThrow().rowCount()).isEqualTo(1);
      assertThat(personIndexes(tables, s)).allMatch(TableIndex::coversAllFragments);
    } finally {
      pool.shutdownNow();
    }
  }

  static Stream<Arguments> optimizeFaults() {
    List<Arguments> cases = new ArrayList<>();
    for (Failpoint fp :
        List.of(
            Failpoint.OPTIMIZE_BETWEEN_INDEX_BUILDS,
            Failpoint.TABLE_BEFORE_DETACHED_COMMIT,
            Failpoint.LOG_BEFORE_RECORD_PUT,
            Failpoint.LOG_AFTER_RECORD_PUT)) {
      cases.add(Arguments.of(fp, Action.crash()));
      cases.add(Arguments.of(fp, Action.error()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("optimizeFaults")
  void aFailedOptimizeLeavesContentExactAndTheNextOneFinishes(Failpoint fp, Action action)
      throws IOException {
    long baseSeq;
    Omnigraph graph = seeded();
    try {
      baseSeq = graph.snapshot("main").seq();
      try (Armed armed = Failpoints.arm(fp, action.times(1))) {
        assertThatThrownBy(() -> graph.optimize("main"))
            .isInstanceOfAny(FailpointCrash.class, FailpointError.class);
        assertThat(armed.fired()).isEqualTo(1);
      }
    } finally {
      try {
        graph.close();
      } catch (RuntimeException | Error e) {
        // An abandoned instance: what it left is what the fresh one copes with.
      }
    }
    boolean after = fp == Failpoint.LOG_AFTER_RECORD_PUT;
    try (Omnigraph fresh = Omnigraph.open(root);
        Tables tables = new Tables(root.toString(), Map.of())) {
      Snapshot s = fresh.snapshot("main");
      assertThat(s.seq()).isEqualTo(after ? baseSeq + 1 : baseSeq);
      assertThat(personIds(tables, s)).containsExactlyInAnyOrder("p0", "p1", "p2");
      fresh.optimize("main");
      Snapshot n = fresh.snapshot("main");
      assertThat(personIds(tables, n)).containsExactlyInAnyOrder("p0", "p1", "p2");
      assertThat(personIndexes(tables, n))
          .extracting(TableIndex::name)
          .containsExactlyInAnyOrder("id_idx", "name_idx");
      assertThat(personIndexes(tables, n)).allMatch(TableIndex::coversAllFragments);
    }
  }

  @Test
  void optimizeIsRefusedOnAReadOnlyHandleAndAnUnknownBranch() throws IOException {
    seeded().close();
    try (Omnigraph ro = Omnigraph.open(root, AccessMode.READ_ONLY)) {
      assertThatThrownBy(() -> ro.optimize("main")).isInstanceOf(ReadOnlyGraphException.class);
    }
    try (Omnigraph rw = Omnigraph.open(root)) {
      assertThatThrownBy(() -> rw.optimize("nope")).isInstanceOf(BranchNotFoundException.class);
    }
  }
}
