package dev.omnigraph.engine.failpoint;

import java.util.Objects;

/**
 * What an armed failpoint does when hit: one effect ({@link #error}, {@link #crash}, {@link
 * #pause}, {@link #ackLost}, {@link #count}), optionally limited to some of the hits with {@link
 * #after} and {@link #times}; {@code toString} gives the {@code OMNIGRAPH_FAILPOINTS} spelling.
 */
public sealed interface Action
    permits Action.Fail, Action.Crash, Action.Pause, Action.AckLost, Action.Count, Action.Limited {

  /** Throws {@link FailpointError}: the operation fails at the point as on an I/O error. */
  static Action error() {
    return new Fail();
  }

  /** Throws {@link FailpointCrash}: the process dies at the point; abandon the engine instance. */
  static Action crash() {
    return new Crash();
  }

  /** Blocks the hitting thread in {@link Rendezvous#arriveAndAwaitRelease} until released. */
  static Action pause(Rendezvous rendezvous) {
    return new Pause(rendezvous);
  }

  /**
   * Throws {@link FailpointAckLost}: the effect before the point happened but the caller is told it
   * failed; only for failpoints whose {@link Failpoint#afterEffect()} holds.
   */
  static Action ackLost() {
    return new AckLost();
  }

  /** Does nothing: arm it to observe, through {@link Armed#hits()}, that a point is reached. */
  static Action count() {
    return new Count();
  }

  /**
   * This action limited to its first {@code n} firings (after any hits skipped by {@link #after});
   * {@code OMNIGRAPH_FAILPOINTS} also accepts fail-rs's {@code n*action}.
   */
  default Action times(long n) {
    return this instanceof Limited l
        ? new Limited(l.effect(), l.skip(), n)
        : new Limited(this, 0, n);
  }

  /** This action with the first {@code k} hits passing through untouched, to target hit k+1. */
  default Action after(long k) {
    return this instanceof Limited l
        ? new Limited(l.effect(), k, l.limit())
        : new Limited(this, k, Limited.UNLIMITED);
  }

  /** The unlimited effect this action performs. */
  default Action effect() {
    return this instanceof Limited l ? l.effect() : this;
  }

  /** The {@code error} action. */
  record Fail() implements Action {
    @Override
    public String toString() {
      return "error";
    }
  }

  /** The {@code crash} action. */
  record Crash() implements Action {
    @Override
    public String toString() {
      return "crash";
    }
  }

  /** The {@code pause} action, parking at {@code rendezvous}. */
  record Pause(Rendezvous rendezvous) implements Action {
    public Pause {
      Objects.requireNonNull(rendezvous, "rendezvous");
    }

    @Override
    public String toString() {
      return "pause(" + rendezvous.name() + ")";
    }
  }

  /** The {@code ack-lost} action. */
  record AckLost() implements Action {
    @Override
    public String toString() {
      return "ack-lost";
    }
  }

  /** The {@code count} action. */
  record Count() implements Action {
    @Override
    public String toString() {
      return "count";
    }
  }

  /**
   * {@code effect} on hits {@code skip+1} to {@code skip+limit} only (1-based; {@link #UNLIMITED}
   * for no upper bound); the hits before and after pass through untouched.
   */
  record Limited(Action effect, long skip, long limit) implements Action {
    /** The {@code limit} of an action with no {@link #times} bound. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public Limited {
      Objects.requireNonNull(effect, "effect");
      if (effect instanceof Limited) {
        throw new IllegalArgumentException("limit the effect, not an already limited action");
      }
      if (skip < 0) {
        throw new IllegalArgumentException("after(k) needs k >= 0, got " + skip);
      }
      if (limit < 1) {
        throw new IllegalArgumentException("times(n) needs n >= 1, got " + limit);
      }
    }

    /** Whether the hit with this 0-based index, counted since arming, performs the effect. */
    boolean fires(long hitIndex) {
      return hitIndex >= skip && hitIndex - skip < limit;
    }

    @Override
    public String toString() {
      String times = limit == UNLIMITED ? "" : limit + "*";
      String after = skip == 0 ? "" : ".after(" + skip + ")";
      return times + effect + after;
    }
  }
}
