package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointAckLost;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.maintain.RetentionPolicy;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.lang.schema.SchemaPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash matrix of one migration that at once hard-drops a property, adds a type, renames a type
 * and drops a type (commit-protocol.md §7.3): a crash, an error or a lost acknowledgement at every
 * durable boundary of the apply leaves, for a fresh read-write or read-only open, the old schema
 * with the old data or the new schema with the new data, never a mix; and the garbage collection
 * that frees what the migration dropped.
 */
class OmnigraphSchemaMigrationCrashTest {
  private static final String OLD_PEOPLE =
      "query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name } }";
  private static final String OLD_KNOWS =
      "query q() { match { $a: Person  $a knows $b } return { $a.name, $b.name } }";
  private static final String NEW_EMPLOYERS =
      "query q() { match { $p: Person  $p worksAt $f } return { $p.name, $f.name } }";

  @TempDir Path root;
  private Omnigraph graph;
  private String original;
  private String desired;
  private CommitRecord before;

  @BeforeEach
  void seed() throws IOException {
    original = OmnigraphWriteTest.testPg();
    // Hard-drops Person.age and the Knows edge type, renames Company, adds City.
    desired =
        """
        node Person {
            name: String @key
        }

        node Firm @rename_from("Company") {
            name: String @key
        }

        node City {
            name: String @key
        }

        edge WorksAt: Person -> Firm
        """;
    graph = Omnigraph.init(root, original);
    graph.append(
        "main",
        Map.of(
            "Person",
            List.of(person("Ann", "Ann", 30), person("Bob", "Bob", null)),
            "Company",
            List.of(row("Acme")),
            "Knows",
            List.of(knows("k1", "Ann", "Bob", LocalDate.of(2020, 1, 2))),
            "WorksAt",
            List.of(edge("w1", "Ann", "Acme"))));
    before = graph.commits("main", 1).getFirst();
  }

  @AfterEach
  void close() {
    graph.close();
  }

  @Test
  void theMigrationPlansEveryKindOfTableEffect() {
    SchemaPlan plan = graph.planSchema("main", desired, true);
    assertThat(plan.supported()).isTrue();
    assertThat(plan.losesData()).isTrue();
    assertThat(plan.tableEffects().stream().map(e -> e.getClass().getSimpleName()))
        .containsExactlyInAnyOrder("Rewrite", "Rename", "Create", "Drop");
  }

  /**
   * Each durable boundary of the apply in order: the point, the hits to let pass, and durability.
   */
  static Stream<Arguments> boundaries() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] points = {
      // Person's copy and City's table exist; no version names Person's copied rows yet.
      {Failpoint.TABLE_BEFORE_DETACHED_COMMIT, 0, false},
      // The new schema document is about to be stored, then is stored; no record names it.
      {Failpoint.STORE_BEFORE_PUT_IF_ABSENT, 0, false},
      {Failpoint.STORE_AFTER_PUT_IF_ABSENT, 0, false},
      {Failpoint.LOG_BEFORE_RECORD_PUT, 0, false},
      {Failpoint.STORE_BEFORE_PUT_IF_ABSENT, 1, false},
      // The record is in storage: the migration is committed, its writer not yet told.
      {Failpoint.STORE_AFTER_PUT_IF_ABSENT, 1, true},
      {Failpoint.LOG_AFTER_RECORD_PUT, 0, true},
      {Failpoint.LOG_BEFORE_HINT_PUT, 0, true},
    };
    for (Object[] p : points) {
      Failpoint fp = (Failpoint) p[0];
      List<Action> actions = new ArrayList<>(List.of(Action.crash(), Action.error()));
      if (fp.afterEffect()) {
        actions.add(Action.ackLost());
      }
      for (Action action : actions) {
        cases.add(Arguments.of(fp, p[1], p[2], action));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} after {1} {3}")
  @MethodSource("boundaries")
  void aFaultAtEveryBoundaryLeavesTheOldPairOrTheNewPair(
      Failpoint fp, int skip, boolean durable, Action action) {
    Throwable thrown;
    try (Armed armed = Failpoints.arm(fp, action.after(skip).times(1))) {
      thrown = catchThrowable(() -> graph.applySchema(desired, true));
      assertThat(armed.fired()).isEqualTo(1);
    } finally {
      try {
        graph.close();
      } catch (RuntimeException | Error e) {
        // A crashed instance's leftovers are what the fresh instance must cope with.
      }
    }
    switch (action.effect()) {
      case Action.Crash c -> assertThat(thrown).isInstanceOf(FailpointCrash.class);
      case Action.AckLost a -> assertThat(thrown).isInstanceOf(FailpointAckLost.class);
      // The tip hint only speeds up finding the tip: failing to write it fails nothing.
      default -> {
        if (fp == Failpoint.LOG_BEFORE_HINT_PUT) {
          assertThat(thrown).isNull();
        } else {
          assertThat(thrown).isInstanceOf(FailpointError.class);
        }
      }
    }

    try (Tables tables = new Tables(root.toAbsolutePath().toString(), Map.of())) {
      for (AccessMode mode : List.of(AccessMode.READ_ONLY, AccessMode.READ_WRITE)) {
        try (Omnigraph fresh = Omnigraph.open(root, mode)) {
          assertExactly(fresh, tables, durable);
        }
      }
      graph = Omnigraph.open(root);
      // Applying again reaches the new pair; after a durable record it has nothing to do.
      Committed<SchemaPlan> again = graph.applySchema(desired, true);
      assertThat(again.record().isPresent()).isEqualTo(!durable);
      assertThat(graph.planSchema("main", desired, true).isEmpty()).isTrue();
      assertExactly(graph, tables, true);
      assertThat(graph.snapshot("main").seq()).isEqualTo(before.seq() + 1);
      // The next write succeeds, and cleanup removes whatever the fault left behind.
      graph.append("main", Map.of("City", List.of(row("Oslo"))));
      graph.cleanup(RetentionPolicy.keep(1).withGrace(Duration.ZERO), true);
      Snapshot head = graph.snapshot("main");
      assertThat(tableFolders(true)).isEqualTo(namedFolders(head));
      VisibleStates.assertSchemaMatchesTables(tables, head);
      assertThat(graph.query("main", NEW_EMPLOYERS, null, null).rows())
          .containsExactly(List.of("Ann", "Acme"));
    }
  }

  // The state is exactly the old pair (before the record) or exactly the new pair (after it).
  private void assertExactly(Omnigraph g, Tables tables, boolean migrated) {
    Snapshot s = g.snapshot("main");
    VisibleStates.assertSchemaMatchesTables(tables, s);
    if (!migrated) {
      assertThat(s.seq()).isEqualTo(before.seq());
      assertThat(s.schema().source()).isEqualTo(original);
      assertThat(g.query("main", OLD_PEOPLE, null, null).rows())
          .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
      assertThat(g.query("main", OLD_KNOWS, null, null).rows())
          .containsExactly(List.of("Ann", "Bob"));
      assertThat(s.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isEqualTo(1);
      return;
    }
    assertThat(s.seq()).isEqualTo(before.seq() + 1);
    assertThat(s.schema().source()).isEqualTo(desired);
    assertThat(
            g.query(
                    "main",
                    "query q() { match { $p: Person } return { $p.name } order { $p.name } }",
                    null,
                    null)
                .rows())
        .containsExactly(List.of("Ann"), List.of("Bob"));
    assertThat(g.query("main", NEW_EMPLOYERS, null, null).rows())
        .containsExactly(List.of("Ann", "Acme"));
    assertThat(s.table(EntityKind.NODE, "City").orElseThrow().rowCount()).isZero();
    assertThat(s.table(EntityKind.EDGE, "Knows")).isEmpty();
    assertThat(s.table(EntityKind.NODE, "Company")).isEmpty();
    // The renamed type kept its table; the rewritten one got a new incarnation.
    Snapshot old = g.snapshotAtCommit(before.commitId());
    assertThat(s.table(EntityKind.NODE, "Firm").orElseThrow().tableVersion())
        .isEqualTo(old.table(EntityKind.NODE, "Company").orElseThrow().tableVersion());
    assertThat(s.table(EntityKind.NODE, "Person").orElseThrow().path())
        .isNotEqualTo(old.table(EntityKind.NODE, "Person").orElseThrow().path());
  }

  @ParameterizedTest(name = "allowDataLoss={0}")
  @ValueSource(booleans = {true, false})
  void cleanupFreesWhatTheMigrationDroppedOnceNoRetainedCommitNeedsIt(boolean allowDataLoss) {
    Snapshot old = graph.snapshot("main");
    // Soft or hard, what the migration dropped is named only by the commits before it.
    CommitRecord applied = graph.applySchema(desired, allowDataLoss).record().orElseThrow();
    graph.append("main", Map.of("City", List.of(row("Oslo"))));
    Set<String> dropped =
        Set.of(
            old.table(EntityKind.NODE, "Person").orElseThrow().path(),
            old.table(EntityKind.EDGE, "Knows").orElseThrow().path());
    assertThat(dropped).allSatisfy(p -> assertThat(filesUnder(p)).isPositive());

    // The migration and the write after it are retained; the commits before it are not.
    graph.cleanup(RetentionPolicy.keep(2).withGrace(Duration.ZERO), true);

    assertThat(dropped).allSatisfy(p -> assertThat(filesUnder(p)).as(p).isZero());
    assertThat(tableFolders(true)).isEqualTo(namedFolders(graph.snapshot("main")));
    assertThat(graph.queryAtCommit(applied.commitId(), NEW_EMPLOYERS, null, null).rows())
        .containsExactly(List.of("Ann", "Acme"));
    assertThat(graph.query("main", NEW_EMPLOYERS, null, null).rows())
        .containsExactly(List.of("Ann", "Acme"));
    assertThatThrownBy(() -> graph.queryAtCommit(before.commitId(), OLD_PEOPLE, null, null))
        .isInstanceOf(CommitReclaimedException.class);
  }

  @Test
  void aCleanupCrashMidSweepAfterAHardDropNeverDeletesWhatARetainedCommitReads() {
    Snapshot old = graph.snapshot("main");
    CommitRecord applied = graph.applySchema(desired, true).record().orElseThrow();
    String droppedPerson = old.table(EntityKind.NODE, "Person").orElseThrow().path();
    try (Armed armed = Failpoints.arm(Failpoint.GC_MID_SWEEP, Action.crash().after(1).times(1))) {
      assertThatThrownBy(
              () -> graph.cleanup(RetentionPolicy.keep(1).withGrace(Duration.ZERO), true))
          .isInstanceOf(FailpointCrash.class);
      assertThat(armed.fired()).isEqualTo(1);
    } finally {
      graph.close();
    }

    graph = Omnigraph.open(root);
    // Part of the dropped data is gone; all that the head reads is there.
    assertThat(graph.query("main", NEW_EMPLOYERS, null, null).rows())
        .containsExactly(List.of("Ann", "Acme"));
    assertThat(graph.snapshot("main").commitId()).isEqualTo(applied.commitId());
    assertThatThrownBy(() -> graph.queryAtCommit(before.commitId(), OLD_PEOPLE, null, null))
        .isInstanceOf(CommitReclaimedException.class);

    graph.cleanup(RetentionPolicy.keep(1).withGrace(Duration.ZERO), true);
    assertThat(filesUnder(droppedPerson)).isZero();
    assertThat(tableFolders(true)).isEqualTo(namedFolders(graph.snapshot("main")));
    assertThat(graph.query("main", NEW_EMPLOYERS, null, null).rows())
        .containsExactly(List.of("Ann", "Acme"));
  }

  private long filesUnder(String tablePath) {
    Path dir = root.resolve(tablePath);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // The table folders under the root, only those still holding a file when `withFiles`.
  private Set<String> tableFolders(boolean withFiles) {
    try (Stream<Path> dirs = Files.list(root.resolve("tables"))) {
      return dirs.map(d -> "tables/" + d.getFileName())
          .filter(p -> !withFiles || filesUnder(p) > 0)
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> namedFolders(Snapshot s) {
    return s.tables().stream()
        .map(Snapshot.TableState::path)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Object> row(String name) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", name);
    row.put("name", name);
    return row;
  }

  private static Map<String, Object> edge(String id, String src, String dst) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("src", src);
    row.put("dst", dst);
    return row;
  }
}
