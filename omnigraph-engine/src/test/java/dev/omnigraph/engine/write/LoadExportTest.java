package dev.omnigraph.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.BranchNotFoundException;
import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.engine.KeyConflictException;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.ReadOnlyGraphException;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.TableStats;
import dev.omnigraph.engine.table.Tables;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loads and exports through the facade: round trips, atomicity, batching, branches, history. */
class LoadExportTest {
  @TempDir Path root;

  private static InputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String export(Omnigraph g, String branch) {
    StringWriter out = new StringWriter();
    g.export(branch, out);
    return out.toString();
  }

  private static String persons(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i -> "{\"type\":\"Person\",\"data\":{\"name\":\"p" + i + "\",\"age\":" + i + "}}\n")
        .collect(Collectors.joining());
  }

  /** Load, export, load the export into a fresh graph, export again: the same text. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"test", "context", "search", "signals"})
  void anExportLoadsIntoAFreshGraphAndExportsTheSame(String fixture) {
    String schema = WriteCases.resource(fixture + ".pg");
    try (Omnigraph a = Omnigraph.init(root.resolve("a"), schema);
        Omnigraph b = Omnigraph.init(root.resolve("b"), schema)) {
      LoadResult first =
          a.load(
              "main",
              input(WriteCases.resource(fixture + ".jsonl")),
              LoadOptions.of(LoadMode.OVERWRITE));
      String exported = export(a, "main");
      assertThat(exported.lines().count()).isEqualTo(first.totalEntities());
      b.load("main", input(exported), LoadOptions.of(LoadMode.OVERWRITE).batchRows(3));
      assertThat(export(b, "main")).isEqualTo(exported);
    }
  }

  @Test
  void theExportShapesAndOrderFollowTheLoadFormat() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"))) {
      g.load(
          "main",
          input(
              """
              {"type": "Person", "data": {"name": "Bob", "age": 25}}
              {"type": "Person", "data": {"name": "Alice"}}
              {"type": "Company", "data": {"name": "Acme"}}
              {"edge": "WorksAt", "from": "Alice", "to": "Acme", "data": {"id": "w1"}}
              {"edge": "Knows", "from": "Bob", "to": "Alice", "data": {"id": "k2", "since": "2024-01-02"}}
              {"edge": "Knows", "from": "Alice", "to": "Bob", "data": {"id": "k1"}}
              """),
          LoadOptions.of(LoadMode.OVERWRITE));
      assertThat(export(g, "main"))
          .isEqualTo(
              """
              {"edge":"Knows","from":"Alice","to":"Bob","data":{"id":"k1","since":null}}
              {"edge":"Knows","from":"Bob","to":"Alice","data":{"id":"k2","since":19724}}
              {"edge":"WorksAt","from":"Alice","to":"Acme","data":{"id":"w1"}}
              {"type":"Company","data":{"id":"Acme","name":"Acme"}}
              {"type":"Person","data":{"id":"Alice","age":null,"name":"Alice"}}
              {"type":"Person","data":{"id":"Bob","age":25,"name":"Bob"}}
              """);
    }
  }

  @Test
  void aBadLineAfterBatchesWereWrittenOutCommitsNothing() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"))) {
      g.load("main", input(persons(0, 3)), LoadOptions.of(LoadMode.OVERWRITE));
      long seq = g.snapshot("main").seq();
      String before = export(g, "main");
      String bad =
          persons(3, 20)
              + "{\"type\":\"Person\",\"data\":{\"name\":\"x\",\"age\":\"old\"}}\n"
              + persons(20, 30);
      for (LoadMode mode : LoadMode.values()) {
        assertThatThrownBy(() -> g.load("main", input(bad), LoadOptions.of(mode).batchRows(4)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("line 18: strict property 'age' expects Int32");
        assertThat(g.snapshot("main").seq()).isEqualTo(seq);
        assertThat(export(g, "main")).isEqualTo(before);
      }
      // The next load works.
      g.load("main", input(persons(3, 5)), LoadOptions.of(LoadMode.APPEND));
      assertThat(export(g, "main").lines().count()).isEqualTo(5);
    }
  }

  @Test
  void rowsAreWrittenOutInBatchesAndARepeatedIdAcrossBatchesKeepsTheLastRow() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"));
        Tables tables = new Tables(root.toString(), Map.of())) {
      g.load("main", input(persons(0, 10)), LoadOptions.of(LoadMode.OVERWRITE).batchRows(3));
      Snapshot s = g.snapshot("main");
      TableStats stats =
          tables.stats(s.table(EntityKind.NODE, "Person").orElseThrow().tableVersion());
      assertThat(stats.fragments()).as("one fragment per batch of 3").isEqualTo(4);
      assertThat(stats.rows()).isEqualTo(10);

      String edges =
          """
          {"edge":"Knows","from":"p0","to":"p1","data":{"id":"k"}}
          {"edge":"Knows","from":"p1","to":"p2","data":{"id":"j"}}
          {"edge":"Knows","from":"p2","to":"p3","data":{"id":"x"}}
          {"edge":"Knows","from":"p3","to":"p4","data":{"id":"k"}}
          {"edge":"Knows","from":"p4","to":"p5","data":{"id":"j"}}
          {"edge":"Knows","from":"p5","to":"p6","data":{"id":"k"}}
          """;
      LoadResult r = g.load("main", input(edges), LoadOptions.of(LoadMode.MERGE).batchRows(2));
      assertThat(r.edgesLoaded()).containsEntry("Knows", 6L);
      assertThat(export(g, "main").lines().filter(l -> l.startsWith("{\"edge\"")).toList())
          .containsExactly(
              "{\"edge\":\"Knows\",\"from\":\"p4\",\"to\":\"p5\",\"data\":{\"id\":\"j\",\"since\":null}}",
              "{\"edge\":\"Knows\",\"from\":\"p5\",\"to\":\"p6\",\"data\":{\"id\":\"k\",\"since\":null}}",
              "{\"edge\":\"Knows\",\"from\":\"p2\",\"to\":\"p3\",\"data\":{\"id\":\"x\",\"since\":null}}");
      // A second merge of the same ids replaces the held rows.
      g.load(
          "main",
          input("{\"edge\":\"Knows\",\"from\":\"p9\",\"to\":\"p9\",\"data\":{\"id\":\"x\"}}\n"),
          LoadOptions.of(LoadMode.MERGE));
      assertThat(export(g, "main"))
          .contains(
              "{\"edge\":\"Knows\",\"from\":\"p9\",\"to\":\"p9\",\"data\":{\"id\":\"x\",\"since\":null}}")
          .doesNotContain("\"from\":\"p2\"");
    }
  }

  @Test
  void aLoadFromAnotherBranchCreatesTheTargetOnlyWhenTheLoadIsValid() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"))) {
      g.load("main", input(WriteCases.resource("test.jsonl")), LoadOptions.of(LoadMode.OVERWRITE));
      assertThatThrownBy(
              () -> g.load("feature", input(persons(0, 1)), LoadOptions.of(LoadMode.APPEND)))
          .isInstanceOf(BranchNotFoundException.class);
      assertThatThrownBy(() ->
              g.load(
                  "feature",
                  input("{\"type\":\"Person\",\"data\":{\"name\":\"Alice\"}}\n"),
                  LoadOptions.of(LoadMode.APPEND).from("main")))
          .isInstanceOf(KeyConflictException.class)
          .satisfies(e -> {
            KeyConflictException k = (KeyConflictException) e;
            assertThat(List.of(k.entityKind(), k.typeName(), k.entityId()))
                .containsExactly("node", "Person", "Alice");
          });
      assertThat(g.branches()).containsExactly("main");

      LoadResult r =
          g.load("feature", input(persons(0, 2)), LoadOptions.of(LoadMode.APPEND).from("main"));
      assertThat(r.branchCreated()).isTrue();
      assertThat(r.baseBranch()).contains("main");
      CommitRecord commit = r.commit().orElseThrow();
      assertThat(commit.branch()).isEqualTo("feature");
      assertThat(commit.seq()).as("branch record, then the load").isEqualTo(2);
      assertThat(export(g, "feature").lines().count()).isEqualTo(13);
      assertThat(export(g, "main").lines().count()).isEqualTo(11);

      LoadResult again =
          g.load("feature", input(persons(5, 6)), LoadOptions.of(LoadMode.APPEND).from("main"));
      assertThat(again.branchCreated()).isFalse();
      assertThat(again.baseBranch()).isEmpty();
    }
  }

  @Test
  void anEmptyInputCommitsNothingAndExportAtCommitTravelsInTime() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"))) {
      LoadResult loaded =
          g.load(
              "main", input(WriteCases.resource("test.jsonl")), LoadOptions.of(LoadMode.OVERWRITE));
      String v = loaded.commit().orElseThrow().commitId();
      LoadResult empty = g.load("main", input("\n  \r\n"), LoadOptions.of(LoadMode.MERGE));
      assertThat(empty.commit()).isEmpty();
      assertThat(empty.totalEntities()).isZero();

      // C150: after inserting Eve, the earlier commit still has the four persons.
      g.mutate(
          "main",
          "query add($n: String) { insert Person { name: $n, age: 22 } }",
          null,
          Map.of("n", "Eve"),
          WriteOptions.defaults());
      StringWriter then = new StringWriter();
      ExportResult old = g.exportAtCommit(v, then);
      assertThat(old.commitId()).isEqualTo(v);
      assertThat(old.nodes()).containsEntry("Person", 4L);
      assertThat(then.toString()).doesNotContain("Eve");
      assertThat(export(g, "main")).contains("\"id\":\"Eve\"");
    }
  }

  @Test
  void anExportOfNamedTypesWritesOnlyTheirLinesInTheFullExportsOrder() {
    try (Omnigraph g = Omnigraph.init(root, WriteCases.resource("test.pg"))) {
      LoadResult loaded =
          g.load(
              "main", input(WriteCases.resource("test.jsonl")), LoadOptions.of(LoadMode.OVERWRITE));
      String head = loaded.commit().orElseThrow().commitId();
      String all = export(g, "main");
      StringWriter some = new StringWriter();
      ExportResult result = g.exportAtCommit(head, java.util.Set.of("Person", "Knows"), some);
      assertThat(some.toString())
          .isEqualTo(
              all.lines()
                      .filter(l ->
                          l.startsWith("{\"type\":\"Person\"")
                              || l.startsWith("{\"edge\":\"Knows\""))
                      .collect(Collectors.joining("\n"))
                  + "\n");
      assertThat(result.nodes()).containsOnlyKeys("Person");
      assertThat(result.edges()).containsOnlyKeys("Knows");
      StringWriter every = new StringWriter();
      g.exportAtCommit(head, java.util.Set.of(), every);
      assertThat(every.toString()).isEqualTo(all);
    }
  }

  @Test
  void aReadOnlyHandleExportsButRefusesMutationsAndLoads() {
    Omnigraph.init(root, WriteCases.resource("test.pg")).close();
    try (Omnigraph g = Omnigraph.open(root, AccessMode.READ_ONLY)) {
      assertThatThrownBy(() ->
              g.mutate(
                  "main",
                  "query add($n: String) { insert Person { name: $n } }",
                  null,
                  Map.of("n", "Eve"),
                  WriteOptions.defaults()))
          .isInstanceOf(ReadOnlyGraphException.class);
      assertThatThrownBy(() -> g.load("main", input(persons(0, 1)), LoadOptions.of(LoadMode.MERGE)))
          .isInstanceOf(ReadOnlyGraphException.class);
      assertThat(export(g, "main")).isEmpty();
    }
  }

  @Test
  void aLineOverTheStructuralTokenLimitIsRefused() {
    try (Omnigraph g = Omnigraph.init(root, "node Doc { slug: String @key\n tags: [I64]? }")) {
      String many = IntStream.range(0, 140_000).mapToObj(i -> "1").collect(Collectors.joining(","));
      assertThatThrownBy(() ->
              g.load(
                  "main",
                  input("{\"type\":\"Doc\",\"data\":{\"slug\":\"a\",\"tags\":[" + many + "]}}\n"),
                  LoadOptions.of(LoadMode.OVERWRITE)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 1: more than 131072 JSON structural tokens");
    }
  }
}
