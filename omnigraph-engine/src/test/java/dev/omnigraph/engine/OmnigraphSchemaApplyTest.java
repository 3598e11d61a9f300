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
import dev.omnigraph.engine.write.LoadMode;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.WriteOptions;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaPlan;
import dev.omnigraph.lang.source.CompileError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  @TempDir Path scratch;
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
    // Spec case 81: still absent after a reopen, still present at the older commit.
    try (Omnigraph reopened = Omnigraph.open(root)) {
      assertThat(reopened.snapshot("main").table(EntityKind.NODE, "Company")).isEmpty();
      assertThat(reopened.snapshot("main").table(EntityKind.EDGE, "WorksAt")).isEmpty();
      assertThat(reopened.snapshotAtCommit(before.commitId()).table(EntityKind.EDGE, "WorksAt"))
          .isPresent();
    }
  }

  @Test
  void addingAnIndexTouchesNoTable() {
    // Spec case 76.
    Committed<SchemaPlan> applied =
        graph.applySchema(original.replace("age: I32?", "age: I32? @index"), false);

    assertThat(applied.record().orElseThrow().seq()).isEqualTo(before.seq() + 1);
    assertThat(applied.record().orElseThrow().tables()).isEqualTo(before.tables());
  }

  @Test
  void wideningAnEnumTouchesNoTableAndAcceptsTheNewValueAtOnce() {
    // Spec case 77.
    String accepted = "node Task {\n    slug: String @key\n    status: enum(todo, done)\n}\n";
    try (Omnigraph tasks = Omnigraph.init(scratch, accepted)) {
      tasks.append("main", Map.of("Task", List.of(task("t1", "todo"))));
      CommitRecord widenedFrom = tasks.commits("main", 1).getFirst();

      CommitRecord widened =
          tasks
              .applySchema(accepted.replace("enum(todo, done)", "enum(todo, done, blocked)"), false)
              .record()
              .orElseThrow();

      assertThat(widened.seq()).isEqualTo(widenedFrom.seq() + 1);
      assertThat(widened.tables()).isEqualTo(widenedFrom.tables());
      // Loads check enum membership against the schema of the state they commit on.
      merge(tasks, taskLine("t2", "blocked") + "\n" + taskLine("t3", "done"));
      assertThatThrownBy(() -> merge(tasks, taskLine("t4", "nope")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("invalid enum value 'nope'");
      assertThat(
              tasks
                  .query(
                      "main",
                      "query q() { match { $t: Task } return { $t.slug, $t.status } order {"
                          + " $t.slug } }",
                      null,
                      null)
                  .rows())
          .containsExactly(List.of("t1", "todo"), List.of("t2", "blocked"), List.of("t3", "done"));
    }
  }

  @Test
  void aTypeRenameWithPropertyRenamesCopiesEveryRowUnderTheNewNames() {
    // Spec case 79: the copy goes to a new incarnation here (upstream rewrote in place).
    String desired =
        original
            .replace("node Person {", "node Human @rename_from(\"Person\") {")
            .replace(
                "name: String @key\n    age",
                "full_name: String @key @rename_from(\"name\")\n    age")
            .replace("age: I32?", "years: I32? @rename_from(\"age\")")
            .replace("Person -> Person", "Human -> Human")
            .replace("Person -> Company", "Human -> Company");

    Committed<SchemaPlan> applied = graph.applySchema(desired, false);

    assertThat(applied.result().steps()).hasSize(3);
    Snapshot now = graph.snapshot("main");
    Snapshot old = graph.snapshotAtCommit(before.commitId());
    TableState human = now.table(EntityKind.NODE, "Human").orElseThrow();
    assertThat(human.path()).isNotEqualTo(path(old, EntityKind.NODE, "Person"));
    assertThat(human.rowCount()).isEqualTo(2);
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $a: Human  $a knows $b } return { $a.full_name, $a.years,"
                        + " $b.full_name } }",
                    null,
                    null)
                .rows())
        .containsExactly(Arrays.asList("Ann", 30, "Bob"));
    // The ids are carried, so a write by the same key updates the same node.
    graph.mutate(
        "main",
        "query u($n: String, $y: I32) { update Human set { years: $y } where full_name = $n }",
        null,
        Map.of("n", "Ann", "y", 31),
        WriteOptions.defaults());
    assertThat(
            graph
                .query(
                    "main",
                    "query q() { match { $h: Human } return { $h.full_name, $h.years } order {"
                        + " $h.full_name } }",
                    null,
                    null)
                .rows())
        .containsExactly(Arrays.asList("Ann", 31), Arrays.asList("Bob", null));
  }

  @Test
  void aSoftPropertyDropKeepsTheRowsAndLeavesTheColumnToOlderCommits() {
    // Spec case 80 (soft); the hard drop is aHardPropertyDropRewritesTheTableWithoutTheColumn, and
    // what frees its data is OmnigraphSchemaMigrationCrashTest's cleanup test.
    Committed<SchemaPlan> applied =
        graph.applySchema(original.replace("    age: I32?\n", ""), false);

    assertThat(applied.result().losesData()).isFalse();
    assertThat(graph.snapshot("main").table(EntityKind.NODE, "Person").orElseThrow().rowCount())
        .isEqualTo(2);
    assertThatThrownBy(() -> graph.query("main", PEOPLE, null, null))
        .isInstanceOf(CompileError.class);
    assertThat(graph.queryAtCommit(before.commitId(), PEOPLE, null, null).rows())
        .containsExactly(Arrays.asList("Ann", 30), Arrays.asList("Bob", null));
  }

  @Test
  void aTypeDroppedAndAddedAgainIsANewEmptyTable() {
    // Spec case 82.
    String withoutCompany =
        original
            .replace("node Company {\n    name: String @key\n}\n", "")
            .replace("edge WorksAt: Person -> Company", "");
    graph.applySchema(withoutCompany, false);

    graph.applySchema(original, false);

    Snapshot now = graph.snapshot("main");
    Snapshot old = graph.snapshotAtCommit(before.commitId());
    TableState company = now.table(EntityKind.NODE, "Company").orElseThrow();
    assertThat(company.path()).isNotEqualTo(path(old, EntityKind.NODE, "Company"));
    assertThat(company.version()).isEqualTo("1");
    assertThat(company.rowCount()).isZero();
    assertThat(typeId(now, "Company")).isNotEqualTo(typeId(old, "Company"));
    assertThat(now.table(EntityKind.EDGE, "WorksAt").orElseThrow().rowCount()).isZero();
    assertThat(old.table(EntityKind.NODE, "Company").orElseThrow().rowCount()).isEqualTo(1);
  }

  @Test
  void aCompositeKeyKeepsItsIdOrderAcrossCrossingRenames() throws IOException {
    // Spec case 83.
    try (Omnigraph pairs =
        Omnigraph.init(scratch, "node Pair { alpha: String zeta: String @key(alpha, zeta) }")) {
      merge(pairs, "{\"type\": \"Pair\", \"data\": {\"alpha\": \"A\", \"zeta\": \"Z\"}}");
      pairs.applySchema(
          "node Pair { zzzz: String @rename_from(\"alpha\") aaaa: String @rename_from(\"zeta\")"
              + " @key(aaaa, zzzz) }",
          false);

      merge(pairs, "{\"type\": \"Pair\", \"data\": {\"aaaa\": \"Z\", \"zzzz\": \"A\"}}");

      assertThat(pairs.snapshot("main").table(EntityKind.NODE, "Pair").orElseThrow().rowCount())
          .isEqualTo(1);
      assertThat(
              pairs
                  .query(
                      "main",
                      "query q() { match { $p: Pair } return { $p.zzzz, $p.aaaa } }",
                      null,
                      null)
                  .rows())
          .containsExactly(List.of("A", "Z"));
    }
  }

  @Test
  void indexesAddedOnAnEmptyTableAreBuiltOnceRowsArrive() throws IOException {
    // Spec case 84.
    try (Omnigraph docs = Omnigraph.init(scratch, "node D { slug: String @key v: Vector(8) }")) {
      Committed<SchemaPlan> applied =
          docs.applySchema(
              "node D { slug: String @key v: Vector(8) @index body: String? @index }", false);
      assertThat(applied.record()).isPresent();

      merge(
          docs,
          "{\"type\": \"D\", \"data\": {\"slug\": \"a\", \"v\": [1, 2, 3, 4, 5, 6, 7, 8],"
              + " \"body\": \"hello\"}}");
      assertThat(docs.optimize("main").record()).isPresent();
      assertThat(docs.snapshot("main").table(EntityKind.NODE, "D").orElseThrow().rowCount())
          .isEqualTo(1);
    }
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

  private static long typeId(Snapshot s, String nodeType) {
    return SchemaCompiler.catalog(s.schema().ir()).node(nodeType).orElseThrow().typeId();
  }

  private static Map<String, Object> task(String slug, String status) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", slug);
    row.put("slug", slug);
    row.put("status", status);
    return row;
  }

  private static String taskLine(String slug, String status) {
    return "{\"type\": \"Task\", \"data\": {\"slug\": \""
        + slug
        + "\", \"status\": \""
        + status
        + "\"}}";
  }

  private static void merge(Omnigraph g, String jsonl) {
    g.load(
        "main",
        new ByteArrayInputStream((jsonl + "\n").getBytes(StandardCharsets.UTF_8)),
        LoadOptions.of(LoadMode.MERGE));
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
