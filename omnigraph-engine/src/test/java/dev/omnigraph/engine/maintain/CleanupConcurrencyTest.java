package dev.omnigraph.engine.maintain;

import static dev.omnigraph.engine.maintain.GraphFixture.keep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.txn.Committed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleanup beside other writers, made deterministic with failpoint pauses: a write in flight keeps
 * its files through the grace period, and a branch created or re-created while cleanup plans stops
 * it before it deletes anything.
 */
class CleanupConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private GraphFixture g;
  private ExecutorService pool;

  @BeforeEach
  void init() {
    g = new GraphFixture(root);
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    g.close();
  }

  @Test
  void aWriteInFlightKeepsItsFilesThroughCleanupAndThenCommits() throws Exception {
    g.add("main", "p1");
    g.add("main", "p2");
    g.add("main", "p3");
    g.age(Duration.ofHours(2));
    Set<String> aged = g.files().keySet();

    try (Rendezvous atPut = new Rendezvous("writer");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
      Future<Committed<Map<String, Long>>> writer =
          pool.submit(() -> g.graph.append("main", Map.of("Person", List.of(row("p9")))));
      atPut.awaitArrival(WAIT);
      // The writer's table files exist; no record names them yet.
      Map<String, Long> inFlight = new HashMap<>(g.files());
      inFlight.keySet().removeAll(aged);
      assertThat(inFlight).isNotEmpty().allSatisfy((k, v) -> assertThat(k).startsWith("tables/"));

      // Without the grace period they would be garbage; with it, only the aged files are.
      CleanupReport noGrace = g.graph.cleanup(keep(1), false);
      CleanupReport withGrace = g.graph.cleanup(RetentionPolicy.keep(1), false);
      assertThat(noGrace.files() - withGrace.files()).isEqualTo(inFlight.size());
      assertThat(withGrace.files()).isPositive();

      CleanupReport done = g.graph.cleanup(RetentionPolicy.keep(1), true);
      assertThat(done.files()).isEqualTo(withGrace.files());
      assertThat(g.files()).containsAllEntriesOf(inFlight);

      atPut.release();
      CommitRecord committed = writer.get().record().orElseThrow();
      assertThat(committed.seq()).isEqualTo(5);
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3", "p9");
    g.scanAll(g.graph.snapshot("main"));
  }

  @Test
  void aBranchCreatedWhileCleanupPlansStopsItBeforeAnyDelete() throws Exception {
    CommitRecord m2 = g.add("main", "p1");
    g.add("main", "p2");
    Map<String, Long> before = g.files("tables/");

    try (Rendezvous afterRecord = new Rendezvous("cleanup");
        Armed armed =
            Failpoints.arm(Failpoint.GC_AFTER_RUN_RECORD, Action.pause(afterRecord).times(1))) {
      Future<CleanupReport> cleanup = pool.submit(() -> g.graph.cleanup(keep(1), true));
      afterRecord.awaitArrival(WAIT);
      // The run record is durable: branching from a commit it reclaims is already refused.
      assertThatThrownBy(() -> g.graph.createBranch("late", m2.ref()))
          .isInstanceOf(dev.omnigraph.engine.CommitReclaimedException.class);
      g.graph.createBranch("fresh", "main");
      afterRecord.release();

      assertThatThrownBy(cleanup::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              dev.omnigraph.engine.CleanupConflictException.class,
              e -> assertThat(e.code()).isEqualTo("cleanup_conflict"))
          .hasMessageContaining("[fresh] were created")
          .hasMessageContaining("run cleanup again");
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(g.files("tables/")).isEqualTo(before);
    assertThat(g.files("gc/")).isEmpty();
    // Nothing was reclaimed after all, and this instance's view of that is current.
    assertThat(g.people(g.graph.snapshotAt("main", 2))).containsExactly("p1");

    CleanupReport again = g.graph.cleanup(keep(1), true);
    assertThat(again.runId()).isPresent();
    assertThat(g.people(g.graph.snapshot("fresh"))).containsExactly("p1", "p2");
  }

  @Test
  void aBranchDeletedAndCreatedAgainWhileCleanupPlansStopsIt() throws Exception {
    g.add("main", "p1");
    g.graph.createBranch("b", "main");
    g.add("b", "q1");
    g.add("main", "p2");
    Map<String, Long> before = g.files("tables/");

    try (Rendezvous afterRecord = new Rendezvous("cleanup");
        Armed armed =
            Failpoints.arm(Failpoint.GC_AFTER_RUN_RECORD, Action.pause(afterRecord).times(1))) {
      Future<CleanupReport> cleanup = pool.submit(() -> g.graph.cleanup(keep(1), true));
      afterRecord.awaitArrival(WAIT);
      g.graph.deleteBranch("b");
      g.graph.createBranch("b", "main");
      afterRecord.release();

      assertThatThrownBy(cleanup::get)
          .cause()
          .isInstanceOf(dev.omnigraph.engine.CleanupConflictException.class)
          .hasMessageContaining("branch 'b' was deleted and created again");
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(g.files("tables/")).isEqualTo(before);
    assertThat(g.files("gc/")).isEmpty();
  }

  @Test
  void commitsOnExistingBranchesWhileCleanupPlansDoNotStopIt() throws Exception {
    g.add("main", "p1");
    g.add("main", "p2");

    try (Rendezvous afterRecord = new Rendezvous("cleanup");
        Armed armed =
            Failpoints.arm(Failpoint.GC_AFTER_RUN_RECORD, Action.pause(afterRecord).times(1))) {
      Future<CleanupReport> cleanup = pool.submit(() -> g.graph.cleanup(keep(1), true));
      afterRecord.awaitArrival(WAIT);
      g.add("main", "p3");
      afterRecord.release();

      assertThat(cleanup.get().runId()).isPresent();
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3");
    g.scanAll(g.graph.snapshot("main"));
  }

  private static Map<String, Object> row(String id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", "name-" + id);
    return row;
  }
}
