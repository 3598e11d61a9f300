package dev.omnigraph.engine.failpoint;

import static dev.omnigraph.engine.failpoint.Failpoint.LOG_AFTER_RECORD_PUT;
import static dev.omnigraph.engine.failpoint.Failpoint.LOG_BEFORE_HINT_PUT;
import static dev.omnigraph.engine.failpoint.Failpoint.LOG_BEFORE_RECORD_PUT;
import static dev.omnigraph.engine.failpoint.Failpoint.STORE_AFTER_PUT_IF_ABSENT;
import static dev.omnigraph.engine.failpoint.Failpoint.STORE_BEFORE_PUT_IF_ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailpointsTest {
  // The failpoints the dummy log below passes through, in order.
  private static final List<Failpoint> LOG_PATH =
      List.of(
          STORE_BEFORE_PUT_IF_ABSENT,
          STORE_AFTER_PUT_IF_ABSENT,
          LOG_BEFORE_RECORD_PUT,
          LOG_AFTER_RECORD_PUT,
          LOG_BEFORE_HINT_PUT);

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A stand-in for an object store's put-if-absent, with the store's two failpoints. */
  static final class DummyStore {
    final Map<String, String> objects = new ConcurrentHashMap<>();

    boolean putIfAbsent(String key, String value) {
      Failpoints.hit(STORE_BEFORE_PUT_IF_ABSENT);
      boolean created = objects.putIfAbsent(key, value) == null;
      Failpoints.hit(STORE_AFTER_PUT_IF_ABSENT);
      return created;
    }
  }

  /** A stand-in for the commit log: probe the tip, put record N+1, then rewrite the tip hint. */
  static final class DummyLog {
    final DummyStore store;
    final AtomicLong hint = new AtomicLong();

    DummyLog(DummyStore store) {
      this.store = store;
    }

    /** The slot this append won, or -1 if another writer took it first. */
    long append(String op) {
      long slot = tip() + 1;
      Failpoints.hit(LOG_BEFORE_RECORD_PUT);
      if (!store.putIfAbsent("log/" + slot, op)) {
        return -1;
      }
      Failpoints.hit(LOG_AFTER_RECORD_PUT);
      Failpoints.hit(LOG_BEFORE_HINT_PUT);
      hint.set(slot);
      return slot;
    }

    long tip() {
      long n = hint.get();
      while (store.objects.containsKey("log/" + (n + 1))) {
        n++;
      }
      return n;
    }
  }

  @Test
  void failpointsAreEnabledInTestJvms() {
    // The parent pom's surefire argLine passes -Domnigraph.failpoints=enabled.
    assertThat(Failpoints.ENABLED).isTrue();
  }

  @Test
  void hitWithNothingArmedOnlyCounts() {
    Map<Failpoint, Long> before = Failpoints.hitCounts();
    DummyLog log = new DummyLog(new DummyStore());

    assertThat(log.append("a")).isEqualTo(1);

    for (Failpoint fp : LOG_PATH) {
      assertThat(Failpoints.isArmed(fp)).isFalse();
      assertThat(Failpoints.hitCount(fp)).as(fp.id()).isEqualTo(before.get(fp) + 1);
    }
    assertThat(log.store.objects).containsOnlyKeys("log/1");
    assertThat(log.hint).hasValue(1);
  }

  @Test
  void hitCountsIsAnUnmodifiableSnapshotOfEveryFailpoint() {
    Map<Failpoint, Long> snapshot = Failpoints.hitCounts();
    long before = snapshot.get(LOG_BEFORE_HINT_PUT);

    Failpoints.hit(LOG_BEFORE_HINT_PUT);

    assertThat(snapshot).containsOnlyKeys(Failpoint.values());
    assertThat(snapshot.get(LOG_BEFORE_HINT_PUT)).isEqualTo(before);
    assertThat(Failpoints.hitCount(LOG_BEFORE_HINT_PUT)).isEqualTo(before + 1);
    assertThatThrownBy(() -> snapshot.put(LOG_BEFORE_HINT_PUT, 0L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void errorFailsTheOperationAtThePointAndCloseDisarms() {
    DummyLog log = new DummyLog(new DummyStore());

    try (var _ = Failpoints.arm(LOG_BEFORE_RECORD_PUT, Action.error())) {
      assertThatThrownBy(() -> log.append("a"))
          .isInstanceOf(FailpointError.class)
          .hasMessage("injected failpoint triggered: log.before_record_put")
          .satisfies(
              e -> assertThat(((FailpointError) e).failpoint()).isEqualTo(LOG_BEFORE_RECORD_PUT));
      assertThat(log.store.objects).isEmpty();
    }

    assertThat(Failpoints.isArmed(LOG_BEFORE_RECORD_PUT)).isFalse();
    assertThat(log.append("a")).isEqualTo(1);
  }

  @Test
  void crashIsAnErrorThatExceptionHandlersDoNotSwallow() {
    DummyStore store = new DummyStore();
    DummyLog crashed = new DummyLog(store);

    Throwable thrown;
    try (var _ = Failpoints.arm(LOG_AFTER_RECORD_PUT, Action.crash())) {
      thrown =
          catchThrowable(() -> {
            // An engine that handles failures by catching exceptions must not handle a crash.
            try {
              crashed.append("a");
            } catch (RuntimeException e) {
              throw new AssertionError("a crash must not be catchable as an exception", e);
            }
          });
    }

    assertThat(thrown)
        .isInstanceOf(FailpointCrash.class)
        .isInstanceOf(Error.class)
        .hasMessageContaining("log.after_record_put");
    assertThat(((FailpointCrash) thrown).failpoint()).isEqualTo(LOG_AFTER_RECORD_PUT);
    // The record is durable and the hint stale, as after a real process death at that point.
    assertThat(store.objects).containsOnlyKeys("log/1");
    assertThat(crashed.hint).hasValue(0);
    // Abandon the crashed instance; a fresh one over the same storage finds the record.
    assertThat(new DummyLog(store).append("b")).isEqualTo(2);
  }

  @Test
  void ackLostReportsFailureAfterTheEffectHappened() {
    DummyStore store = new DummyStore();

    try (var _ = Failpoints.arm(STORE_AFTER_PUT_IF_ABSENT, Action.ackLost())) {
      assertThatThrownBy(() -> store.putIfAbsent("k", "v"))
          .isInstanceOf(FailpointAckLost.class)
          .hasMessageContaining("store.after_put_if_absent")
          .satisfies(e ->
              assertThat(((FailpointAckLost) e).failpoint()).isEqualTo(STORE_AFTER_PUT_IF_ABSENT));
    }

    assertThat(store.objects).containsEntry("k", "v");
    // Which is why a caller must re-read after an ambiguous failure instead of assuming nothing.
    assertThat(store.putIfAbsent("k", "v")).isFalse();
  }

  @Test
  void ackLostIsRefusedWhereNoEffectHappenedYet() {
    assertThatThrownBy(() -> Failpoints.arm(LOG_BEFORE_RECORD_PUT, Action.ackLost()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log.before_record_put comes before one");
    assertThatThrownBy(
            () -> Failpoints.arm(STORE_BEFORE_PUT_IF_ABSENT, Action.ackLost().after(1).times(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Failpoints.isArmed(LOG_BEFORE_RECORD_PUT)).isFalse();
    assertThat(Failpoints.isArmed(STORE_BEFORE_PUT_IF_ABSENT)).isFalse();
  }

  @Test
  void timesFiresOnTheFirstNHitsOnly() {
    try (Armed armed = Failpoints.arm(STORE_BEFORE_PUT_IF_ABSENT, Action.error().times(2))) {
      assertThat(outcomes(STORE_BEFORE_PUT_IF_ABSENT, 4))
          .containsExactly("error", "error", "ok", "ok");
      assertThat(armed.hits()).isEqualTo(4);
      assertThat(armed.fired()).isEqualTo(2);
    }
  }

  @Test
  void afterSkipsTheFirstKHits() {
    try (Armed armed = Failpoints.arm(STORE_BEFORE_PUT_IF_ABSENT, Action.error().after(2))) {
      assertThat(outcomes(STORE_BEFORE_PUT_IF_ABSENT, 4))
          .containsExactly("ok", "ok", "error", "error");
      assertThat(armed.fired()).isEqualTo(2);
    }
  }

  @Test
  void afterAndTimesTargetTheKthCommit() {
    DummyStore store = new DummyStore();
    DummyLog log = new DummyLog(store);
    List<Long> slots = new ArrayList<>();

    Throwable thrown;
    try (var _ = Failpoints.arm(LOG_AFTER_RECORD_PUT, Action.crash().after(2).times(1))) {
      thrown =
          catchThrowable(() -> {
            for (int i = 1; i <= 5; i++) {
              slots.add(log.append("op" + i));
            }
          });
    }

    assertThat(thrown).isInstanceOf(FailpointCrash.class);
    assertThat(slots).containsExactly(1L, 2L);
    assertThat(store.objects).containsOnlyKeys("log/1", "log/2", "log/3");
    assertThat(new DummyLog(store).append("op4")).isEqualTo(4);
  }

  @Test
  void modifiersComposeInEitherOrderAndSpellAsTheEnvironmentSpec() {
    Action a = Action.crash().after(2).times(1);
    Action b = Action.crash().times(1).after(2);

    assertThat(a).isEqualTo(b).isEqualTo(new Action.Limited(Action.crash(), 2, 1));
    assertThat(a).hasToString("1*crash.after(2)");
    assertThat(a.effect()).isEqualTo(Action.crash());
    assertThat(Action.error().times(3)).hasToString("3*error");
    assertThat(Action.ackLost().after(1)).hasToString("ack-lost.after(1)");
    assertThat(Action.count()).hasToString("count");
    try (Rendezvous r = new Rendezvous("w1")) {
      assertThat(Action.pause(r).times(1)).hasToString("1*pause(w1)");
    }
  }

  @Test
  void modifiersRejectNonsense() {
    assertThatThrownBy(() -> Action.error().times(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Action.error().after(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Action.Limited(Action.error().times(1), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Action.pause(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aFailpointHasOneArmedScopeAndCloseOnlyDisarmsItsOwn() {
    Armed first = Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.error());
    try {
      assertThatThrownBy(() -> Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.crash()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("log.before_hint_put is already armed (log.before_hint_put=error)");
    } finally {
      first.close();
    }
    assertThat(Failpoints.isArmed(LOG_BEFORE_HINT_PUT)).isFalse();

    try (Armed second = Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.crash())) {
      first.close(); // a stale scope closing late must not disarm its successor
      assertThat(Failpoints.isArmed(LOG_BEFORE_HINT_PUT)).isTrue();
      assertThat(second.failpoint()).isEqualTo(LOG_BEFORE_HINT_PUT);
      assertThat(second.action()).isEqualTo(Action.crash());
      assertThat(second).hasToString("log.before_hint_put=crash");
    }
    assertThat(Failpoints.isArmed(LOG_BEFORE_HINT_PUT)).isFalse();
  }

  @Test
  void armedRecordsWhereTheCallSitesAre() {
    try (Armed armed = Failpoints.arm(STORE_AFTER_PUT_IF_ABSENT, Action.count())) {
      new DummyStore().putIfAbsent("k", "v");
      assertThat(armed.hits()).isEqualTo(1);
      assertThat(armed.fired()).isEqualTo(1);
      assertThat(armed.callSites()).containsExactly(DummyStore.class);
    }
  }

  @Test
  void exactlyOneOfManyConcurrentArmsWinsEachRound() throws Exception {
    int threads = 8;
    int rounds = 200;
    AtomicInteger winners = new AtomicInteger();
    List<Integer> winnersPerRound = new ArrayList<>();
    // Runs once per round while every thread waits: the round's attempts are all done.
    CyclicBarrier attempted =
        new CyclicBarrier(threads, () -> winnersPerRound.add(winners.getAndSet(0)));
    CyclicBarrier closed = new CyclicBarrier(threads);

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(() -> {
              for (int round = 0; round < rounds; round++) {
                Armed mine = null;
                try {
                  mine = Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.count());
                  winners.incrementAndGet();
                } catch (IllegalStateException lost) {
                  // Another thread holds the scope this round.
                }
                attempted.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (mine != null) {
                  mine.close();
                }
                closed.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        f.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
      }
    }

    assertThat(winnersPerRound).hasSize(rounds).containsOnly(1);
    assertThat(Failpoints.isArmed(LOG_BEFORE_HINT_PUT)).isFalse();
  }

  @Test
  void hitsRacingWithArmAndDisarmFireExactlyAsOftenAsTheScopesCount() throws Exception {
    int hitters = 4;
    int cycles = 5_000;
    long countBefore = Failpoints.hitCount(STORE_BEFORE_PUT_IF_ABSENT);
    AtomicLong hits = new AtomicLong();
    AtomicLong thrown = new AtomicLong();
    AtomicBoolean armerDone = new AtomicBoolean();
    List<Armed> scopes = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(hitters + 1)) {
      List<Future<?>> hitterFutures = new ArrayList<>();
      for (int t = 0; t < hitters; t++) {
        hitterFutures.add(
            pool.submit(() -> {
              while (!armerDone.get()) {
                hits.incrementAndGet();
                try {
                  Failpoints.hit(STORE_BEFORE_PUT_IF_ABSENT);
                } catch (FailpointError e) {
                  thrown.incrementAndGet();
                }
              }
            }));
      }
      Future<?> armer =
          pool.submit(() -> {
            for (int i = 0; i < cycles; i++) {
              try (Armed armed = Failpoints.arm(STORE_BEFORE_PUT_IF_ABSENT, Action.error())) {
                scopes.add(armed);
              }
            }
            armerDone.set(true);
          });
      armer.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
      for (Future<?> f : hitterFutures) {
        f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }

    // Read after every hitter finished: a hit that fetched a scope just before its close may
    // still count in that scope after the close returned.
    assertThat(Failpoints.hitCount(STORE_BEFORE_PUT_IF_ABSENT) - countBefore).isEqualTo(hits.get());
    assertThat(scopes).hasSize(cycles);
    assertThat(scopes.stream().mapToLong(Armed::fired).sum()).isEqualTo(thrown.get());
    assertThat(scopes.stream().mapToLong(Armed::hits).sum()).isLessThanOrEqualTo(hits.get());
    assertThat(Failpoints.isArmed(STORE_BEFORE_PUT_IF_ABSENT)).isFalse();
  }

  @Test
  void pauseInterleavesTwoWritersDeterministically() throws Exception {
    DummyLog log = new DummyLog(new DummyStore());

    try (ExecutorService pool = Executors.newFixedThreadPool(2);
        Rendezvous aBeforePut = new Rendezvous("writer-A before record put");
        Rendezvous bAfterPut = new Rendezvous("writer-B after record put");
        var _ = Failpoints.arm(LOG_BEFORE_RECORD_PUT, Action.pause(aBeforePut).times(1));
        var _ = Failpoints.arm(LOG_AFTER_RECORD_PUT, Action.pause(bAfterPut).times(1))) {
      // A reads tip 0 and parks before putting slot 1.
      Future<Long> a = pool.submit(() -> log.append("A"));
      aBeforePut.awaitArrival(WAIT);

      // B reads the same tip, passes the point A is parked at (its times(1) is spent: no lock is
      // held by the parked thread), wins slot 1 and parks after its put.
      Future<Long> b = pool.submit(() -> log.append("B"));
      bAfterPut.awaitArrival(WAIT);
      assertThat(a).isNotDone();
      assertThat(b).isNotDone();
      assertThat(log.store.objects).containsOnly(Map.entry("log/1", "B"));

      // A resumes into a slot B already holds: it loses, whatever the scheduler does.
      assertThat(aBeforePut.release()).isEqualTo(1);
      assertThat(a.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1L);
      assertThat(b).isNotDone();

      assertThat(bAfterPut.release()).isEqualTo(1);
      assertThat(b.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);
      assertThat(log.hint).hasValue(1);
    }
  }

  @Test
  void aPausedThreadBlocksNoArmingDisarmingOrHitting() throws Exception {
    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Rendezvous r = new Rendezvous("parked")) {
      Future<?> parked;
      try (var _ = Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.pause(r))) {
        parked = pool.submit(() -> Failpoints.hit(LOG_BEFORE_HINT_PUT));
        r.awaitArrival(WAIT);
      }
      // Disarmed while the thread is parked: the registry holds no lock the parked thread owns.
      assertThat(Failpoints.isArmed(LOG_BEFORE_HINT_PUT)).isFalse();
      try (var _ = Failpoints.arm(LOG_BEFORE_HINT_PUT, Action.error())) {
        assertThatThrownBy(() -> Failpoints.hit(LOG_BEFORE_HINT_PUT))
            .isInstanceOf(FailpointError.class);
      }
      assertThatCode(() -> Failpoints.hit(LOG_BEFORE_HINT_PUT)).doesNotThrowAnyException();
      // Disarming does not release the parked thread: only the rendezvous does.
      assertThat(parked).isNotDone();

      r.release();
      parked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheRendezvousFreesAThreadPausedAtAFailpoint() throws Exception {
    DummyLog log = new DummyLog(new DummyStore());
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Rendezvous r = new Rendezvous("abandoned");
      Future<Long> writer;
      try (var _ = Failpoints.arm(LOG_BEFORE_RECORD_PUT, Action.pause(r))) {
        writer = pool.submit(() -> log.append("a"));
        r.awaitArrival(WAIT);
        r.close(); // what try-with-resources does when a test fails before releasing
      }
      assertThat(writer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);
    }
  }

  @Test
  void interruptingAPausedThreadFailsItsOperation() throws Exception {
    DummyLog log = new DummyLog(new DummyStore());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();

    try (Rendezvous r = new Rendezvous("interrupted");
        var _ = Failpoints.arm(LOG_BEFORE_RECORD_PUT, Action.pause(r))) {
      Thread writer =
          Thread.ofPlatform()
              .daemon()
              .start(() -> {
                try {
                  log.append("a");
                } catch (FailpointError e) {
                  thrown.set(e);
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
              });
      r.awaitArrival(WAIT);

      writer.interrupt();
      assertThat(writer.join(WAIT)).isTrue();
    }

    assertThat(thrown.get())
        .isInstanceOf(FailpointError.class)
        .hasMessageContaining("interrupted while paused at interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(stillInterrupted).isTrue();
    assertThat(log.store.objects).isEmpty();
  }

  @Test
  void armRejectsNulls() {
    assertThatThrownBy(() -> Failpoints.arm(null, Action.error()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Failpoints.arm(LOG_BEFORE_HINT_PUT, null))
        .isInstanceOf(NullPointerException.class);
  }

  private static List<String> outcomes(Failpoint fp, int hits) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < hits; i++) {
      try {
        Failpoints.hit(fp);
        outcomes.add("ok");
      } catch (FailpointError e) {
        outcomes.add("error");
      }
    }
    return outcomes;
  }
}
