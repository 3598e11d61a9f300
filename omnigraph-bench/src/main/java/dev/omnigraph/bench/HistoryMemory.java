package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether memory and commit latency grow with history: one open graph takes {@code commits} one-row
 * appends to one table (or, for comparison, the raw Lance baseline table takes as many detached
 * appends), and after every {@code window} commits the harness collects garbage and records the
 * heap still in use, the process's resident memory and the window's commit latencies. Run as {@code
 * java ... HistoryMemory [commits] [window] [omnigraph|raw]} (defaults 2000, 250, omnigraph);
 * prints a Markdown table.
 */
public final class HistoryMemory {
  /** What takes the commits. */
  enum Subject {
    /** {@code Omnigraph.append} of one row to {@code Person}. */
    OMNIGRAPH,
    /** {@link RawLanceTable#appendOneRowReopened}: Lance alone, no commit log. */
    RAW
  }

  /** The state after one window of commits. */
  record Window(
      long commits,
      long heapAfterGcBytes,
      OptionalLong residentBytes,
      double medianMs,
      double p95Ms) {}

  private HistoryMemory() {}

  public static void main(String[] args) {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    Subject subject =
        args.length > 2 ? Subject.valueOf(args[2].toUpperCase(Locale.ROOT)) : Subject.OMNIGRAPH;
    List<Window> windows;
    try (ScratchDirectory scratch = ScratchDirectory.create("history-memory")) {
      windows = run(subject, scratch.child("target"), commits, window);
    }
    System.out.println("| commits | heap after GC (MiB) | resident (MiB) | median ms | p95 ms |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (Window w : windows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %s | %.2f | %.2f |%n",
          w.commits(),
          mib(w.heapAfterGcBytes()),
          ResidentMemory.mib(w.residentBytes()),
          w.medianMs(),
          w.p95Ms());
    }
  }

  /**
   * Appends {@code commits} one-row commits to a new graph or raw table at {@code path}, measuring
   * after every {@code window} of them (and once before the first), then checks every row landed.
   */
  static List<Window> run(Subject subject, Path path, int commits, int window) {
    if (commits < 1 || window < 1) {
      throw new IllegalArgumentException("commits and window must be positive");
    }
    List<Window> windows = new ArrayList<>();
    try (Target target = Target.create(subject, path)) {
      windows.add(measure(0, new long[0]));
      long[] nanos = new long[window];
      int inWindow = 0;
      for (int c = 1; c <= commits; c++) {
        long start = System.nanoTime();
        target.appendOne("p" + c);
        nanos[inWindow++] = System.nanoTime() - start;
        if (inWindow == window || c == commits) {
          windows.add(measure(c, Arrays.copyOf(nanos, inWindow)));
          inWindow = 0;
        }
      }
      target.check(commits);
    }
    return windows;
  }

  /** One open graph or raw table taking one-row commits. */
  private sealed interface Target extends AutoCloseable {
    static Target create(Subject subject, Path path) {
      return switch (subject) {
        case OMNIGRAPH -> new GraphTarget(Omnigraph.init(path, BenchSchema.SOURCE));
        case RAW -> new RawTarget(RawLanceTable.create(path));
      };
    }

    void appendOne(String id);

    /** Fails unless exactly {@code commits} rows landed in as many commits. */
    void check(long commits);

    @Override
    void close();
  }

  private record GraphTarget(Omnigraph graph) implements Target {
    @Override
    public void appendOne(String id) {
      graph.append("main", Map.of(BenchSchema.PERSON, List.of(BenchSchema.node(id))));
    }

    @Override
    public void check(long commits) {
      Snapshot s = graph.snapshot("main");
      long people = s.table(Snapshot.EntityKind.NODE, BenchSchema.PERSON).orElseThrow().rowCount();
      if (s.seq() != commits + 1 || people != commits) {
        throw new IllegalStateException(
            "after " + commits + " appends the graph has seq " + s.seq() + " and " + people);
      }
    }

    @Override
    public void close() {
      graph.close();
    }
  }

  private record RawTarget(RawLanceTable table) implements Target {
    @Override
    public void appendOne(String id) {
      table.appendOneRowReopened(id);
    }

    @Override
    public void check(long commits) {
      long rows = table.countRows();
      if (rows != commits) {
        throw new IllegalStateException(
            "after " + commits + " appends the raw table has " + rows + " rows");
      }
    }

    @Override
    public void close() {
      table.close();
    }
  }

  private static Window measure(long commits, long[] nanos) {
    // Several collections: one may leave garbage that only the next finalizes or frees.
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Arrays.sort(nanos);
    return new Window(
        commits,
        heap,
        ResidentMemory.current(),
        percentileMs(nanos, 0.50),
        percentileMs(nanos, 0.95));
  }

  private static double percentileMs(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
