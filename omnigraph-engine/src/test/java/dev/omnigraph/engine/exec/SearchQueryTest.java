package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.TableOptimized;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryParams;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector ranking over 10,000 nodes loaded in two commits (spec C73), without and with the vector
 * index, and what it costs in table opens: one search when the first candidates suffice, a few more
 * (doubling) when a filter storage cannot run drops most of them.
 */
class SearchQueryTest {
  private static final int DOCS = 10_000;
  private static final String SCHEMA =
      "node Doc { slug: String @key  embedding: Vector(4) @index }";
  private static final String NEAREST =
      "query q($q: Vector(4)) { match { $d: Doc } return { $d.slug }"
          + " order { nearest($d.embedding, $q) } limit 8193 }";
  // "…" contains $d.slug tests the literal, so storage cannot run it: it stays in memory.
  private static final String FARTHEST_THREE =
      "query q($q: Vector(4)) { match { $d: Doc  \"n09997 n09998 n09999\" contains $d.slug }"
          + " return { $d.slug } order { nearest($d.embedding, $q) } limit 3 }";

  @TempDir static Path root;
  private static Tables tables;
  private static GraphState plain;
  private static GraphState indexed;
  private static List<List<Object>> plainRows;
  private static List<List<Object>> indexedRows;
  private static List<TableOptimized> optimized;

  @BeforeAll
  static void build() {
    try (Omnigraph graph = Omnigraph.init(root, SCHEMA)) {
      for (int batch = 0; batch < 2; batch++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = batch * DOCS / 2; i < (batch + 1) * DOCS / 2; i++) {
          String slug = String.format("n%05d", i);
          rows.add(Map.of("id", slug, "slug", slug, "embedding", List.of((float) i, 0f, 0f, 0f)));
        }
        graph.append("main", Map.of("Doc", rows));
      }
      Map<String, ?> zero = Map.of("q", List.of(0, 0, 0, 0));
      plainRows = graph.query("main", NEAREST, null, zero).rows();
      plain = state(graph.snapshot("main"));
      optimized = graph.optimize("main").result();
      indexedRows = graph.query("main", NEAREST, null, zero).rows();
      indexed = state(graph.snapshot("main"));
    }
    tables = new Tables(root.toAbsolutePath().toString(), Map.of());
  }

  @AfterAll
  static void close() {
    tables.close();
  }

  private static GraphState state(Snapshot s) {
    Map<String, TableVersion> nodes = new HashMap<>();
    for (Snapshot.TableState t : s.tables()) {
      nodes.put(t.typeName(), t.tableVersion());
    }
    return new GraphState(s.commitId(), s.schema().catalog(), nodes, Map.of());
  }

  @Test
  void c73TheNearest8193OfTenThousandInExactOrderWithAndWithoutTheIndex() {
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < 8193; i++) {
      expected.add(List.of(String.format("n%05d", i)));
    }
    assertThat(optimized).anySatisfy(t -> assertThat(t.indexesBuilt()).contains("embedding_idx"));
    assertThat(plainRows).isEqualTo(expected);
    assertThat(indexedRows).isEqualTo(expected);
  }

  @Test
  void oneSearchWhenTheFirstCandidatesSuffice() {
    Run run = run(indexed, NEAREST, Map.of("q", List.of(0, 0, 0, 0)));
    assertThat(run.rows()).hasSize(8193);
    assertThat(run.opens()).isEqualTo(1);
  }

  @Test
  void aFilterLeftToMemoryWidensTheSearchByDoublingUntilLimitRowsPass() {
    for (GraphState state : List.of(plain, indexed)) {
      Run run = run(state, FARTHEST_THREE, Map.of("q", List.of(0, 0, 0, 0)));
      assertThat(run.rows())
          .containsExactly(List.of("n09997"), List.of("n09998"), List.of("n09999"));
      // 4, 8, ..., 16384 candidates: a search per doubling, never more.
      assertThat(run.opens()).isBetween(2L, 13L);
    }
  }

  private record Run(List<List<Object>> rows, long opens) {}

  private static Run run(GraphState state, String query, Map<String, ?> params) {
    CompiledQuery.Read read =
        (CompiledQuery.Read)
            QueryCompiler.compile(SourceText.of("q.gq", query), state.catalog(), Optional.empty());
    long before = tables.opens();
    QueryResult result =
        new QueryExecutor(tables)
            .run(
                read,
                QueryParams.fromJson(
                    params, read.checked().decl().params(), QueryParams.Mode.STANDARD),
                state);
    return new Run(result.rows(), tables.opens() - before);
  }
}
