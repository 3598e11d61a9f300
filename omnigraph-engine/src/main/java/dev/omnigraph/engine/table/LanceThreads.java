package dev.omnigraph.engine.table;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small fixed pool of daemon platform threads that runs every Lance call. A JNI frame pins a
 * virtual thread's carrier, and there are only as many carriers as cores, so virtual-thread callers
 * hand the call over and block cheaply on the result instead.
 */
final class LanceThreads implements AutoCloseable {
  private final ExecutorService pool;

  LanceThreads(int threads) {
    // Daemon: a forgotten Tables must not keep the JVM alive.
    this.pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("omnigraph-lance-", 0).factory());
  }

  static int defaultSize() {
    return Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);
  }

  /**
   * Runs {@code work} on a Lance thread and returns its result. The work classifies its own errors
   * (it knows the table and version), so anything it throws is rethrown unchanged.
   */
  <T> T call(Callable<T> work) {
    Future<T> future = pool.submit(work);
    try {
      return future.get();
    } catch (InterruptedException e) {
      // The JNI call cannot be stopped; the task still closes its own handles when it returns.
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new TableException(TableException.Kind.OTHER, "interrupted waiting for Lance", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new TableException(TableException.Kind.OTHER, String.valueOf(cause), cause);
    }
  }

  @Override
  public void close() {
    // Waits for calls in flight, so no Lance handle outlives the allocator closed after this.
    pool.close();
  }
}
