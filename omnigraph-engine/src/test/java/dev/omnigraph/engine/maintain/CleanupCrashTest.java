package dev.omnigraph.engine.maintain;

import static dev.omnigraph.engine.maintain.GraphFixture.keep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.table.ReferencedFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cleanup that dies after its run record or in the middle of its sweep is finished by the next
 * run: together they delete exactly what one run would have, every retained version still scans,
 * and the commits the first run named stay reclaimed.
 */
class CleanupCrashTest {
  @TempDir Path root;
  private GraphFixture g;

  @BeforeEach
  void init() {
    g = new GraphFixture(root);
    // Data files become garbage when the branch that wrote them is deleted.
    g.add("main", "p1");
    g.graph.createBranch("b", "main");
    g.add("b", "q1");
    g.add("b", "q2");
    g.graph.deleteBranch("b");
    g.add("main", "p2");
    g.add("main", "p3");
  }

  @AfterEach
  void close() {
    g.close();
  }

  @Test
  void aCrashMidSweepLeavesDataDeletedFirstAndTheNextRunFinishes() {
    Map<String, Long> before = g.files();
    CleanupReport plan = g.graph.cleanup(keep(1), false);

    try (Armed armed = Failpoints.arm(Failpoint.GC_MID_SWEEP, Action.crash().after(1).times(1))) {
      assertThatThrownBy(() -> g.graph.cleanup(keep(1), true)).isInstanceOf(FailpointCrash.class);
      assertThat(armed.fired()).isEqualTo(1);
    }
    Set<String> firstRun = gone(before);
    assertThat(firstRun)
        .hasSize(2)
        .allSatisfy(k -> assertThat(k).contains("/data/"))
        .noneMatch(ReferencedFiles::describesAVersion);

    g.reopen();
    CleanupReport second = g.graph.cleanup(keep(1), true);

    assertThat(second.expiredCommits()).isZero(); // the first run's record already names them
    assertThat(second.files()).isEqualTo(plan.files() - 2);
    assertThat(gone(before)).hasSize((int) plan.files());
    assertFinished();
  }

  @Test
  void aCrashAfterTheRunRecordDeletesNothingAndTheNextRunFinishes() {
    Map<String, Long> before = g.files("tables/");
    CleanupReport plan = g.graph.cleanup(keep(1), false);

    try (Armed armed = Failpoints.arm(Failpoint.GC_AFTER_RUN_RECORD, Action.crash().times(1))) {
      assertThatThrownBy(() -> g.graph.cleanup(keep(1), true)).isInstanceOf(FailpointCrash.class);
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(g.files("tables/")).isEqualTo(before);
    assertThat(g.files("gc/")).hasSize(1);

    g.reopen();
    // The run record stands: its commits are reclaimed even before their files go.
    assertThatThrownBy(() -> g.graph.snapshotAt("main", 2))
        .isInstanceOf(dev.omnigraph.engine.CommitReclaimedException.class);
    CleanupReport second = g.graph.cleanup(keep(1), true);

    assertThat(second.expiredCommits()).isZero();
    assertThat(second.files()).isEqualTo(plan.files());
    assertFinished();
  }

  private Set<String> gone(Map<String, Long> before) {
    Set<String> gone = new HashSet<>(before.keySet());
    gone.removeAll(g.files().keySet());
    return gone;
  }

  private void assertFinished() {
    assertThat(g.graph.cleanup(keep(1), false).files()).isZero();
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3");
    g.scanAll(g.graph.snapshot("main"));
    for (long seq = 1; seq <= 3; seq++) {
      long s = seq;
      assertThatThrownBy(() -> g.graph.snapshotAt("main", s))
          .isInstanceOf(dev.omnigraph.engine.CommitReclaimedException.class);
    }
    assertThat(g.files("gc/")).hasSize(2);
  }
}
