package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether memory grows with history: one open graph takes {@code commits} one-row appends to one
 * table, and after every {@code window} commits the harness collects garbage and records the heap
 * still in use, the process's resident memory and the window's commit latencies. Run as {@code java
 * ... HistoryMemory [commits] [window]} (defaults 2000 and 250); prints a Markdown table.
 */
public final class HistoryMemory {
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
    List<Window> windows;
    try (ScratchDirectory scratch = ScratchDirectory.create("history-memory")) {
      windows = run(scratch.child("graph"), commits, window);
    }
    System.out.println("| commits | heap after GC (MiB) | resident (MiB) | median ms | p95 ms |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (Window w : windows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %s | %.2f | %.2f |%n",
          w.commits(),
          mib(w.heapAfterGcBytes()),
          w.residentBytes().isPresent()
              ? String.format(Locale.ROOT, "%.0f", mib(w.residentBytes().getAsLong()))
              : "n/a",
          w.medianMs(),
          w.p95Ms());
    }
  }

  /**
   * Appends {@code commits} one-row commits to a new graph at {@code graphPath}, measuring after
   * every {@code window} of them (and once before the first).
   */
  static List<Window> run(Path graphPath, int commits, int window) {
    if (commits < 1 || window < 1) {
      throw new IllegalArgumentException("commits and window must be positive");
    }
    List<Window> windows = new ArrayList<>();
    try (Omnigraph graph = Omnigraph.init(graphPath, BenchSchema.SOURCE)) {
      windows.add(measure(0, new long[0]));
      long[] nanos = new long[window];
      int inWindow = 0;
      for (int c = 1; c <= commits; c++) {
        long start = System.nanoTime();
        graph.append("main", Map.of(BenchSchema.PERSON, List.of(BenchSchema.node("p" + c))));
        nanos[inWindow++] = System.nanoTime() - start;
        if (inWindow == window || c == commits) {
          windows.add(measure(c, Arrays.copyOf(nanos, inWindow)));
          inWindow = 0;
        }
      }
      Snapshot s = graph.snapshot("main");
      long people = s.table(Snapshot.EntityKind.NODE, BenchSchema.PERSON).orElseThrow().rowCount();
      if (s.seq() != commits + 1L || people != commits) {
        throw new IllegalStateException(
            "after " + commits + " appends the graph has seq " + s.seq() + " and " + people);
      }
    }
    return windows;
  }

  private static Window measure(long commits, long[] nanos) {
    // Several collections: one may leave garbage that only the next finalizes or frees.
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Arrays.sort(nanos);
    return new Window(
        commits, heap, residentBytes(), percentileMs(nanos, 0.50), percentileMs(nanos, 0.95));
  }

  private static double percentileMs(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  // Linux only: the JVM reports no resident size, and native (Lance, Arrow) memory is not on-heap.
  private static OptionalLong residentBytes() {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
