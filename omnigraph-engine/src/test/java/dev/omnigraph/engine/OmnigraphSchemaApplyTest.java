package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.knows;
import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.Snapshot.TableState;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.lang.schema.SchemaPlan;
import dev.omnigraph.lang.source.CompileError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema apply end to end through the facade: each kind of change carries the data over as the plan
 * says, in one commit on main, while older commits keep their schema and rows; refusals write
 * nothing; a crash leaves exactly the old or the new state; a concurrent append loses no row.
 */
class OmnigraphSchemaApplyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PEOPLE =
      "query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name } }";

  @TempDir Path root;
  private Omnigraph graph;
  private String original;
  private CommitRecord before;

  @BeforeEach
  void seed() throws IOException {
    original = OmnigraphWriteTest.testPg();
    graph = Omnigraph.init(root, original);
    graph.append(
        "main",
        Map.of(
            "Person",
            List.of(person("Ann", "Ann", 30), person("Bob", "Bob", null)),
            "Company",
            List.of(company("Acme")),
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
  void addingATypeAndAPropertyKeepsEveryRowWithNullsInTheNewColumn() {
    String desired =
        original.replace("age: I32?", "age: I32?\n    email: String?")
            + "\nnode City {\n    name: String @key\n}\n";

    Committed<SchemaPlan> applied = graph.applySchema(desired, false);

    CommitRecord record = applied.record().orElseThrow();
    assertThat(record.seq()).isEqualTo(before.seq() + 1);
    assertThat(applied.result().isEmpty()).isFalse();
    Snapshot now = graph.snapshot("main");
    assertThat(now.schema().source()).isEqualTo(desired);
    assertThat(now.table(EntityKind.NODE, "City").orElseThrow().rowCount()).isZero();
    // Person was copied into a new incarnation; the untouched tables are the same versions.
    Snapshot old = graph.snapshotAtCommit(before.commitId());
    assertThat(path(now, EntityKind.NODE, "Person"))
        .isNotEqualTo(path(old, EntityKind.NODE, "Person"));
    assertThat(now.table(EntityKind.NODE, "Company"))
        .isEqualTo(old.table(EntityKind.NODE, "Company"));
    assertThat(now.table(EntityKind.EDGE, "Knows")).isEqualTo(old.table(EntityKind.EDGE, "Knows"));
    QueryResult people =
        graph.query(
            "main",
            "query q() { match { $p: Person } return { $p.name, $p.age, $p.email } order {"
                + " $p.name } }",
            null,
            null);
    assertThat(people.rows())
        .containsExactly(Arrays.asList("Ann", 30, null), Arrays.asList("Bob", null, null));
    assertThat(
            graph
                .query("main", "query q() { match { $c: City } return { $c.name } }", null, null)
                .rowCount())
        .isZero();

    // The new columns and tables take writes.
    Map<String, Object> cy = person("Cy", "Cy", 5);
    cy.put("email", "cy@example.com");
    graph.append(
        "main",
        Map.of("Person", List.of(cy), "City", List.of(Map.of("id", "Oslo", "name", "Oslo"))));
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $p: Person } return { $p.email } order { $p.name } }",
                    null,
                    null)
                .column("p.email"))
        .containsExactly(null, null, "cy@example.com");

    // The old commit still reads its own schema and rows.
    assertThat(old.schema().source()).isEqualTo(original);
    assertThat(old.table(EntityKind.NODE, "City")).isEmpty();
    assertThat(graph.queryAtCommit(before.commitId(), PEOPLE, null, null).rows())
        .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
    assertThatThrownBy(() ->
            graph.queryAtCommit(
                before.commitId(),
                "query q() { match { $p: Person } return { $p.email } }",
                null,
                null))
        .isInstanceOf(CompileError.class);
  }

  @Test
  void aHardPropertyDropRewritesTheTableWithoutTheColumn() {
    String desired = original.replace("    age: I32?\n", "");

    Committed<SchemaPlan> applied = graph.applySchema(desired, true);

    assertThat(applied.result().losesData()).isTrue();
    assertThat(applied.record()).isPresent();
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $p: Person } return { $p.name } order { $p.name } }",
                    null,
                    null)
                .rows())
        .containsExactly(List.of("Ann"), List.of("Bob"));
    assertThatThrownBy(() -> graph.query("main", PEOPLE, null, null))
        .isInstanceOf(CompileError.class);
    // Edges still reach the rewritten nodes.
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $a: Person  $a knows $b } return { $a.name, $b.name } }",
                    null,
                    null)
                .rows())
        .containsExactly(List.of("Ann", "Bob"));
    assertThat(graph.queryAtCommit(before.commitId(), PEOPLE, null, null).rows())
        .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
  }

  @Test
  void aTypeRenameKeepsTheTableAndRenamesItsType() {
    String desired =
        original
            .replace("node Person {", "node Human @rename_from(\"Person\") {")
            .replace("Person -> Person", "Human -> Human")
            .replace("Person -> Company", "Human -> Company");

    Committed<SchemaPlan> applied = graph.applySchema(desired, false);

    assertThat(applied.record()).isPresent();
    Snapshot now = graph.snapshot("main");
    Snapshot old = graph.snapshotAtCommit(before.commitId());
    assertThat(now.table(EntityKind.NODE, "Person")).isEmpty();
    TableState human = now.table(EntityKind.NODE, "Human").orElseThrow();
    TableState person = old.table(EntityKind.NODE, "Person").orElseThrow();
    assertThat(human.tableVersion()).isEqualTo(person.tableVersion());
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $p: Human } return { $p.name, $p.age } order { $p.name }"
                        + " }",
                    null,
                    null)
                .rows())
        .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
    assertThat(graph.queryAtCommit(before.commitId(), PEOPLE, null, null).rowCount()).isEqualTo(2);
  }

  @Test
  void aTypeDropRemovesItsTableFromTheNewCommitOnly() {
    String desired =
        original
            .replace("node Company {\n    name: String @key\n}\n", "")
            .replace("edge WorksAt: Person -> Company", "");

    Committed<SchemaPlan> applied = graph.applySchema(desired, false);

    CommitRecord record = applied.record().orElseThrow();
    assertThat(record.tables()).hasSize(before.tables().size() - 2);
    Snapshot now = graph.snapshot("main");
    assertThat(now.table(EntityKind.NODE, "Company")).isEmpty();
    assertThat(now.table(EntityKind.EDGE, "WorksAt")).isEmpty();
    assertThat(graph.query("main", PEOPLE, null, null).rowCount()).isEqualTo(2);
    Snapshot old = graph.snapshotAtCommit(before.commitId());
    assertThat(old.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isEqualTo(1);
    assertThat(old.table(EntityKind.EDGE, "WorksAt").orElseThrow().rowCount()).isEqualTo(1);
  }

  @Test
  void applyingTheAcceptedSchemaAgainCommitsNothing() {
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");
    graph.applySchema(desired, false);
    long seq = graph.snapshot("main").seq();

    Committed<SchemaPlan> again = graph.applySchema(desired, false);

    assertThat(again.record()).isEmpty();
    assertThat(again.result().isEmpty()).isTrue();
    assertThat(graph.snapshot("main").seq()).isEqualTo(seq);
    assertThat(graph.planSchema("main", desired, false).isEmpty()).isTrue();
  }

  @Test
  void planningWritesNothing() {
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");

    SchemaPlan plan = graph.planSchema("main", desired, false);

    assertThat(plan.supported()).isTrue();
    assertThat(plan.tableEffects()).hasSize(1);
    assertThat(graph.snapshot("main").seq()).isEqualTo(before.seq());
  }

  @Test
  void anUnsupportedChangeIsRefusedAndWritesNothing() {
    String desired = original.replace("age: I32?", "age: I64?");

    assertThatThrownBy(() -> graph.applySchema(desired, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[OG-MF-106]")
        .hasMessageContaining("Person.age");
    assertThat(graph.snapshot("main").commitId()).isEqualTo(before.commitId());
  }

  @Test
  void aGraphWithOtherBranchesIsRefused() {
    graph.createBranch("draft", "main");
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");

    assertThatThrownBy(() -> graph.applySchema(desired, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "schema apply requires a graph with only main; found non-main branches: draft");
    assertThat(graph.snapshot("main").commitId()).isEqualTo(before.commitId());

    graph.deleteBranch("draft");
    assertThat(graph.applySchema(desired, false).record()).isPresent();
  }

  @Test
  void aReadOnlyHandleRefusesToApplyButPlansOnAnyBranch() {
    graph.createBranch("draft", "main");
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");
    try (Omnigraph reader = Omnigraph.open(root, AccessMode.READ_ONLY)) {
      assertThat(reader.planSchema("draft", desired, false).tableEffects()).hasSize(1);
      assertThatThrownBy(() -> reader.applySchema(desired, false))
          .isInstanceOf(ReadOnlyGraphException.class);
    }
    assertThat(graph.snapshot("main").commitId()).isEqualTo(before.commitId());
  }

  @ParameterizedTest
  @EnumSource(
      value = Failpoint.class,
      names = {"TABLE_BEFORE_DETACHED_COMMIT", "LOG_BEFORE_RECORD_PUT", "LOG_AFTER_RECORD_PUT"})
  void aCrashLeavesExactlyTheOldOrTheNewSchemaAndData(Failpoint fp) {
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");
    try (Armed armed = Failpoints.arm(fp, Action.crash().times(1))) {
      assertThatThrownBy(() -> graph.applySchema(desired, false))
          .isInstanceOf(FailpointCrash.class);
      assertThat(armed.fired()).isEqualTo(1);
    } finally {
      try {
        graph.close();
      } catch (RuntimeException | Error e) {
        // A crashed instance's leftovers are what the fresh instance must cope with.
      }
    }

    boolean after = fp == Failpoint.LOG_AFTER_RECORD_PUT;
    graph = Omnigraph.open(root);
    Snapshot s = graph.snapshot("main");
    assertThat(s.seq()).isEqualTo(after ? before.seq() + 1 : before.seq());
    assertThat(s.schema().source()).isEqualTo(after ? desired : original);
    assertThat(graph.query("main", PEOPLE, null, null).rows())
        .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
    if (after) {
      assertThat(
              graph
                  .query(
                      "main", "query q() { match { $p: Person } return { $p.email } }", null, null)
                  .column("p.email"))
          .containsExactly(null, null);
    }
    // Applying again reaches the new state either way.
    graph.applySchema(desired, false);
    assertThat(graph.snapshot("main").schema().source()).isEqualTo(desired);
    assertThat(graph.query("main", PEOPLE, null, null).rowCount()).isEqualTo(2);
  }

  @Test
  void anAppendHeldAtItsPutWhileTheSchemaChangesLosesNoRow() throws Exception {
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Omnigraph writer = Omnigraph.open(root)) {
      Committed<Map<String, Long>> appended;
      try (Rendezvous atPut = new Rendezvous("append-put");
          Armed armed =
              Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
        Future<Committed<Map<String, Long>>> append =
            pool.submit(
                () -> writer.append("main", Map.of("Person", List.of(person("Cy", "Cy", 7)))));
        atPut.awaitArrival(WAIT);
        assertThat(graph.applySchema(desired, false).record()).isPresent();
        atPut.release();
        appended = append.get(30, TimeUnit.SECONDS);
        assertThat(armed.fired()).isEqualTo(1);
      }
      // The append lost its put to the apply and was prepared again on the new schema.
      assertThat(appended.prepares()).isEqualTo(2);
      assertThat(appended.record().orElseThrow().schemaHash())
          .isEqualTo(graph.snapshot("main").schemaHash());
    } finally {
      pool.shutdownNow();
    }
    assertThat(graph.snapshot("main").schema().source()).isEqualTo(desired);
    assertThat(graph.query("main", PEOPLE, null, null).rows())
        .containsExactly(
            Arrays.asList("Ann", 30), Arrays.asList("Bob", null), Arrays.asList("Cy", 7));
  }

  @Test
  void anApplyHeldAtItsPutWhileAnAppendCommitsCopiesTheAppendedRows() throws Exception {
    String desired = original.replace("age: I32?", "age: I32?\n    email: String?");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Omnigraph writer = Omnigraph.open(root)) {
      Committed<SchemaPlan> applied;
      try (Rendezvous atPut = new Rendezvous("apply-put");
          Armed armed =
              Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
        Future<Committed<SchemaPlan>> apply = pool.submit(() -> graph.applySchema(desired, false));
        atPut.awaitArrival(WAIT);
        writer.append("main", Map.of("Person", List.of(person("Cy", "Cy", 7))));
        atPut.release();
        applied = apply.get(30, TimeUnit.SECONDS);
        assertThat(armed.fired()).isEqualTo(1);
      }
      // The apply lost its put and was planned and copied again on the state with Cy.
      assertThat(applied.prepares()).isEqualTo(2);
      assertThat(applied.record().orElseThrow().seq()).isEqualTo(before.seq() + 2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(graph.query("main", PEOPLE, null, null).rows())
        .containsExactly(
            Arrays.asList("Ann", 30), Arrays.asList("Bob", null), Arrays.asList("Cy", 7));
  }

  private static String path(Snapshot s, EntityKind kind, String type) {
    return s.table(kind, type).orElseThrow().path();
  }

  private static Map<String, Object> company(String name) {
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
