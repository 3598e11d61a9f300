package dev.omnigraph.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointAckLost;
import dev.omnigraph.engine.failpoint.FailpointCrash;
import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.store.LocalObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commit point at the log layer: at every boundary of an append, a crash, an error or a lost
 * acknowledgement leaves the log exactly before or exactly after the commit, a fresh reader agrees,
 * and the next write succeeds. A crash abandons the {@code CommitLog} instance; a new one on the
 * same root stands for the reopened process.
 */
class CommitLogCrashTest {
  @TempDir Path root;

  private ObjectStore store() {
    return LocalObjectStore.open(root);
  }

  private static CommitRecord record(long seq, String writer) {
    return CommitLogFixtures.record("main", seq, writer);
  }

  /** Whether a crash at this failpoint comes after the record became durable. */
  private static boolean afterCommitPoint(Failpoint fp) {
    return switch (fp) {
      case LOG_BEFORE_RECORD_PUT, STORE_BEFORE_PUT_IF_ABSENT -> false;
      case STORE_AFTER_PUT_IF_ABSENT, LOG_AFTER_RECORD_PUT, LOG_BEFORE_HINT_PUT -> true;
      case TABLE_BEFORE_DETACHED_COMMIT,
          TXN_BEFORE_TABLE_TURN,
          BRANCH_BEFORE_CREATE_PUT,
          OPTIMIZE_BETWEEN_INDEX_BUILDS ->
          throw new IllegalArgumentException(fp + " is not on the log's path");
      case QUERY_BEFORE_TABLE_READS, GC_AFTER_RUN_RECORD, GC_MID_SWEEP ->
          throw new IllegalArgumentException(fp + " is not on the commit path");
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = Failpoint.class,
      mode = EnumSource.Mode.MATCH_ANY,
      names = {"LOG_.*", "STORE_.*"})
  void aCrashLeavesTheLogExactlyBeforeOrExactlyAfter(Failpoint fp) {
    new CommitLog(store()).append(record(1, "base"));
    CommitRecord mine = record(2, "crasher");
    try (Armed armed = Failpoints.arm(fp, Action.crash())) {
      assertThatThrownBy(() -> new CommitLog(store()).append(mine))
          .isInstanceOf(FailpointCrash.class);
      assertThat(armed.fired()).isEqualTo(1);
    }
    CommitLog reopened = new CommitLog(store());
    if (afterCommitPoint(fp)) {
      assertThat(reopened.tip("main")).isEqualTo(2);
      assertThat(reopened.read("main", 2)).contains(mine);
      assertThat(reopened.isCommitted(mine)).isTrue();
    } else {
      assertThat(reopened.tip("main")).isEqualTo(1);
      assertThat(reopened.read("main", 2)).isEmpty();
    }
    long next = reopened.tip("main") + 1;
    assertThat(reopened.append(record(next, "next"))).isEqualTo(CommitLog.Append.WON);
    assertThat(reopened.tip("main")).isEqualTo(next);
    assertThat(reopened.history("main", 10)).hasSize((int) next);
  }

  @Test
  void aLostAcknowledgementIsResolvedByReadingBack() {
    CommitLog log = new CommitLog(store());
    CommitRecord mine = record(1, "me");
    try (Armed armed = Failpoints.arm(Failpoint.LOG_AFTER_RECORD_PUT, Action.ackLost())) {
      assertThatThrownBy(() -> log.append(mine)).isInstanceOf(FailpointAckLost.class);
      assertThat(armed.fired()).isEqualTo(1);
    }
    // The writer cannot tell from the failure; the record says it committed. A blind retry of
    // the same seq loses, and must not be read as a conflict with someone else.
    assertThat(log.isCommitted(mine)).isTrue();
    assertThat(log.append(mine)).isEqualTo(CommitLog.Append.LOST);
    assertThat(log.isCommitted(record(1, "someone-else"))).isFalse();
  }

  @Test
  void anErrorBeforeThePutWritesNothing() {
    CommitLog log = new CommitLog(store());
    try (Armed armed = Failpoints.arm(Failpoint.STORE_BEFORE_PUT_IF_ABSENT, Action.error())) {
      assertThatThrownBy(() -> log.append(record(1, "me"))).isInstanceOf(FailpointError.class);
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(log.tip("main")).isZero();
    assertThat(store().list("")).isEmpty();
  }

  @Test
  void aFailedHintWriteDoesNotFailTheCommit() {
    CommitLog log = new CommitLog(store());
    try (Armed armed = Failpoints.arm(Failpoint.LOG_BEFORE_HINT_PUT, Action.error())) {
      assertThat(log.append(record(1, "me"))).isEqualTo(CommitLog.Append.WON);
      assertThat(armed.fired()).isEqualTo(1);
    }
    assertThat(new CommitLog(store()).tip("main")).isEqualTo(1);
  }

  // A writer paused just before its put while another takes the slot: the paused one loses
  // when it resumes, and the log holds exactly the winner's record.
  @Test
  void aWriterPausedAtItsCommitPointLosesToOneThatCommittedMeanwhile() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Rendezvous beforePut = new Rendezvous("slow-writer");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(beforePut).times(1))) {
      Future<CommitLog.Append> slow =
          pool.submit(() -> new CommitLog(store()).append(record(1, "slow")));
      beforePut.awaitArrival(Duration.ofSeconds(30));
      // The armed pause fires once only, so this writer passes straight through.
      CompletableFuture<CommitLog.Append> fast =
          CompletableFuture.supplyAsync(() -> new CommitLog(store()).append(record(1, "fast")));
      assertThat(fast.get(30, TimeUnit.SECONDS)).isEqualTo(CommitLog.Append.WON);
      beforePut.release();
      assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(CommitLog.Append.LOST);
      assertThat(armed.fired()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    CommitLog reader = new CommitLog(store());
    assertThat(reader.tip("main")).isEqualTo(1);
    assertThat(reader.read("main", 1).orElseThrow().actor()).isEqualTo("fast");
  }
}
