package dev.omnigraph.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.GraphAlreadyExistsException;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Two initialisations of one root where the first to start loses: its tables stay behind. */
final class InitRace {
  private InitRace() {}

  /** Runs the race at {@code root} and returns the winner's graph. */
  static GraphFixture lost(Path root) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Rendezvous atPut = new Rendezvous("slow-init");
        Armed armed =
            Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(atPut).times(1))) {
      Future<Omnigraph> slow = pool.submit(() -> Omnigraph.init(root, GraphFixture.schema()));
      atPut.awaitArrival(Duration.ofSeconds(30));
      GraphFixture winner = new GraphFixture(root);
      atPut.release();
      try {
        slow.get().close();
        throw new AssertionError("the slow init should have lost record 1");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(GraphAlreadyExistsException.class);
      }
      assertThat(armed.fired()).isEqualTo(1);
      return winner;
    } finally {
      pool.shutdownNow();
    }
  }
}
