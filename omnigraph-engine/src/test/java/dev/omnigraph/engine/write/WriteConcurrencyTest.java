package dev.omnigraph.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.WriteConflictException;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that lose their commit put to a concurrent writer, made deterministic by pausing the first
 * writer just before its put ({@link Failpoint#LOG_BEFORE_RECORD_PUT}) while a second one commits:
 * validation runs again on the state the write would land on.
 */
class WriteConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;

  private Omnigraph graph;
  private Omnigraph racer;
  private ExecutorService pool;
  private String queries;

  @BeforeEach
  void setUp() {
    graph = Omnigraph.init(root, WriteCases.resource("test.pg"));
    graph.load(
        "main", input(WriteCases.resource("test.jsonl")), LoadOptions.of(LoadMode.OVERWRITE));
    queries = WriteCases.resource("mutations.gq");
    racer = Omnigraph.open(root);
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    racer.close();
    graph.close();
  }

  private static InputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private MutationResult mutate(String name, Map<String, Object> params) {
    return mutate(graph, name, params);
  }

  private MutationResult mutate(Omnigraph on, String name, Map<String, Object> params) {
    return on.mutate("main", queries, name, params, WriteOptions.defaults());
  }

  private String export() {
    StringWriter out = new StringWriter();
    graph.export("main", out);
    return out.toString();
  }

  /**
   * Runs {@code first} on a second handle (as another process would: writers of one handle take
   * turns on a table and never interleave like this) until it is about to put its commit, runs
   * {@code second} on the main handle, then resumes {@code first}.
   */
  private <T> Future<T> interleave(Function<Omnigraph, T> first, Runnable second) throws Exception {
    try (Rendezvous beforePut = new Rendezvous("before-put");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(beforePut).times(1))) {
      Future<T> paused = pool.submit(() -> first.apply(racer));
      beforePut.awaitArrival(WAIT);
      second.run();
      beforePut.release();
      try {
        paused.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException expected) {
        // The caller inspects the outcome.
      }
      assertThat(armed.fired()).isEqualTo(1);
      return paused;
    }
  }

  private static Throwable failure(Future<?> f) {
    assertThat(f.state()).isEqualTo(Future.State.FAILED);
    return f.exceptionNow();
  }

  @Test
  void anInsertWhoseEndpointAConcurrentDeleteRemovedIsValidatedAgainAndRefused() throws Exception {
    long seq = graph.snapshot("main").seq();
    Future<MutationResult> insert =
        interleave(
            g -> mutate(g, "add_friend", Map.of("from", "Diana", "to", "Alice")),
            () ->
                assertThat(mutate("remove_person", Map.of("name", "Alice")).affectedEdges())
                    .isEqualTo(3));
    assertThat(failure(insert))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dst 'Alice' not found in Person");
    assertThat(graph.snapshot("main").seq()).as("only the delete committed").isEqualTo(seq + 1);
    assertThat(export()).doesNotContain("Alice");
  }

  @Test
  void anInsertThatLosesToAWriterOfOtherTablesIsPutAgainOnTopOfIt() throws Exception {
    long seq = graph.snapshot("main").seq();
    Future<MutationResult> insert =
        interleave(
            g -> mutate(g, "insert_person", Map.of("name", "Eve", "age", 22)),
            () ->
                graph.load(
                    "main",
                    input("{\"type\":\"Company\",\"data\":{\"name\":\"Initech\"}}\n"),
                    LoadOptions.of(LoadMode.APPEND)));
    MutationResult done = insert.resultNow();
    assertThat(done.commit().orElseThrow().seq()).isEqualTo(seq + 2);
    assertThat(export()).contains("\"id\":\"Eve\"").contains("\"id\":\"Initech\"");
  }

  @Test
  void anUpdateThatLosesToAnUpdateOfTheSameTableFailsWithAConflict() throws Exception {
    Future<MutationResult> update =
        interleave(
            g -> mutate(g, "set_age", Map.of("name", "Alice", "age", 31)),
            () -> mutate("set_age", Map.of("name", "Alice", "age", 40)));
    assertThat(failure(update))
        .isInstanceOf(WriteConflictException.class)
        .hasMessageContaining("strict write");
    assertThat(export()).contains("{\"id\":\"Alice\",\"age\":40,\"name\":\"Alice\"}");
  }

  @Test
  void anAppendLoadThatLosesToAnotherAppendIsPreparedAgainFromTheRowsItWroteOut() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      rows.append("{\"type\":\"Person\",\"data\":{\"name\":\"n").append(i).append("\"}}\n");
    }
    Future<LoadResult> load =
        interleave(
            g ->
                g.load(
                    "main", input(rows.toString()), LoadOptions.of(LoadMode.APPEND).batchRows(2)),
            () ->
                graph.load(
                    "main",
                    input("{\"type\":\"Person\",\"data\":{\"name\":\"other\"}}\n"),
                    LoadOptions.of(LoadMode.APPEND)));
    assertThat(load.resultNow().nodesLoaded()).containsEntry("Person", 7L);
    String state = export();
    assertThat(state.lines().filter(l -> l.startsWith("{\"type\":\"Person\"")).count())
        .isEqualTo(4 + 1 + 7);
    assertThat(state).contains("\"id\":\"n6\"").contains("\"id\":\"other\"");
  }

  @Test
  void anAppendLoadThatLosesToAWriterOfTheSameIdIsRefusedOnRevalidation() throws Exception {
    Future<LoadResult> load =
        interleave(
            g ->
                g.load(
                    "main",
                    input("{\"type\":\"Person\",\"data\":{\"name\":\"Eve\"}}\n"),
                    LoadOptions.of(LoadMode.APPEND)),
            () -> mutate("insert_person", Map.of("name", "Eve", "age", 5)));
    assertThat(failure(load))
        .isInstanceOf(dev.omnigraph.engine.KeyConflictException.class)
        .hasMessageContaining("already has this id: 'Eve'");
    assertThat(export()).contains("{\"id\":\"Eve\",\"age\":5,\"name\":\"Eve\"}");
  }

  @Test
  void anOverwriteLoadIsStrict() throws Exception {
    Future<LoadResult> overwrite =
        interleave(
            g ->
                g.load(
                    "main",
                    input(
                        """
                        {"type":"Company","data":{"name":"Acme"}}
                        {"type":"Company","data":{"name":"Globex"}}
                        {"type":"Company","data":{"name":"Solo"}}
                        """),
                    LoadOptions.of(LoadMode.OVERWRITE)),
            () ->
                graph.load(
                    "main",
                    input("{\"type\":\"Company\",\"data\":{\"name\":\"Initech\"}}\n"),
                    LoadOptions.of(LoadMode.APPEND)));
    assertThat(failure(overwrite)).isInstanceOf(WriteConflictException.class);
    assertThat(export()).contains("\"id\":\"Initech\"").doesNotContain("Solo");
  }

  @Test
  void aWriteConditionalOnTheHeadFailsOnceTheBranchMovedEvenOnOtherTables() throws Exception {
    String head = graph.snapshot("main").commitId();
    WriteOptions ifHead = WriteOptions.defaults().ifCommit(head);
    Future<MutationResult> conditional =
        interleave(
            g -> g.mutate("main", queries, "set_age", Map.of("name", "Bob", "age", 1), ifHead),
            () ->
                graph.load(
                    "main",
                    input("{\"type\":\"Company\",\"data\":{\"name\":\"Initech\"}}\n"),
                    LoadOptions.of(LoadMode.APPEND)));
    assertThat(failure(conditional))
        .isInstanceOf(WriteConflictException.class)
        .hasMessageContaining("required the branch head to stay");
    assertThatThrownBy(
            () -> graph.mutate("main", queries, "set_age", Map.of("name", "Bob", "age", 1), ifHead))
        .isInstanceOf(WriteConflictException.class)
        .hasMessageContaining("not the expected " + head);
    String now = graph.snapshot("main").commitId();
    MutationResult done =
        graph.mutate(
            "main", queries, "set_age", Map.of("name", "Bob", "age", 1), ifHead.ifCommit(now));
    assertThat(done.commit().orElseThrow().parents().getFirst().commitId()).isEqualTo(now);
    assertThatThrownBy(() ->
            graph.load(
                "main",
                input("{\"type\":\"Company\",\"data\":{\"name\":\"Late\"}}\n"),
                LoadOptions.of(LoadMode.APPEND).write(WriteOptions.defaults().ifCommit(now))))
        .isInstanceOf(WriteConflictException.class);
    assertThat(export())
        .contains("{\"id\":\"Bob\",\"age\":1,\"name\":\"Bob\"}")
        .doesNotContain("Late");
  }
}
