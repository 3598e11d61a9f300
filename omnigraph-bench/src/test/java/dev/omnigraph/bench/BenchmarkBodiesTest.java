package dev.omnigraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.exec.QueryResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Runs every benchmark body once, outside JMH, and checks it did the work it claims to measure, so
 * the benchmarks cannot rot between runs.
 */
class BenchmarkBodiesTest {
  @TempDir Path dir;

  static long rows(Snapshot s, EntityKind kind, String type) {
    return s.table(kind, type).orElseThrow().rowCount();
  }

  @Test
  void writeLatencyBodiesCommitWhatTheyClaim() {
    WriteLatencyBenchmark bench = new WriteLatencyBenchmark();
    WriteLatencyBenchmark.Graph g = new WriteLatencyBenchmark.Graph();
    g.create();
    try {
      bench.omnigraphOneRow(g);
      bench.omnigraphThreeTables(g);
      Snapshot s = g.graph.snapshot("main");
      assertThat(s.seq()).isEqualTo(3);
      assertThat(rows(s, EntityKind.NODE, BenchSchema.PERSON)).isEqualTo(2);
      assertThat(rows(s, EntityKind.NODE, BenchSchema.COMPANY)).isEqualTo(1);
      assertThat(rows(s, EntityKind.EDGE, BenchSchema.KNOWS)).isEqualTo(1);
    } finally {
      g.delete();
    }
    assertThat(g.scratch.path()).doesNotExist();

    WriteLatencyBenchmark.RawTable t = new WriteLatencyBenchmark.RawTable();
    t.create();
    try {
      assertThat(bench.rawLanceOneRow(t)).isEqualTo(1);
      assertThat(bench.rawLanceOneRowReopened(t)).isEqualTo(2);
      assertThat(t.table.countRows()).isEqualTo(2);
    } finally {
      t.delete();
    }
    assertThat(t.scratch.path()).doesNotExist();
  }

  @Test
  void theRawBaselineTableHasTheShapeOfTheEnginesPersonTable() {
    assertThat(RawLanceTable.personSchema().getFields())
        .extracting(f -> f.getName())
        .containsExactly("id", "age", "name");
  }

  @Test
  void storeWriteBodiesWriteDurably() {
    StoreWriteBenchmark bench = new StoreWriteBenchmark();
    StoreWriteBenchmark.Store s = new StoreWriteBenchmark.Store();
    s.create();
    try {
      assertThat(bench.putIfAbsentRecord(s)).isTrue();
      bench.putHint(s);
      assertThat(s.store.list("log/main/"))
          .containsExactly("log/main/00000000000000000001.json", "log/main/tip");
      assertThat(s.store.read("log/main/00000000000000000001.json").orElseThrow())
          .hasSize(StoreWriteBenchmark.RECORD_BYTES);
    } finally {
      s.delete();
    }
  }

  @Test
  void concurrentWriteBodiesCommitOneRowEachAndLoseNoPutAlone() {
    ConcurrentWriteBenchmark bench = new ConcurrentWriteBenchmark();
    ConcurrentWriteBenchmark.SharedGraph g = new ConcurrentWriteBenchmark.SharedGraph();
    ConcurrentWriteBenchmark.Outcomes out = new ConcurrentWriteBenchmark.Outcomes();
    g.create();
    out.reset();
    try {
      bench.oneWriter(g, out);
      bench.fourWritersSameTable(g, out);
      for (int i = 0; i < 4; i++) {
        bench.fourWritersDisjointTables(g, out, new ThreadParams(i, 4, 0, 1, 0, 1, i, 4, i, 4));
      }
      Snapshot s = g.graph.snapshot("main");
      assertThat(s.seq()).isEqualTo(7);
      assertThat(rows(s, EntityKind.NODE, "Person")).isEqualTo(3);
      for (String type : List.of("Company", "City", "Product")) {
        assertThat(rows(s, EntityKind.NODE, type)).as(type).isEqualTo(1);
      }
      assertThat(out.commits).isEqualTo(6);
      assertThat(List.of(out.reputs, out.redos, out.gaveUp)).containsOnly(0L);
    } finally {
      g.delete();
    }
  }

  @Test
  void openBodiesReadTheHistoryFixture() {
    Path folder = dir.resolve("history-3");
    HistoryFixture built = BuildHistoryFixture.build(folder, 3);
    assertThat(HistoryFixture.read(folder, 3)).contains(built);
    assertThat(HistoryFixture.read(folder, 4)).isEmpty();

    OpenBenchmark bench = new OpenBenchmark();
    OpenBenchmark.Fixture f = new OpenBenchmark.Fixture();
    f.fixture = built;
    Snapshot cold = bench.omnigraphColdOpenToFirstRead(f);
    assertThat(cold.seq()).isEqualTo(4);
    assertThat(rows(cold, EntityKind.NODE, "Person")).isEqualTo(30);
    assertThat(rows(cold, EntityKind.EDGE, "Knows")).isEqualTo(30);
    assertThat(bench.omnigraphWarmOpenToFirstRead(f)).isEqualTo(cold);
    assertThat(bench.rawLanceColdOpenToFirstRead(f)).isEqualTo(30);
  }

  @Test
  void aMissingHistoryFixtureIsBuiltByAChildJvm() {
    Path folder = dir.resolve("history-2");
    HistoryFixture fixture = HistoryFixture.ensureInChildJvm(folder, 2);
    assertThat(fixture.seq()).isEqualTo(3);
    assertThat(fixture.people()).isEqualTo(20);
    try (Omnigraph graph = Omnigraph.open(fixture.graph())) {
      assertThat(graph.snapshot("main").seq()).isEqualTo(3);
    }
    // Present now, so a second call (in a benchmark fork, every fork after the first) reuses it.
    assertThat(HistoryFixture.ensureInChildJvm(folder, 2)).isEqualTo(fixture);
  }

  @ParameterizedTest
  @EnumSource(HistoryMemory.Subject.class)
  void historyMemoryMeasuresEveryWindowAndChecksTheRows(HistoryMemory.Subject subject) {
    List<HistoryMemory.Window> windows = HistoryMemory.run(subject, dir.resolve("target"), 5, 2);
    assertThat(windows).extracting(HistoryMemory.Window::commits).containsExactly(0L, 2L, 4L, 5L);
    assertThat(windows.getLast().heapAfterGcBytes()).isPositive();
    assertThat(windows.getLast().medianMs()).isPositive();
  }

  @Test
  void theSocialGraphHasTwoEdgesPerUserWithoutLoopsOrParallelEdges() {
    SocialGraph social = new SocialGraph(1003);
    long edges = 0;
    for (int i = 0; i < social.users(); i++) {
      int[] follows = social.follows(i);
      assertThat(follows).hasSize(i % 5).doesNotContain(i).doesNotHaveDuplicates();
      for (int target : follows) {
        assertThat(target).isBetween(0, social.users() - 1);
      }
      edges += follows.length;
    }
    assertThat(social.edges()).isEqualTo(edges).isEqualTo(2000 + 0 + 1 + 2);
    assertThat(new SocialGraph(1_000_000).edges()).isEqualTo(2_000_000);
  }

  @Test
  void graphLoadBodiesLoadEveryEntityAndTheRawLoadWritesTheSameRows() {
    SocialGraph social = new SocialGraph(500);
    Path jsonl = dir.resolve("social.jsonl");
    GraphLoadThroughput.generate(social, jsonl);
    GraphLoadThroughput.Outcome engine =
        GraphLoadThroughput.loadOmnigraph(jsonl, dir.resolve("graph"));
    assertThat(List.of(engine.users(), engine.edges())).containsExactly(500L, 1000L);
    assertThat(engine.nanos()).isPositive();
    GraphLoadThroughput.Outcome raw = GraphLoadThroughput.loadRaw(social, dir.resolve("raw-1"));
    assertThat(List.of(raw.users(), raw.edges())).containsExactly(500L, 1000L);

    try (RawLanceGraph rawGraph = RawLanceGraph.load(social, dir.resolve("raw-2"));
        Omnigraph graph = Omnigraph.open(dir.resolve("graph"))) {
      assertThat(rawGraph.followsNobody()).isEqualTo(100);
      QueryResult top = graph.query("main", SocialGraph.QUERIES, "most_followed", Map.of());
      assertThat(rawGraph.mostFollowed(20).followers()).isEqualTo(top.column("followers"));
      String name = SocialGraph.name(social.sampleUser(0));
      QueryResult user =
          graph.query("main", SocialGraph.QUERIES, "user_by_key", Map.of("name", name));
      assertThat(rawGraph.userByKey(name)).isEqualTo(user.rows()).hasSize(1);
    }
  }

  @Test
  void graphReadBodiesAnswerLikeTheRawBaselineOnEveryWorkload() {
    SocialGraph social = new SocialGraph(500);
    Path jsonl = dir.resolve("social.jsonl");
    GraphLoadThroughput.generate(social, jsonl);
    Path root = dir.resolve("graph");
    GraphLoadThroughput.loadOmnigraph(jsonl, root);
    try (Omnigraph graph = Omnigraph.open(root)) {
      // Three rounds with a different key each; run() fails on any differing answer.
      List<GraphReadLatency.Comparison> results = GraphReadLatency.run(graph, root, 2, 1);
      assertThat(results)
          .extracting(GraphReadLatency.Comparison::workload)
          .containsExactly(GraphReadLatency.Workload.values());
      assertThat(results)
          .allSatisfy(
              c -> assertThat(List.of(c.omnigraph().samples(), c.raw().samples())).containsOnly(2));
      assertThat(results)
          .extracting(GraphReadLatency.Comparison::lastAnswerSize)
          .containsExactly(
              1, results.get(1).lastAnswerSize(), results.get(2).lastAnswerSize(), 1, 20);
    }
    // The traversals found something for the sampled keys, or the comparison proves little.
    try (Omnigraph graph = Omnigraph.open(root)) {
      long found = 0;
      for (int r = 0; r < 3; r++) {
        String name = SocialGraph.name(social.sampleUser(r));
        found +=
            graph
                .query(
                    "main",
                    SocialGraph.QUERIES,
                    "follows_of_follows_older",
                    Map.of("name", name, "age", SocialGraph.AGE_ABOVE))
                .rowCount();
      }
      assertThat(found).isPositive();
    }
  }

  @Test
  void pairedWriteLatencyTimesEverySubjectInEveryMeasuredRound() {
    Map<PairedWriteLatency.Subject, PairedWriteLatency.Latency> results =
        PairedWriteLatency.run(2, 3);
    assertThat(results).containsOnlyKeys(PairedWriteLatency.Subject.values());
    assertThat(results.values()).allSatisfy(l -> assertThat(l.samples()).isEqualTo(3));
    assertThat(results.values()).allSatisfy(l -> assertThat(l.medianMs()).isPositive());
  }
}
