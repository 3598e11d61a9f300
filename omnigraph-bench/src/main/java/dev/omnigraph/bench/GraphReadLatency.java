package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.exec.QueryResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Read latency of the engine's query executor against the raw Lance operations each query reduces
 * to, on one {@link SocialGraph} graph: a point lookup by key, a one-hop and a two-hop traversal
 * with a filter on the far user, an anti-join and a top-20 aggregation. The raw baseline reads the
 * engine's own table versions, so both read the same files. Each round runs every workload on both
 * subjects back to back (in a rotating order, with a key that changes every round) and checks that
 * they gave the same answer; the first {@code warmUp} rounds are not reported, but each workload's
 * first call (the engine's then builds the traversal index of the edge table) is. Run as {@code
 * java ... GraphReadLatency GRAPH [rounds] [warm-up rounds] [workloads]} (defaults 30, 3 and all;
 * workloads as a comma-separated list of names such as {@code one_hop_filter,two_hop_filter}) on a
 * graph that {@link GraphLoadThroughput} loaded; prints a Markdown table.
 */
public final class GraphReadLatency {
  /** One read of the benchmark. */
  enum Workload {
    /** {@code user_by_key}: one user by its key, three properties. */
    POINT_LOOKUP("user_by_key"),
    /** {@code follows_older}: the users one user follows, older than 60. */
    ONE_HOP_FILTER("follows_older"),
    /** {@code follows_of_follows_older}: two steps of follows, ending older than 60. */
    TWO_HOP_FILTER("follows_of_follows_older"),
    /** {@code follows_nobody}: how many users follow nobody. */
    ANTI_JOIN("follows_nobody"),
    /** {@code most_followed}: the 20 users with the most followers. */
    AGGREGATION_TOP_20("most_followed");

    final String query;

    Workload(String query) {
      this.query = query;
    }
  }

  /** Who answers. */
  enum Subject {
    OMNIGRAPH,
    RAW
  }

  /** One subject's latencies on one workload. */
  record Latency(double firstMs, int samples, double medianMs, double p95Ms) {}

  /** Both subjects' latencies on one workload, and what each answered in the last round. */
  record Comparison(Workload workload, Latency omnigraph, Latency raw, int lastAnswerSize) {
    double ratio() {
      return omnigraph.medianMs() / raw.medianMs();
    }
  }

  private GraphReadLatency() {}

  public static void main(String[] args) {
    Path graphFolder = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    EnumSet<Workload> workloads = EnumSet.noneOf(Workload.class);
    if (args.length > 3) {
      for (String name : args[3].split(",", -1)) {
        workloads.add(Workload.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      }
    } else {
      workloads = EnumSet.allOf(Workload.class);
    }
    List<Comparison> results;
    try (Omnigraph graph = Omnigraph.open(graphFolder)) {
      results = run(graph, graphFolder, rounds, warmUp, workloads);
    }
    System.out.println(
        "| workload | rows | engine first ms | raw first ms | engine median / p95 ms | raw median"
            + " / p95 ms | engine ÷ raw (median) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Comparison c : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.1f | %.1f | %.2f / %.2f | %.2f / %.2f | %.2fx |%n",
          c.workload().name().toLowerCase(Locale.ROOT),
          c.lastAnswerSize(),
          c.omnigraph().firstMs(),
          c.raw().firstMs(),
          c.omnigraph().medianMs(),
          c.omnigraph().p95Ms(),
          c.raw().medianMs(),
          c.raw().p95Ms(),
          c.ratio());
    }
  }

  /**
   * Runs {@code warmUp + rounds} rounds on the newest state of {@code graph}'s main branch, whose
   * root folder is {@code root}, and returns each workload's comparison in workload order.
   *
   * @throws IllegalStateException if the engine and the raw baseline ever answer differently
   */
  static List<Comparison> run(Omnigraph graph, Path root, int rounds, int warmUp) {
    return run(graph, root, rounds, warmUp, EnumSet.allOf(Workload.class));
  }

  /** As {@link #run(Omnigraph, Path, int, int)}, for the workloads {@code workloads} only. */
  static List<Comparison> run(
      Omnigraph graph, Path root, int rounds, int warmUp, EnumSet<Workload> workloads) {
    if (rounds < 1 || warmUp < 0) {
      throw new IllegalArgumentException("need at least 1 measured round and no negative warm-up");
    }
    Snapshot s = graph.snapshot("main");
    Snapshot.TableState users = s.table(Snapshot.EntityKind.NODE, SocialGraph.USER).orElseThrow();
    Snapshot.TableState follows =
        s.table(Snapshot.EntityKind.EDGE, SocialGraph.FOLLOWS).orElseThrow();
    SocialGraph shape = new SocialGraph((int) users.rowCount());
    // Per workload and subject: the first call, then the measured rounds.
    Map<Workload, Map<Subject, long[]>> nanos = new EnumMap<>(Workload.class);
    Map<Workload, Map<Subject, Long>> first = new EnumMap<>(Workload.class);
    Map<Workload, Integer> answerSizes = new EnumMap<>(Workload.class);
    for (Workload w : workloads) {
      Map<Subject, long[]> bySubject = new EnumMap<>(Subject.class);
      for (Subject subject : Subject.values()) {
        bySubject.put(subject, new long[rounds]);
      }
      nanos.put(w, bySubject);
      first.put(w, new EnumMap<>(Subject.class));
    }
    try (RawLanceGraph raw =
        new RawLanceGraph(
            new RawLanceGraph.Table(
                root.resolve(users.path()), Long.parseUnsignedLong(users.version())),
            new RawLanceGraph.Table(
                root.resolve(follows.path()), Long.parseUnsignedLong(follows.version())))) {
      List<Subject> order = List.of(Subject.OMNIGRAPH, Subject.RAW);
      for (int r = 0; r < warmUp + rounds; r++) {
        String name = SocialGraph.name(shape.sampleUser(r));
        for (Workload w : workloads) {
          Map<Subject, Object> answers = new EnumMap<>(Subject.class);
          for (int k = 0; k < order.size(); k++) {
            // Alternate who goes first, so neither always runs on the other's warm caches.
            Subject subject = order.get((r + k) % order.size());
            long start = System.nanoTime();
            Object answer =
                switch (subject) {
                  case OMNIGRAPH ->
                      graph.query("main", SocialGraph.QUERIES, w.query, params(w, name));
                  case RAW -> rawAnswer(raw, w, name);
                };
            long elapsed = System.nanoTime() - start;
            answers.put(subject, answer);
            if (r == 0) {
              first.get(w).put(subject, elapsed);
            }
            if (r >= warmUp) {
              nanos.get(w).get(subject)[r - warmUp] = elapsed;
            }
          }
          answerSizes.put(
              w,
              check(
                  w, name, (QueryResult) answers.get(Subject.OMNIGRAPH), answers.get(Subject.RAW)));
        }
      }
    }
    List<Comparison> results = new ArrayList<>();
    for (Workload w : workloads) {
      results.add(
          new Comparison(
              w,
              latency(first.get(w).get(Subject.OMNIGRAPH), nanos.get(w).get(Subject.OMNIGRAPH)),
              latency(first.get(w).get(Subject.RAW), nanos.get(w).get(Subject.RAW)),
              answerSizes.get(w)));
    }
    return results;
  }

  private static Map<String, Object> params(Workload w, String name) {
    return switch (w) {
      case POINT_LOOKUP -> Map.of("name", name);
      case ONE_HOP_FILTER, TWO_HOP_FILTER -> Map.of("name", name, "age", SocialGraph.AGE_ABOVE);
      case ANTI_JOIN, AGGREGATION_TOP_20 -> Map.of();
    };
  }

  private static Object rawAnswer(RawLanceGraph raw, Workload w, String name) {
    return switch (w) {
      case POINT_LOOKUP -> raw.userByKey(name);
      case ONE_HOP_FILTER -> raw.followsOlder(name, SocialGraph.AGE_ABOVE);
      case TWO_HOP_FILTER -> raw.followsOfFollowsOlder(name, SocialGraph.AGE_ABOVE);
      case ANTI_JOIN -> raw.followsNobody();
      case AGGREGATION_TOP_20 -> raw.mostFollowed(20);
    };
  }

  /** Fails unless both answers agree; returns the number of rows the engine answered. */
  private static int check(Workload w, String name, QueryResult engine, Object raw) {
    boolean same =
        switch (w) {
          case POINT_LOOKUP -> engine.rows().equals(raw);
          case ONE_HOP_FILTER, TWO_HOP_FILTER ->
              engine.column("f.name").stream()
                  .map(String.class::cast)
                  .sorted()
                  .toList()
                  .equals(raw);
          case ANTI_JOIN -> engine.rows().equals(List.of(List.of(raw)));
          case AGGREGATION_TOP_20 -> sameRanking(engine, (RawLanceGraph.Ranking) raw);
        };
    if (!same) {
      throw new IllegalStateException(
          w + " for " + name + ": the engine answered " + engine.rows() + ", raw Lance " + raw);
    }
    return engine.rowCount();
  }

  // Ties in the follower count may be ordered differently; every count and each name's count must
  // agree.
  private static boolean sameRanking(QueryResult engine, RawLanceGraph.Ranking raw) {
    if (!engine.column("followers").equals(raw.followers())) {
      return false;
    }
    for (List<Object> row : engine.rows()) {
      if (!Objects.equals(raw.all().get((String) row.get(0)), row.get(1))) {
        return false;
      }
    }
    return true;
  }

  private static Latency latency(long firstNanos, long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Latency(
        firstNanos / 1e6,
        sorted.length,
        PairedWriteLatency.percentileMs(sorted, 0.50),
        PairedWriteLatency.percentileMs(sorted, 0.95));
  }
}
