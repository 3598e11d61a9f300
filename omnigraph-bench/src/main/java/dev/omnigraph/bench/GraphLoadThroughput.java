package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.write.LoadMode;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.LoadResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Bulk-load throughput and peak memory: the {@link SocialGraph} of {@code users} users (and twice
 * as many edges) loaded into a new graph by one {@code Omnigraph.load} of its JSONL in mode
 * overwrite, or written by the raw Lance baseline ({@link RawLanceGraph#load}) as the same rows in
 * the same batch size. Run each subject in its own JVM, so the process's peak resident size
 * (Linux's VmHWM) is the load's:
 *
 * <pre>
 * java ... GraphLoadThroughput generate USERS FILE.jsonl     # the input, not timed
 * java ... GraphLoadThroughput omnigraph FILE.jsonl GRAPH    # leaves the graph for GraphReadLatency
 * java ... GraphLoadThroughput raw USERS FOLDER
 * </pre>
 *
 * Each prints one Markdown table row.
 */
public final class GraphLoadThroughput {
  /** What loads the graph. */
  enum Subject {
    OMNIGRAPH,
    RAW
  }

  /** One timed load: what loaded, how much, how long, and the resident sizes around it. */
  record Outcome(
      Subject subject,
      long users,
      long edges,
      long nanos,
      OptionalLong residentBeforeBytes,
      OptionalLong peakResidentBytes) {
    double entitiesPerSecond() {
      return (users + edges) / (nanos / 1e9);
    }
  }

  private GraphLoadThroughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: generate USERS FILE | omnigraph FILE GRAPH | raw USERS FOLDER");
    }
    switch (args[0]) {
      case "generate" -> {
        SocialGraph graph = new SocialGraph(Integer.parseInt(args[1]));
        generate(graph, Path.of(args[2]));
        System.out.printf(
            Locale.ROOT, "wrote %d users and %d edges%n", graph.users(), graph.edges());
      }
      case "omnigraph" -> print(loadOmnigraph(Path.of(args[1]), Path.of(args[2])));
      case "raw" -> {
        // Lance's native library is loaded (and its threads started) before the clock starts, as
        // the engine's init does for the other subject.
        try (ScratchDirectory warm = ScratchDirectory.create("raw-load-warm-up")) {
          RawLanceGraph.load(new SocialGraph(10), warm.child("g")).close();
        }
        print(loadRaw(new SocialGraph(Integer.parseInt(args[1])), Path.of(args[2])));
      }
      default -> throw new IllegalArgumentException("unknown subject " + args[0]);
    }
  }

  /** Writes {@code graph}'s JSONL to {@code file}. */
  static void generate(SocialGraph graph, Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      graph.writeJsonl(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Creates a graph of the social schema at {@code graphFolder} and times one overwrite load of
   * {@code jsonl} into it; fails unless every line became an entity.
   */
  static Outcome loadOmnigraph(Path jsonl, Path graphFolder) {
    try (Omnigraph graph = Omnigraph.init(graphFolder, SocialGraph.SCHEMA);
        InputStream in = Files.newInputStream(jsonl)) {
      OptionalLong before = ResidentMemory.peak();
      long start = System.nanoTime();
      LoadResult result = graph.load("main", in, LoadOptions.of(LoadMode.OVERWRITE));
      long nanos = System.nanoTime() - start;
      Snapshot s = graph.snapshot("main");
      long users = s.table(Snapshot.EntityKind.NODE, SocialGraph.USER).orElseThrow().rowCount();
      long edges = s.table(Snapshot.EntityKind.EDGE, SocialGraph.FOLLOWS).orElseThrow().rowCount();
      if (users + edges != result.totalEntities()) {
        throw new IllegalStateException(
            "the load reported "
                + result.totalEntities()
                + " entities but committed "
                + users
                + " users and "
                + edges
                + " edges");
      }
      return new Outcome(Subject.OMNIGRAPH, users, edges, nanos, before, ResidentMemory.peak());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jsonl, e);
    }
  }

  /** Times the raw baseline writing {@code graph} into new tables under {@code folder}. */
  static Outcome loadRaw(SocialGraph graph, Path folder) {
    OptionalLong before = ResidentMemory.peak();
    long start = System.nanoTime();
    RawLanceGraph.load(graph, folder).close();
    long nanos = System.nanoTime() - start;
    return new Outcome(
        Subject.RAW, graph.users(), graph.edges(), nanos, before, ResidentMemory.peak());
  }

  private static void print(Outcome o) {
    System.out.println(
        "| subject | users | edges | seconds | entities/s | peak RSS before load (MiB) | peak RSS"
            + " (MiB) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %.1f | %.0f | %s | %s |%n",
        o.subject().name().toLowerCase(Locale.ROOT),
        o.users(),
        o.edges(),
        o.nanos() / 1e9,
        o.entitiesPerSecond(),
        ResidentMemory.mib(o.residentBeforeBytes()),
        ResidentMemory.mib(o.peakResidentBytes()));
  }
}
