package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointAckLost;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.table.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix of a two-table write (commit protocol §7.2): at every failpoint, a crash, an
 * error or a lost acknowledgement during one append of a node and an edge leaves the graph, as a
 * fresh instance sees it, exactly before or exactly after that append, never mixed and without
 * duplicated rows, and the next append succeeds on top of it.
 */
class OmnigraphCrashTest {
  @TempDir Path root;

  static Stream<Arguments> failpointsAndActions() {
    List<Arguments> cases = new ArrayList<>();
    for (Failpoint fp : Failpoint.values()) {
      if (!onAppendPath(fp)) {
        continue;
      }
      cases.add(Arguments.of(fp, Action.crash()));
      cases.add(Arguments.of(fp, Action.error()));
      if (fp.afterEffect()) {
        cases.add(Arguments.of(fp, Action.ackLost()));
      }
    }
    return cases.stream();
  }

  /** Whether an append passes the failpoint; the others have crash tests of their own. */
  static boolean onAppendPath(Failpoint fp) {
    return switch (fp) {
      case LOG_BEFORE_RECORD_PUT,
          LOG_AFTER_RECORD_PUT,
          LOG_BEFORE_HINT_PUT,
          STORE_BEFORE_PUT_IF_ABSENT,
          STORE_AFTER_PUT_IF_ABSENT,
          TABLE_BEFORE_DETACHED_COMMIT ->
          true;
      // OmnigraphOptimizeTest, OmnigraphSchemaMigrationRaceTest, WriteTransactionsTest,
      // OmnigraphBranchRaceTest and CleanupCrashTest
      case OPTIMIZE_BETWEEN_INDEX_BUILDS,
          QUERY_BEFORE_TABLE_READS,
          TXN_BEFORE_TABLE_TURN,
          BRANCH_BEFORE_CREATE_PUT,
          GC_AFTER_RUN_RECORD,
          GC_MID_SWEEP ->
          false;
    };
  }

  /** Whether the commit record is durable when the failpoint is hit. */
  private static boolean afterCommitPoint(Failpoint fp) {
    return switch (fp) {
      case LOG_BEFORE_RECORD_PUT,
          STORE_BEFORE_PUT_IF_ABSENT,
          TABLE_BEFORE_DETACHED_COMMIT,
          OPTIMIZE_BETWEEN_INDEX_BUILDS,
          TXN_BEFORE_TABLE_TURN,
          BRANCH_BEFORE_CREATE_PUT ->
          false;
      case STORE_AFTER_PUT_IF_ABSENT, LOG_AFTER_RECORD_PUT, LOG_BEFORE_HINT_PUT -> true;
      case QUERY_BEFORE_TABLE_READS, GC_AFTER_RUN_RECORD, GC_MID_SWEEP ->
          throw new IllegalArgumentException(fp + " is not on the commit path");
    };
  }

  /** The exception the append fails with, or empty when the engine absorbs the fault. */
  private static Optional<Class<? extends Throwable>> failure(Failpoint fp, Action action) {
    return switch (action.effect()) {
      case Action.Crash c -> Optional.of(FailpointCrash.class);
      case Action.AckLost a -> Optional.of(FailpointAckLost.class);
      // The tip hint is only a starting point for probing: failing to write it fails nothing.
      case Action.Fail f ->
          fp == Failpoint.LOG_BEFORE_HINT_PUT
              ? Optional.empty()
              : Optional.of(FailpointError.class);
      default -> throw new IllegalArgumentException("not in the matrix: " + action);
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("failpointsAndActions")
  void aFailedTwoTableAppendLeavesExactlyTheStateBeforeOrAfter(Failpoint fp, Action action)
      throws IOException {
    long baseSeq;
    Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg());
    try {
      graph.append("main", Map.of("Person", List.of(person("p1", "Ann", 30))));
      baseSeq = graph.snapshot("main").seq();
      Map<String, List<Map<String, Object>>> write =
          Map.of(
              "Person",
              List.of(person("p2", "Bob", 40)),
              "Knows",
              List.of(knows("k1", "p1", "p2", null)));
      try (Armed armed = Failpoints.arm(fp, action.times(1))) {
        Optional<Class<? extends Throwable>> failure = failure(fp, action);
        if (failure.isPresent()) {
          assertThatThrownBy(() -> graph.append("main", write)).isInstanceOf(failure.get());
        } else {
          graph.append("main", write);
        }
        assertThat(armed.fired()).isEqualTo(1);
      }
    } finally {
      // A crashed instance is abandoned, but its native memory is still freed.
      try {
        graph.close();
      } catch (RuntimeException | Error e) {
        // What a dead process would have left behind is what the fresh instance must cope with.
      }
    }

    boolean after = afterCommitPoint(fp);
    // A read-only reader sees the same exact state, without writing anything to see it.
    try (Omnigraph reader = Omnigraph.open(root, AccessMode.READ_ONLY);
        Tables tables = new Tables(root.toAbsolutePath().toString(), Map.of())) {
      Snapshot s = reader.snapshot("main");
      assertThat(s.seq()).isEqualTo(after ? baseSeq + 1 : baseSeq);
      assertThat(ids(tables, s, EntityKind.NODE, "Person"))
          .containsExactlyInAnyOrderElementsOf(after ? List.of("p1", "p2") : List.of("p1"));
      assertThat(ids(tables, s, EntityKind.EDGE, "Knows"))
          .containsExactlyInAnyOrderElementsOf(after ? List.of("k1") : List.of());
    }
    try (Omnigraph fresh = Omnigraph.open(root);
        Tables tables = new Tables(root.toAbsolutePath().toString(), Map.of())) {
      Snapshot s = fresh.snapshot("main");
      assertThat(s.seq()).isEqualTo(after ? baseSeq + 1 : baseSeq);
      assertThat(ids(tables, s, EntityKind.NODE, "Person"))
          .containsExactlyInAnyOrderElementsOf(after ? List.of("p1", "p2") : List.of("p1"));
      assertThat(ids(tables, s, EntityKind.EDGE, "Knows"))
          .containsExactlyInAnyOrderElementsOf(after ? List.of("k1") : List.of());
      assertThat(s.table(EntityKind.NODE, "Person").orElseThrow().rowCount())
          .isEqualTo(after ? 2 : 1);
      assertThat(s.table(EntityKind.EDGE, "Knows").orElseThrow().rowCount())
          .isEqualTo(after ? 1 : 0);
      assertThat(s.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isZero();
      assertThat(s.table(EntityKind.EDGE, "WorksAt").orElseThrow().rowCount()).isZero();

      var next =
          fresh.append(
              "main",
              Map.of(
                  "Person",
                  List.of(person("p3", "Cy", null)),
                  "Knows",
                  List.of(knows("k2", "p1", "p3", null))));
      assertThat(next.record().orElseThrow().seq()).isEqualTo(s.seq() + 1);
      Snapshot n = fresh.snapshot("main");
      assertThat(n.seq()).isEqualTo(s.seq() + 1);
      assertThat(ids(tables, n, EntityKind.NODE, "Person"))
          .containsExactlyInAnyOrderElementsOf(
              after ? List.of("p1", "p2", "p3") : List.of("p1", "p3"));
      assertThat(ids(tables, n, EntityKind.EDGE, "Knows"))
          .containsExactlyInAnyOrderElementsOf(after ? List.of("k1", "k2") : List.of("k2"));
    }
  }

  // Every id of the type's table at the snapshot; the exact-elements checks above also catch a
  // duplicated row.
  private static List<Object> ids(Tables tables, Snapshot s, EntityKind kind, String type) {
    List<Object> ids =
        tables
            .scan(s.table(kind, type).orElseThrow().tableVersion(), List.of("id"), Optional.empty())
            .stream()
            .map(r -> r.get("id"))
            .toList();
    assertThat(ids).doesNotHaveDuplicates();
    return ids;
  }
}
