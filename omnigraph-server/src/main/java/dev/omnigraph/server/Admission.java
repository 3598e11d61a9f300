package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Per-actor admission control for write requests: at most {@code inflightMax} gated requests of one
 * actor at a time and at most {@code bytesMax} of their estimated bytes. A request over either cap
 * is refused with 429 and {@code Retry-After: 60}; it has had no effect.
 */
final class Admission {
  static final String INFLIGHT_ENV = "OMNIGRAPH_PER_ACTOR_INFLIGHT_MAX";
  static final String BYTES_ENV = "OMNIGRAPH_PER_ACTOR_BYTES_MAX";
  static final int DEFAULT_INFLIGHT = 16;
  static final long DEFAULT_BYTES = 4L * 1024 * 1024 * 1024;

  /** The estimated size of a branch create or delete. */
  static final long BRANCH_OPERATION_BYTES = 256;

  /** The actor key of requests in open mode, which have no actor. */
  static final String ANONYMOUS = "anonymous";

  private record Usage(int inflight, long bytes) {}

  private final int inflightMax;
  private final long bytesMax;
  private final Map<String, Usage> usage = new ConcurrentHashMap<>();

  Admission(int inflightMax, long bytesMax) {
    if (inflightMax < 1 || bytesMax < 1) {
      throw new IllegalArgumentException("admission caps must be positive");
    }
    this.inflightMax = inflightMax;
    this.bytesMax = bytesMax;
  }

  /**
   * The caps set in {@code env}; a missing value is the default, a bad one too (with a warning).
   */
  static Admission fromEnvironment(Map<String, String> env, Consumer<String> warn) {
    long inflight = positive(env, INFLIGHT_ENV, DEFAULT_INFLIGHT, warn);
    long bytes = positive(env, BYTES_ENV, DEFAULT_BYTES, warn);
    return new Admission((int) Math.min(inflight, Integer.MAX_VALUE), bytes);
  }

  private static long positive(
      Map<String, String> env, String name, long fallback, Consumer<String> warn) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below like any other unusable value.
    }
    warn.accept(
        name + "='" + value + "' is not a positive whole number; using the default " + fallback);
    return fallback;
  }

  /** A held admission; closing it gives the slot and bytes back. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Admits one request of {@code actor} estimated at {@code bytes}, or refuses it.
   *
   * @throws HttpFailure 429 when the actor is at either cap
   */
  Permit admit(String actor, long bytes) {
    boolean[] admitted = {false};
    usage.compute(
        actor,
        (a, u) -> {
          Usage current = u == null ? new Usage(0, 0) : u;
          if (current.inflight() + 1 > inflightMax || current.bytes() + bytes > bytesMax) {
            return u;
          }
          admitted[0] = true;
          return new Usage(current.inflight() + 1, current.bytes() + bytes);
        });
    if (!admitted[0]) {
      throw new HttpFailure(
          429,
          new ErrorOutput(
              "too many requests in flight for actor '"
                  + actor
                  + "' (at most "
                  + inflightMax
                  + " requests and "
                  + bytesMax
                  + " bytes at once); retry after 60 seconds",
              ErrorCode.TOO_MANY_REQUESTS),
          Map.of("Retry-After", "60"));
    }
    boolean[] released = {false};
    return () -> {
      if (released[0]) {
        return;
      }
      released[0] = true;
      usage.computeIfPresent(
          actor,
          (a, u) -> u.inflight() == 1 ? null : new Usage(u.inflight() - 1, u.bytes() - bytes));
    };
  }

  /** The requests of {@code actor} admitted and not yet finished. */
  int inflight(String actor) {
    Usage u = usage.get(actor);
    return u == null ? 0 : u.inflight();
  }
}
