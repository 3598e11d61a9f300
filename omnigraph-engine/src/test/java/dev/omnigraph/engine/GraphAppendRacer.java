package dev.omnigraph.engine;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.store.S3ObjectStore;
import dev.omnigraph.engine.store.S3ProxyFixture;
import dev.omnigraph.engine.txn.Committed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A child JVM of {@link OmnigraphProcessRaceTest}, driven by lines on stdin so one child serves
 * several races (a JVM start with Lance costs seconds). For {@code race <name> <type> <appends>
 * local <root>} or {@code race <name> <type> <appends> s3 <endpoint> <prefix>} (a graph on {@link
 * S3ProxyFixture}'s bucket) it opens the graph through the facade, prints {@code ready}, waits for
 * {@code go}, then appends one row of node type {@code type} per call to branch {@code main},
 * printing {@code ack <seq> <commit id> <row id> <prepares> <reputs>} for an acknowledged commit
 * and {@code conflict <row id>} for a typed conflict (nothing committed), and {@code done} at the
 * end. It exits at end of input; any other failure exits non-zero with the stack trace on stderr.
 */
public final class GraphAppendRacer {
  private GraphAppendRacer() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      List<String> f = List.of(line.split(" ", -1));
      if (f.size() < 6) {
        throw new IllegalArgumentException("not a race: " + line);
      }
      switch (f.getFirst()) {
        case "race" ->
            race(in, f.get(1), f.get(2), Integer.parseInt(f.get(3)), f.subList(4, f.size()));
        case "branches" ->
            branches(
                in, Integer.parseInt(f.get(2)), Integer.parseInt(f.get(3)), f.subList(4, f.size()));
        default -> throw new IllegalArgumentException("not a race: " + line);
      }
    }
    // End of input: the parent is done with us. Exit even if a library left a thread running.
    System.exit(0);
  }

  private static void race(
      BufferedReader in, String racer, String type, int appends, List<String> where)
      throws IOException {
    try (Omnigraph graph = open(where)) {
      // Touch the graph and Lance before the gate, so the race is between writes, not opens.
      graph.snapshot("main");
      System.out.println("ready");
      System.out.flush();
      // The start gate: the parent writes go to every child once all are ready. Blocking on stdin
      // leaves the CPU to children still getting ready (spinning would not, on two cores).
      String go = in.readLine();
      if (!"go".equals(go)) {
        throw new IllegalStateException("expected go at the start gate, got " + go);
      }
      for (int i = 0; i < appends; i++) {
        String id = racer + "-" + i;
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("name", id);
        try {
          Committed<Map<String, Long>> c = graph.append("main", Map.of(type, List.of(row)));
          CommitRecord r = c.record().orElseThrow();
          System.out.println(
              "ack "
                  + r.seq()
                  + " "
                  + r.commitId()
                  + " "
                  + id
                  + " "
                  + c.prepares()
                  + " "
                  + c.reputs());
        } catch (WriteConflictException e) {
          System.out.println("conflict " + id);
        }
        System.out.flush();
      }
    }
    System.out.println("done");
    System.out.flush();
  }

  /**
   * Creates, for each round {@code i}, the branch {@code r<i>} with {@code depth} more path
   * segments ({@code r<i>/x}, {@code r<i>/x/y}), printing {@code created <name>} or {@code refused
   * <name> <error code>}: children given different depths race to create names that cannot both
   * live.
   */
  private static void branches(BufferedReader in, int rounds, int depth, List<String> where)
      throws IOException {
    try (Omnigraph graph = open(where)) {
      graph.branches();
      System.out.println("ready");
      System.out.flush();
      String go = in.readLine();
      if (!"go".equals(go)) {
        throw new IllegalStateException("expected go at the start gate, got " + go);
      }
      for (int i = 0; i < rounds; i++) {
        String name = "r" + i + "/x/y/z".substring(0, 2 * depth);
        try {
          graph.createBranch(name, "main");
          System.out.println("created " + name);
        } catch (BranchNameConflictException | BranchExistsException | WriteConflictException e) {
          System.out.println("refused " + name + " " + e.code());
        }
        System.out.flush();
      }
    }
    System.out.println("done");
    System.out.flush();
  }

  private static Omnigraph open(List<String> where) {
    return switch (where.getFirst()) {
      case "local" -> Omnigraph.open(Path.of(where.get(1)));
      case "s3" -> {
        URI endpoint = URI.create(where.get(1));
        S3ObjectStore store = S3ProxyFixture.store(endpoint, where.get(2));
        // The store's HTTP client lives until the JVM exits; a child opens a handful of graphs.
        yield Omnigraph.open(store, store.location(), S3ProxyFixture.lanceOptions(endpoint));
      }
      default -> throw new IllegalArgumentException("unknown graph kind in " + where);
    };
  }
}
