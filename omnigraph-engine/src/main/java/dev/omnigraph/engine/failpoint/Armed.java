package dev.omnigraph.engine.failpoint;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scope of one {@link Failpoints#arm} call: its action applies to hits of the failpoint until
 * {@link #close}, which disarms it only if it is still the armed scope (closing twice is harmless);
 * a hit racing with the close may or may not see the action.
 */
public final class Armed implements AutoCloseable {
  private final Failpoint failpoint;
  private final Action action;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong fired = new AtomicLong();
  private final Set<Class<?>> callSites = ConcurrentHashMap.newKeySet();

  Armed(Failpoint failpoint, Action action) {
    this.failpoint = failpoint;
    this.action = action;
  }

  /** The armed failpoint. */
  public Failpoint failpoint() {
    return failpoint;
  }

  /** The action as armed, modifiers included. */
  public Action action() {
    return action;
  }

  /** How many times the failpoint was hit in this scope, whether or not the action fired. */
  public long hits() {
    return hits.get();
  }

  /** How many of those hits performed the action (pauses count when they begin). */
  public long fired() {
    return fired.get();
  }

  /** The classes whose code hit the failpoint in this scope: where the call sites are. */
  public Set<Class<?>> callSites() {
    return Set.copyOf(callSites);
  }

  /** Records a hit from {@code callSite} and answers whether the action fires on it. */
  boolean onHit(Class<?> callSite) {
    callSites.add(callSite);
    long index = hits.getAndIncrement();
    boolean fires = !(action instanceof Action.Limited limited) || limited.fires(index);
    if (fires) {
      fired.incrementAndGet();
    }
    return fires;
  }

  @Override
  public void close() {
    Failpoints.disarm(this);
  }

  @Override
  public String toString() {
    return failpoint.id() + "=" + action;
  }
}
