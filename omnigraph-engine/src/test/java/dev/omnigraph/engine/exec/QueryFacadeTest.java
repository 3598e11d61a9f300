package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.BranchNotFoundException;
import dev.omnigraph.engine.CommitNotFoundException;
import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.lang.query.ParamError;
import dev.omnigraph.lang.source.CompileError;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Omnigraph#query} and {@link Omnigraph#queryAtCommit}: targets, time travel, refusals. */
class QueryFacadeTest {
  private static final String ALL = "query all() { match { $p: Person } return { $p.name } }";

  @TempDir Path root;
  private Omnigraph graph;

  @BeforeEach
  void build() {
    graph =
        TestGraphs.build(
            root, TestGraphs.resource("test.pg"), List.of(TestGraphs.resource("test.jsonl")));
  }

  @AfterEach
  void close() {
    graph.close();
  }

  private Map<String, List<Map<String, Object>>> eve() {
    return TestGraphs.rows(
        TestGraphs.catalog(TestGraphs.resource("test.pg")),
        "{\"type\": \"Person\", \"data\": {\"name\": \"Eve\", \"age\": 22}}",
        new int[] {0});
  }

  @Test
  void anOlderCommitIsReadAsItWas() {
    // C150: the commit before Eve was inserted still has four people.
    String before = graph.snapshot("main").commitId();
    graph.append("main", eve());
    String after = graph.snapshot("main").commitId();

    QueryResult old = graph.queryAtCommit(before, ALL, null, null);
    QueryResult now = graph.query("main", ALL, null, null);

    assertThat(old.column("p.name")).containsExactlyInAnyOrder("Alice", "Bob", "Charlie", "Diana");
    assertThat(old.commitId()).isEqualTo(before);
    assertThat(now.column("p.name")).hasSize(5).contains("Eve");
    assertThat(now.commitId()).isEqualTo(after);
  }

  @Test
  void eachBranchIsReadAtItsOwnHead() {
    graph.createBranch("draft", "main");
    graph.append("draft", eve());

    assertThat(graph.query("draft", ALL, null, null).rowCount()).isEqualTo(5);
    assertThat(graph.query("main", ALL, null, null).rowCount()).isEqualTo(4);
  }

  @Test
  void aQueryIsPickedByNameAndGetsItsParams() {
    QueryResult r =
        graph.query("main", TestGraphs.resource("test.gq"), "get_person", Map.of("name", "Bob"));

    assertThat(r.queryName()).isEqualTo("get_person");
    assertThat(r.columns()).containsExactly("p.name", "p.age");
    assertThat(r.rows()).containsExactly(List.of("Bob", 25));
  }

  @Test
  void nowIsOneInstantPerQuery() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    QueryResult r =
        graph.query(
            "main",
            "query q() { match { $p: Person } return { $p.name, now() as at } }",
            null,
            null);

    assertThat(r.column("at")).hasSize(4).doesNotContainNull();
    assertThat(r.column("at").stream().distinct()).hasSize(1);
    assertThat((Instant) r.column("at").getFirst()).isBetween(before, Instant.now());
  }

  @Test
  void aBareNodeVariableReturnsTheNodeId() {
    QueryResult r =
        graph.query(
            "main",
            "query q() { match { $p: Person { name: \"Alice\" }  $p knows $f } return { $p, $f } }",
            null,
            null);

    assertThat(r.rows())
        .containsExactlyInAnyOrder(List.of("Alice", "Bob"), List.of("Alice", "Charlie"));
  }

  @Test
  void aMutationIsRefusedWithoutWriting() {
    String insert = "query add($name: String) { insert Person { name: $name } }";
    String tip = graph.snapshot("main").commitId();

    assertThatThrownBy(() -> graph.query("main", insert, null, Map.of("name", "Zed")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'add' is a mutation")
        .cause()
        .isInstanceOfSatisfying(
            QueryExecutionException.class,
            e -> assertThat(e.reason()).isEqualTo(QueryExecutionException.Reason.NOT_A_READ));
    assertThat(graph.snapshot("main").commitId()).isEqualTo(tip);
  }

  @Test
  void badInputIsATypedErrorNamingIt() {
    String gq = TestGraphs.resource("test.gq");
    assertThatThrownBy(() -> graph.query("main", gq, "get_person", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("param 'name' is required")
        .hasCauseInstanceOf(ParamError.class);
    assertThatThrownBy(() -> graph.query("main", gq, "no_such_query", null))
        .isInstanceOf(CompileError.class)
        .hasMessageContaining("query 'no_such_query' not found");
    assertThatThrownBy(() ->
            graph.query("main", "query q() { match { $p: Robot } return { $p } }", null, null))
        .isInstanceOf(CompileError.class)
        .hasMessageContaining("T1");
    assertThatThrownBy(() -> graph.query("nope", ALL, null, null))
        .isInstanceOf(BranchNotFoundException.class);
    assertThatThrownBy(() -> graph.queryAtCommit("01ARZ3NDEKTSV4RRFFQ69G5FAV", ALL, null, null))
        .isInstanceOf(CommitNotFoundException.class);
    assertThatThrownBy(() ->
            graph.query(
                "main",
                "query q() { match { $p: Person  $p.name > date(\"2026-13-01\") } return { $p } }",
                null,
                null))
        .isInstanceOf(CompileError.class);
  }

  @Test
  void aBadDateLiteralIsRefusedWhenTheQueryRuns() {
    String query =
        "query q() { match { $p: Person  $p $w:knows $f  $w.since >= date(\"2026-13-01\") }"
            + " return { $f.name } }";

    assertThatThrownBy(() -> graph.query("main", query, null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid date '2026-13-01'")
        .cause()
        .isInstanceOfSatisfying(
            QueryExecutionException.class,
            e -> assertThat(e.reason()).isEqualTo(QueryExecutionException.Reason.INVALID_VALUE));
  }
}
