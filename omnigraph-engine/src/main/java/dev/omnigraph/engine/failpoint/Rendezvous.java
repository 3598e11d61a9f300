package dev.omnigraph.engine.failpoint;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A named meeting point that makes an interleaving deterministic without sleeps: threads park in
 * {@link #arriveAndAwaitRelease}, the test waits for them with {@link #awaitArrival} and lets every
 * parked thread go with {@link #release}; it is reusable round after round, and {@link #close} lets
 * every parked and later thread through so a failing test cannot leave threads blocked.
 */
public final class Rendezvous implements AutoCloseable {
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // All guarded by lock. A release moves the parked threads out at once (parked = 0, round + 1)
  // rather than letting each decrement on wake-up, so an awaitArrival right after a release can
  // never count a thread of the previous round that has not yet run.
  private int parked;
  private long round;
  private long arrivals;
  private boolean closed;

  /** A rendezvous called {@code name} in messages. */
  public Rendezvous(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a rendezvous needs a name for its messages");
    }
    this.name = name;
  }

  /** The name given at construction. */
  public String name() {
    return name;
  }

  /**
   * Parks the calling thread until a {@link #release} that happens after its arrival, or until
   * {@link #close}; returns at once once closed.
   *
   * @throws InterruptedException if interrupted while parked; the thread then no longer counts as
   *     parked
   */
  public void arriveAndAwaitRelease() throws InterruptedException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long myRound = round;
      parked++;
      arrivals++;
      changed.signalAll();
      try {
        while (round == myRound && !closed) {
          changed.await();
        }
      } catch (InterruptedException e) {
        if (round == myRound && !closed) {
          parked--;
          changed.signalAll();
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least one thread is parked here; see {@link #awaitArrivals}. */
  public void awaitArrival(Duration timeout) throws InterruptedException, TimeoutException {
    awaitArrivals(1, timeout);
  }

  /**
   * Waits until at least {@code parties} threads are parked here (not yet released).
   *
   * @throws TimeoutException if they are not all parked within {@code timeout}: the interleaving
   *     the test set up did not happen, which is a test failure, not something to wait out
   * @throws IllegalStateException if the rendezvous is closed
   */
  public void awaitArrivals(int parties, Duration timeout)
      throws InterruptedException, TimeoutException {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1, got " + parties);
    }
    long remaining = timeout.toNanos();
    if (remaining < 0) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    lock.lock();
    try {
      while (parked < parties) {
        if (closed) {
          throw new IllegalStateException("rendezvous " + name + " is closed");
        }
        if (remaining <= 0) {
          throw new TimeoutException(
              "rendezvous "
                  + name
                  + ": "
                  + parked
                  + " of "
                  + parties
                  + " threads arrived within "
                  + timeout);
        }
        remaining = changed.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets every currently parked thread go; threads arriving later park until the next release.
   *
   * @return how many threads were released
   * @throws IllegalStateException if no thread is parked: releasing before the arrival is the
   *     classic race that {@link #awaitArrival} exists to prevent
   */
  public int release() {
    lock.lock();
    try {
      if (closed) {
        return 0;
      }
      if (parked == 0) {
        throw new IllegalStateException(
            "rendezvous " + name + ": nothing to release; call awaitArrival first");
      }
      int released = parked;
      parked = 0;
      round++;
      changed.signalAll();
      return released;
    } finally {
      lock.unlock();
    }
  }

  /** How many threads are parked now. */
  public int parked() {
    lock.lock();
    try {
      return parked;
    } finally {
      lock.unlock();
    }
  }

  /** How many arrivals there have been in total, released or not. */
  public long arrivals() {
    lock.lock();
    try {
      return arrivals;
    } finally {
      lock.unlock();
    }
  }

  /** Releases every parked thread and lets all later arrivals pass without parking; idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      parked = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Rendezvous[" + name + "]";
  }
}
