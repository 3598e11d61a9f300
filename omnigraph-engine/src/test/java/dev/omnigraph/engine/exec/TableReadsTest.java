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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost gates: a query opens each table version it needs once, and an edge index is built once per
 * edge-table version and then served from the executor's bounded cache.
 */
class TableReadsTest {
  @TempDir Path root;
  private Tables tables;
  private GraphState state;
  private Catalog catalog;

  @BeforeEach
  void build() {
    try (Omnigraph graph =
        TestGraphs.build(
            root, TestGraphs.resource("test.pg"), List.of(TestGraphs.resource("test.jsonl")))) {
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

  /** Table opens of one run of {@code query}, and its rows. */
  private long opens(QueryExecutor executor, String query, Map<String, ?> params) {
    CompiledQuery.Read read =
        (CompiledQuery.Read)
            QueryCompiler.compile(SourceText.of("q.gq", query), catalog, Optional.empty());
    long before = tables.opens();
    QueryResult r =
        executor.run(
            read,
            QueryParams.fromJson(params, read.checked().decl().params(), QueryParams.Mode.STANDARD),
            state);
    assertThat(r.rowCount()).isPositive();
    return tables.opens() - before;
  }

  @Test
  void eachTableIsOpenedOnceAndEdgeIndexesAreCached() {
    QueryExecutor executor = new QueryExecutor(tables);
    // Person is scanned, then expanded into twice: still one read; Knows is indexed once.
    String fof =
        "query q($n: String) { match { $p: Person { name: $n }  $p knows $m  $m knows $f } return { $f.name } }";
    assertThat(opens(executor, fof, Map.of("n", "Alice"))).isEqualTo(2);
    assertThat(opens(executor, fof, Map.of("n", "Alice"))).as("Knows from the cache").isEqualTo(1);
    // Two scans of Person, an expand into Company, a negation over WorksAt and Knows.
    String wide =
        """
        query q() {
          match { $a: Person  $b: Person  $a worksAt $c  not { $b knows $x }  $a.age < $b.age }
          return { $a.name, $b.name, $c.name }
        }
        """;
    assertThat(opens(executor, wide, null)).as("Person, Company, WorksAt").isEqualTo(3);
    assertThat(executor.cachedEdgeTables()).isEqualTo(2);
  }

  @Test
  void edgePropertiesAreReadWithTheEdgesInOneOpen() {
    QueryExecutor executor = new QueryExecutor(tables);
    String bound =
        "query q() { match { $p: Person  $p $w:knows $f  not { $p $v:knows $g  $v.since > date(\"2030-01-01\") } } return { $w.since, $f.name } }";
    assertThat(opens(executor, bound, null)).as("Person, Knows with since").isEqualTo(2);
    // An index holding edge properties is the query's own: the cache keeps only id columns.
    assertThat(executor.cachedEdgeTables()).isZero();
  }

  @Test
  void theEdgeIndexCacheIsBounded() {
    QueryExecutor executor = new QueryExecutor(tables, Clock.systemUTC(), 1);
    opens(executor, "query q() { match { $p: Person  $p knows $f } return { $f.name } }", null);
    opens(executor, "query q() { match { $p: Person  $p worksAt $c } return { $c.name } }", null);
    assertThat(executor.cachedEdgeTables()).isEqualTo(1);
    assertThat(
            opens(
                executor,
                "query q() { match { $p: Person  $p knows $f } return { $f.name } }",
                null))
        .as("Knows was evicted")
        .isEqualTo(2);
  }
}
