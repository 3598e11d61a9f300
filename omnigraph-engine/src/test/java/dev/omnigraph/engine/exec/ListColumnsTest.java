package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryParams;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of list, vector and date-time columns (spec C62, C144), on tables written directly in Arrow
 * (independently of the engine's own batch writer); the executor runs exactly as {@code
 * Omnigraph.query} runs it, on a graph state naming those tables.
 */
class ListColumnsTest {
  @TempDir Path root;
  private Tables tables;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
  }

  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  private GraphState state(Catalog catalog, Map<String, List<Map<String, Object>>> rows) {
    Map<String, TableVersion> nodes = new HashMap<>();
    for (Catalog.NodeType t : catalog.nodeTypes().values()) {
      TableVersion v = tables.create("tables/" + t.name(), ArrowSchemas.node(t));
      try (VectorSchemaRoot batch =
          ArrowRows.batch(
              ArrowSchemas.node(t), rows.getOrDefault(t.name(), List.of()), tables.allocator())) {
        nodes.put(t.name(), tables.append(v, batch));
      }
    }
    return new GraphState("01TESTCOMMIT", catalog, nodes, Map.of());
  }

  private QueryResult run(Catalog catalog, GraphState state, String query, String params) {
    CompiledQuery.Read read =
        (CompiledQuery.Read)
            QueryCompiler.compile(SourceText.of("q.gq", query), catalog, Optional.empty());
    return new QueryExecutor(tables)
        .run(
            read,
            QueryParams.fromJson(
                Json.parse(params), read.checked().decl().params(), QueryParams.Mode.STANDARD),
            state);
  }

  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }

  @Test
  void listMembershipAndVectorValues() {
    Catalog catalog =
        TestGraphs.catalog("node Doc { slug: String @key  tags: [String]  embedding: Vector(2)? }");
    GraphState state =
        state(
            catalog,
            Map.of(
                "Doc",
                List.of(
                    row(
                        "id",
                        "alpha",
                        "slug",
                        "alpha",
                        "tags",
                        List.of("red", "blue"),
                        "embedding",
                        List.of(0.5f, -1f)),
                    row("id", "bravo", "slug", "bravo", "tags", List.of("green")),
                    row("id", "charlie", "slug", "charlie", "tags", List.of("red", "green")),
                    row("id", "delta", "slug", "delta", "tags", List.of()))));
    // C62: the only scan of Doc, so membership is pushed into storage.
    QueryResult r =
        run(
            catalog,
            state,
            "query q($tag: String) { match { $d: Doc  $d.tags contains $tag } return { $d.slug, $d.tags, $d.embedding } order { $d.slug asc } }",
            "{\"tag\": \"red\"}");
    assertThat(r.rows())
        .containsExactly(
            java.util.Arrays.asList("alpha", List.of("red", "blue"), List.of(0.5f, -1f)),
            java.util.Arrays.asList("charlie", List.of("red", "green"), null));
    // Two scans of Doc read it whole and test membership in memory: the same answer.
    QueryResult crossed =
        run(
            catalog,
            state,
            "query q($tag: String) { match { $d: Doc  $e: Doc { slug: \"delta\" }  $d.tags contains $tag } return { $d.slug } }",
            "{\"tag\": \"red\"}");
    assertThat(crossed.column("d.slug")).containsExactlyInAnyOrder("alpha", "charlie");
  }

  @Test
  void dateTimesAndListsOfEveryKindRoundTrip() {
    Catalog catalog =
        TestGraphs.catalog(
            """
            node Task {
              slug: String @key  title: String  due_at: DateTime
              tags: [String]  scores: [I32]?  active_days: [Date]?
            }
            """);
    GraphState state =
        state(
            catalog,
            Map.of(
                "Task",
                List.of(
                    row(
                        "id",
                        "alpha",
                        "slug",
                        "alpha",
                        "title",
                        "Launch",
                        "due_at",
                        Instant.parse("2026-04-01T08:30:00Z"),
                        "tags",
                        List.of("launch", "priority"),
                        "scores",
                        List.of(1, 2),
                        "active_days",
                        List.of(LocalDate.parse("2026-03-30"), LocalDate.parse("2026-03-31"))),
                    row(
                        "id",
                        "beta",
                        "slug",
                        "beta",
                        "title",
                        "Later",
                        "due_at",
                        Instant.parse("2026-05-01T00:00:00Z"),
                        "tags",
                        List.of("launch")))));
    // C144
    QueryResult r =
        run(
            catalog,
            state,
            """
            query q($deadline: DateTime, $tag: String) {
              match { $t: Task  $t.due_at <= $deadline  $t.tags contains $tag }
              return { $t.slug, $t.due_at, $t.tags, $t.scores, $t.active_days }
            }
            """,
            "{\"deadline\": \"2026-04-02T00:00:00Z\", \"tag\": \"launch\"}");
    assertThat(r.rows())
        .containsExactly(
            List.of(
                "alpha",
                Instant.parse("2026-04-01T08:30:00Z"),
                List.of("launch", "priority"),
                List.of(1, 2),
                List.of(LocalDate.parse("2026-03-30"), LocalDate.parse("2026-03-31"))));
    QueryResult nullLists =
        run(
            catalog,
            state,
            "query q() { match { $t: Task  $t.scores contains 2 } return { $t.slug } }",
            "{}");
    assertThat(nullLists.column("t.slug")).containsExactly("alpha");
  }
}
