package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryParams;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost gates of traversals over a type used by several variables: each variable reads only its own
 * rows from Lance (the scan by its filter, an expand by the ids it reached and its filters), never
 * the whole node table, and the table is still opened once per query.
 */
class TargetReadsTest {
  private static final int PEOPLE = 300;
  private static final String ONE_HOP =
      "query q($n: String) { match { $p: Person { name: $n }  $p knows $f  $f.age > 10 }"
          + " return { $f.name } }";
  private static final String TWO_HOP =
      "query q($n: String) { match { $p: Person { name: $n }  $p knows $m  $m knows $f"
          + "  $f.age > 10 } return { $m.name, $f.name } }";

  @TempDir Path root;
  private Tables tables;
  private GraphState state;
  private Catalog catalog;

  /** Person {@code pNNN} has age NNN mod 100 and knows the next two people. */
  @BeforeEach
  void build() {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < PEOPLE; i++) {
      jsonl.append(
          String.format(
              Locale.ROOT,
              "{\"type\": \"Person\", \"data\": {\"name\": \"%s\", \"age\": %d}}%n",
              name(i),
              i % 100));
    }
    for (int i = 0; i < PEOPLE; i++) {
      for (int next = i + 1; next <= i + 2 && next < PEOPLE; next++) {
        jsonl.append(
            String.format(
                Locale.ROOT,
                "{\"edge\": \"Knows\", \"from\": \"%s\", \"to\": \"%s\"}%n",
                name(i),
                name(next)));
      }
    }
    try (Omnigraph graph =
        TestGraphs.build(root, TestGraphs.resource("test.pg"), List.of(jsonl.toString()))) {
      Snapshot s = graph.snapshot("main");
      catalog = s.schema().catalog();
      Map<String, TableVersion> nodes = new HashMap<>();
      Map<String, TableVersion> edges = new HashMap<>();
      for (Snapshot.TableState t : s.tables()) {
        (t.kind() == Snapshot.EntityKind.NODE ? nodes : edges).put(t.typeName(), t.tableVersion());
      }
      state = new GraphState(s.commitId(), catalog, nodes, edges);
    }
    tables = new Tables(root.toAbsolutePath().toString(), Map.of());
  }

  @AfterEach
  void close() {
    tables.close();
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "p%03d", i);
  }

  /** The rows of one run of {@code query}, and what it cost. */
  private record Run(List<List<Object>> rows, long opens, long rowsRead) {}

  private Run run(QueryExecutor executor, String query, String person) {
    CompiledQuery.Read read =
        (CompiledQuery.Read)
            QueryCompiler.compile(SourceText.of("q.gq", query), catalog, Optional.empty());
    long opens = tables.opens();
    long rows = tables.rowsStreamed();
    QueryResult r =
        executor.run(
            read,
            QueryParams.fromJson(
                Map.of("n", person), read.checked().decl().params(), QueryParams.Mode.STANDARD),
            state);
    return new Run(r.rows(), tables.opens() - opens, tables.rowsStreamed() - rows);
  }

  @Test
  void aFilteredOneHopReadsItsScanAndTheUsersItReachedNotTheWholeTable() {
    QueryExecutor executor = new QueryExecutor(tables);
    Run first = run(executor, ONE_HOP, "p020");
    assertThat(first.rows()).containsExactly(List.of("p021"), List.of("p022"));
    // Knows is read whole once, to build its index; of Person, one row for $p and two for $f.
    assertThat(first.rowsRead()).isEqualTo(597 + 1 + 2);
    assertThat(first.opens()).as("Person and Knows").isEqualTo(2);

    Run again = run(executor, ONE_HOP, "p020");
    assertThat(again.rows()).isEqualTo(first.rows());
    assertThat(again.rowsRead()).as("Knows from the cache").isEqualTo(3);
    assertThat(again.opens()).as("Person, once for both variables").isEqualTo(1);
  }

  @Test
  void theTargetFilterIsReadInStorageWithTheReachedIds() {
    QueryExecutor executor = new QueryExecutor(tables);
    run(executor, ONE_HOP, "p020");
    // p098 knows p099 (age 99) and p100 (age 0): the filter drops p100 before it is read.
    Run r = run(executor, ONE_HOP, "p098");
    assertThat(r.rows()).containsExactly(List.of("p099"));
    assertThat(r.rowsRead()).isEqualTo(1 + 1);
  }

  @Test
  void aTwoHopReadsEachStepsTargetsOnce() {
    QueryExecutor executor = new QueryExecutor(tables);
    run(executor, ONE_HOP, "p020");
    Run r = run(executor, TWO_HOP, "p020");
    assertThat(r.rows())
        .containsExactlyInAnyOrder(
            List.of("p021", "p022"),
            List.of("p021", "p023"),
            List.of("p022", "p023"),
            List.of("p022", "p024"));
    // $p, then $m (p021, p022), then $f (p022, p023, p024): Person opened once for all three.
    assertThat(r.rowsRead()).isEqualTo(1 + 2 + 3);
    assertThat(r.opens()).isEqualTo(1);
  }

  @Test
  void chunkedAndFilterOnlyTargetReadsGiveTheSameRows() {
    QueryExecutor normal = new QueryExecutor(tables);
    // One id per scan; above two reached ids, the target filter alone.
    QueryExecutor small =
        new QueryExecutor(tables, Clock.systemUTC(), 4, new PipelineRun.TargetScans(1, 2));
    run(normal, ONE_HOP, "p020");
    run(small, ONE_HOP, "p020");
    for (String person : List.of("p000", "p020", "p098", "p297", "p299")) {
      for (String query : List.of(ONE_HOP, TWO_HOP)) {
        Run expected = run(normal, query, person);
        Run got = run(small, query, person);
        assertThat(got.rows()).as(person + " " + query).isEqualTo(expected.rows());
        assertThat(got.opens()).isEqualTo(expected.opens());
      }
    }
    // p020's $f reached three ids: more than two, so Person is read by `age > 10` alone.
    Run filterOnly = run(small, TWO_HOP, "p020");
    assertThat(filterOnly.rowsRead()).isEqualTo(1 + 2 + (PEOPLE - 3 * 11));
  }
}
