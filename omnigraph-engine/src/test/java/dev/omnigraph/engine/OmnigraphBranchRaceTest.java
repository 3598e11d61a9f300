package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.testPg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.NameHold;
import dev.omnigraph.engine.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path-prefix disjoint branch names under racing creators: two handles on one root (as two
 * processes would be) create {@code a} and {@code a/b}, one paused by a failpoint after all its
 * checks and before its commit while the other runs to the end; whichever order, exactly one of the
 * two names is live afterwards, and a creator that died between holding a name and committing
 * blocks nothing for good.
 */
class OmnigraphBranchRaceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /**
   * Creates {@code paused} on one handle, held at its commit while {@code other} runs on another.
   */
  private RaceOutcome race(String paused, String other) throws Exception {
    Omnigraph.init(root, testPg()).close();
    try (Omnigraph first = Omnigraph.open(root);
        Omnigraph second = Omnigraph.open(root);
        Rendezvous beforePut = new Rendezvous("before-create-put");
        Armed armed =
            Failpoints.arm(Failpoint.BRANCH_BEFORE_CREATE_PUT, Action.pause(beforePut).times(1))) {
      Future<CommitRecord> held = pool.submit(() -> first.createBranch(paused, "main"));
      beforePut.awaitArrival(WAIT);
      // The paused creator has checked every name and is one put away from committing.
      Throwable otherFailure = null;
      try {
        second.createBranch(other, "main");
      } catch (OmnigraphException e) {
        otherFailure = e;
      }
      beforePut.release();
      Throwable heldFailure = null;
      try {
        held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        heldFailure = e.getCause();
      }
      assertThat(armed.fired()).isEqualTo(1);
      try (Omnigraph fresh = Omnigraph.open(root)) {
        return new RaceOutcome(heldFailure, otherFailure, fresh.branches());
      }
    }
  }

  private CommitLog log() {
    return new CommitLog(LocalObjectStore.open(root.toAbsolutePath()));
  }

  private record RaceOutcome(Throwable heldFailure, Throwable otherFailure, List<String> live) {}

  @Test
  void aNestedNameHeldAtItsCommitIsFencedByItsParentsCreation() throws Exception {
    RaceOutcome o = race("a/b", "a");

    // `a` settled the pending creation of `a/b` by filling its slot first, so `a/b` lost.
    assertThat(o.otherFailure()).isNull();
    assertThat(o.heldFailure())
        .isInstanceOf(BranchNameConflictException.class)
        .hasMessageContaining("'a/b'")
        .hasMessageContaining("live branch 'a' is a path prefix of it");
    assertThat(o.live()).containsExactly("a", "main");
  }

  @Test
  void aParentNameHeldAtItsCommitLosesItsSlotToTheNestedNamesHold() throws Exception {
    RaceOutcome o = race("a", "a/b");

    // `a/b` held `a`'s next slot and committed; `a` lost that slot and then saw `a/b` live.
    assertThat(o.otherFailure()).isNull();
    assertThat(o.heldFailure())
        .isInstanceOf(BranchNameConflictException.class)
        .hasMessageContaining("it is a path prefix of live branch 'a/b'");
    assertThat(o.live()).containsExactly("a/b", "main");
  }

  @Test
  void aDeeperNameRacingItsGrandparentAlsoEndsWithOneLive() throws Exception {
    RaceOutcome o = race("x/y/z", "x");

    assertThat(o.otherFailure()).isNull();
    assertThat(o.heldFailure()).isInstanceOf(BranchNameConflictException.class);
    assertThat(o.live()).containsExactly("main", "x");
  }

  @Test
  void twoCreatorsOfOneNestedNameHaveExactlyOneWinner() throws Exception {
    RaceOutcome o = race("a/b", "a/b");

    assertThat(o.otherFailure()).isNull();
    assertThat(o.heldFailure()).isInstanceOf(BranchExistsException.class);
    assertThat(o.live()).containsExactly("a/b", "main");
  }

  @Test
  void siblingsUnderOneParentDoNotBlockEachOther() throws Exception {
    RaceOutcome o = race("a/b", "a/c");

    assertThat(o.otherFailure()).isNull();
    assertThat(o.heldFailure()).isNull();
    assertThat(o.live()).containsExactly("a/b", "a/c", "main");
    try (Omnigraph graph = Omnigraph.open(root)) {
      assertThatThrownBy(() -> graph.createBranch("a", "main"))
          .isInstanceOf(BranchNameConflictException.class);
      graph.deleteBranch("a/b");
      graph.deleteBranch("a/c");
      graph.createBranch("a", "main");
      assertThat(graph.branches()).containsExactly("a", "main");
    }
  }

  @Test
  void aCreatorThatDiedHoldingANameBlocksNothingForGood() throws Exception {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      try (Armed armed = Failpoints.arm(Failpoint.BRANCH_BEFORE_CREATE_PUT, Action.crash())) {
        assertThatThrownBy(() -> graph.createBranch("a/b", "main"))
            .isInstanceOf(FailpointCrash.class);
        assertThat(armed.fired()).isEqualTo(1);
      }
    }
    try (Omnigraph graph = Omnigraph.open(root)) {
      // The dead creation is still held in `a`'s log, and nothing of `a/b` is live.
      assertThat(log().read("a", 1).orElseThrow().holds()).containsExactly(new NameHold("a/b", 1));
      assertThat(log().contains("a/b", 1)).isFalse();
      assertThat(graph.branches()).containsExactly("main");

      // Creating `a` fences the dead creation's slot; `a/b` is then refused while `a` lives...
      graph.createBranch("a", "main");
      assertThatThrownBy(() -> graph.createBranch("a/b", "main"))
          .isInstanceOf(BranchNameConflictException.class);
      // ...and can be created once `a` is deleted: the fence is an ordinary non-live record.
      graph.deleteBranch("a");
      CommitRecord nested = graph.createBranch("a/b", "main");
      assertThat(nested.seq()).isEqualTo(2);
      assertThat(graph.branches()).containsExactly("a/b", "main");
      // And `a` again once `a/b` is gone.
      graph.deleteBranch("a/b");
      graph.createBranch("a", "main");
      assertThat(graph.branches()).containsExactly("a", "main");
    }
  }

  @Test
  void aHoldRecordNamesThePendingCreationAndIsNotAState() throws Exception {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      graph.createBranch("team/a", "main");
      graph.createBranch("team/b", "main");
      assertThat(graph.branches()).containsExactly("main", "team/a", "team/b");
    }
    CommitLog log = log();
    CommitRecord first = log.read("team", 1).orElseThrow();
    CommitRecord second = log.read("team", 2).orElseThrow();
    assertThat(first.isTombstone()).isTrue();
    assertThat(first.tables()).isEmpty();
    assertThat(first.holds()).containsExactly(new NameHold("team/a", 1));
    // The settled hold of team/a is dropped: a record carries only creations still pending.
    assertThat(second.holds()).containsExactly(new NameHold("team/b", 1));
    assertThat(second.parents()).containsExactly(first.ref());
  }
}
