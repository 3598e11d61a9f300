package dev.omnigraph.engine.failpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aParkedThreadStaysParkedUntilReleased() throws Exception {
    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Rendezvous r = new Rendezvous("worker")) {
      Future<String> worker =
          pool.submit(() -> {
            r.arriveAndAwaitRelease();
            return "done";
          });

      r.awaitArrival(WAIT);
      assertThat(worker).isNotDone();
      assertThat(r.parked()).isEqualTo(1);

      assertThat(r.release()).isEqualTo(1);
      assertThat(worker.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
      assertThat(r.parked()).isZero();
      assertThat(r.arrivals()).isEqualTo(1);
    }
  }

  @Test
  void awaitArrivalFailsWithinItsTimeoutWhenNobodyComes() {
    try (Rendezvous r = new Rendezvous("nobody")) {
      assertThatThrownBy(() -> r.awaitArrival(Duration.ofMillis(20)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("rendezvous nobody: 0 of 1 threads arrived");
    }
  }

  @Test
  void isReusableRoundAfterRound() throws Exception {
    List<Integer> passed = new CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Rendezvous r = new Rendezvous("loop")) {
      Future<?> worker =
          pool.submit(() -> {
            for (int round = 1; round <= 3; round++) {
              r.arriveAndAwaitRelease();
              passed.add(round);
            }
            return null;
          });

      for (int round = 1; round <= 3; round++) {
        // The release of the previous round already un-counted the worker, so this waits for its
        // next arrival, not the stale one.
        r.awaitArrival(WAIT);
        assertThat(passed).hasSize(round - 1);
        assertThat(r.release()).isEqualTo(1);
      }
      worker.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(passed).containsExactly(1, 2, 3);
      assertThat(r.arrivals()).isEqualTo(3);
    }
  }

  @Test
  void releasesEveryParkedThreadTogether() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(2);
        Rendezvous r = new Rendezvous("helpers")) {
      Future<?> a = pool.submit(() -> awaitRelease(r));
      Future<?> b = pool.submit(() -> awaitRelease(r));

      r.awaitArrivals(2, WAIT);
      assertThat(a).isNotDone();
      assertThat(b).isNotDone();

      assertThat(r.release()).isEqualTo(2);
      a.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      b.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void releasingBeforeAnyArrivalIsAnError() {
    try (Rendezvous r = new Rendezvous("early")) {
      assertThatThrownBy(r::release)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call awaitArrival first");
    }
  }

  @Test
  void closeFreesParkedThreadsAndLetsLaterArrivalsThrough() throws Exception {
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Rendezvous r = new Rendezvous("closing");
      Future<?> parked = pool.submit(() -> awaitRelease(r));
      r.awaitArrival(WAIT);

      r.close();
      parked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      r.arriveAndAwaitRelease(); // returns at once: nothing parks on a closed rendezvous
      assertThat(r.release()).isZero();
      assertThatThrownBy(() -> r.awaitArrival(WAIT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      r.close();
    }
  }

  @Test
  void anInterruptedThreadLeavesAndNoLongerCounts() throws Exception {
    try (Rendezvous r = new Rendezvous("interrupted")) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread worker =
          Thread.ofPlatform()
              .daemon()
              .start(() -> {
                try {
                  r.arriveAndAwaitRelease();
                } catch (InterruptedException e) {
                  thrown.set(e);
                }
              });
      r.awaitArrival(WAIT);

      worker.interrupt();
      assertThat(worker.join(WAIT)).isTrue();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      assertThat(r.parked()).isZero();
    }
  }

  @Test
  void awaitArrivalsCanBeWaitedForFromSeveralThreads() throws Exception {
    AtomicBoolean seen = new AtomicBoolean();
    try (ExecutorService pool = Executors.newFixedThreadPool(2);
        Rendezvous r = new Rendezvous("watched")) {
      Future<?> watcher =
          pool.submit(() -> {
            r.awaitArrival(WAIT);
            seen.set(true);
            return null;
          });
      Future<?> worker = pool.submit(() -> awaitRelease(r));

      watcher.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(seen).isTrue();
      assertThat(r.release()).isEqualTo(1);
      worker.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void rejectsNonsenseArguments() {
    assertThatThrownBy(() -> new Rendezvous(" ")).isInstanceOf(IllegalArgumentException.class);
    try (Rendezvous r = new Rendezvous("args")) {
      assertThatThrownBy(() -> r.awaitArrivals(0, WAIT))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> r.awaitArrival(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(r).hasToString("Rendezvous[args]");
      assertThat(r.name()).isEqualTo("args");
    }
  }

  private static Void awaitRelease(Rendezvous r) throws InterruptedException {
    r.arriveAndAwaitRelease();
    return null;
  }
}
