package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The write-latency comparison made robust to a busy machine: each round times one commit of every
 * subject back to back (in a rotating order), so a burst of load from other processes falls on all
 * of them alike and the ratios stay meaningful when the absolute figures do not. Every block starts
 * from an empty graph, table and store; the first block is warm-up. Run as {@code java ...
 * PairedWriteLatency [blocks] [rounds per block]} (defaults 6 and 250); prints a Markdown table.
 */
public final class PairedWriteLatency {
  /** What one round times once each. */
  enum Subject {
    /** {@code Omnigraph.append} of one row to one table. */
    OMNIGRAPH_ONE_ROW,
    /** Raw Lance: Fragment.write and a detached Append on the previous commit's handle. */
    RAW_LANCE_CHAINED,
    /** Raw Lance: open the previous version, Fragment.write, detached Append. */
    RAW_LANCE_REOPENED,
    /** The commit log's durable writes alone: a record put-if-absent, then two small puts. */
    STORE_THREE_PUTS
  }

  /** The latencies of one subject over the measured blocks. */
  record Latency(Subject subject, int samples, double medianMs, double p95Ms) {}

  private PairedWriteLatency() {}

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    Map<Subject, Latency> results = run(blocks, rounds);
    double raw = results.get(Subject.RAW_LANCE_CHAINED).medianMs();
    double reopened = results.get(Subject.RAW_LANCE_REOPENED).medianMs();
    System.out.println(
        "| subject | samples | median ms | p95 ms | median / raw chained | median / raw reopened |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Latency l : results.values()) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.2f | %.2f | %.2fx | %.2fx |%n",
          l.subject().name().toLowerCase(Locale.ROOT),
          l.samples(),
          l.medianMs(),
          l.p95Ms(),
          l.medianMs() / raw,
          l.medianMs() / reopened);
    }
  }

  /**
   * Runs {@code blocks} blocks of {@code rounds} rounds and returns each subject's latencies in
   * subject order; the first block is not reported.
   */
  static Map<Subject, Latency> run(int blocks, int rounds) {
    if (blocks < 2 || rounds < 1) {
      throw new IllegalArgumentException("need at least 2 blocks (one is warm-up) and 1 round");
    }
    Map<Subject, long[]> nanos = new EnumMap<>(Subject.class);
    for (Subject s : Subject.values()) {
      nanos.put(s, new long[(blocks - 1) * rounds]);
    }
    Subject[] order = Subject.values();
    byte[] record = StoreWriteBenchmark.filled(StoreWriteBenchmark.RECORD_BYTES);
    for (int b = 0; b < blocks; b++) {
      try (ScratchDirectory scratch = ScratchDirectory.create("paired-write");
          Omnigraph graph = Omnigraph.init(scratch.child("graph"), BenchSchema.SOURCE);
          RawLanceTable chained = RawLanceTable.create(scratch.child("chained.lance"));
          RawLanceTable reopened = RawLanceTable.create(scratch.child("reopened.lance"))) {
        LocalObjectStore store = LocalObjectStore.open(scratch.child("store"));
        for (int r = 0; r < rounds; r++) {
          String id = "p" + r;
          for (int k = 0; k < order.length; k++) {
            // Rotate who goes first, so no subject always runs right after another.
            Subject s = order[(r + k) % order.length];
            long start = System.nanoTime();
            switch (s) {
              case OMNIGRAPH_ONE_ROW ->
                  graph.append("main", Map.of(BenchSchema.PERSON, List.of(BenchSchema.node(id))));
              case RAW_LANCE_CHAINED -> chained.appendOneRowChained(id);
              case RAW_LANCE_REOPENED -> reopened.appendOneRowReopened(id);
              case STORE_THREE_PUTS -> {
                store.putIfAbsent(String.format("log/main/%020d.json", r + 1), record);
                store.put("log/main/tip", id.getBytes(StandardCharsets.US_ASCII));
                store.put("commits/" + id, id.getBytes(StandardCharsets.US_ASCII));
              }
            }
            long elapsed = System.nanoTime() - start;
            if (b > 0) {
              nanos.get(s)[(b - 1) * rounds + r] = elapsed;
            }
          }
        }
      }
    }
    Map<Subject, Latency> results = new EnumMap<>(Subject.class);
    for (Subject s : Subject.values()) {
      long[] sorted = nanos.get(s).clone();
      Arrays.sort(sorted);
      results.put(
          s, new Latency(s, sorted.length, percentileMs(sorted, 0.50), percentileMs(sorted, 0.95)));
    }
    return results;
  }

  static double percentileMs(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
