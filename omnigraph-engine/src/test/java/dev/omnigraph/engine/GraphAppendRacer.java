package dev.omnigraph.engine;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.store.S3ObjectStore;
import dev.omnigraph.engine.store.S3ProxyFixture;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.engine.txn.WriteConflictException;
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
 * A child JVM of {@link OmnigraphProcessRaceTest}: opens the graph through the facade, prints
 * {@code ready}, waits for {@code go} on stdin, then appends one row per call to branch {@code
 * main} and prints one line per call: {@code ack <seq> <commit id> <row id> <prepares> <reputs>}
 * for an acknowledged commit, {@code conflict <row id>} for a typed conflict (nothing committed);
 * {@code done} at the end. Any other failure exits non-zero with the stack trace on stderr.
 */
public final class GraphAppendRacer {
  private GraphAppendRacer() {}

  /**
   * Arguments: racer name, node type, number of appends, then {@code local <root>} or {@code s3
   * <endpoint> <prefix>} (a graph on {@link S3ProxyFixture}'s bucket).
   */
  public static void main(String[] args) throws Exception {
    String racer = args[0];
    String type = args[1];
    int appends = Integer.parseInt(args[2]);
    try (Omnigraph graph = open(args[3], args[4], args.length > 5 ? args[5] : null)) {
      // Touch the graph and Lance before the gate, so the race is between writes, not start-ups.
      graph.snapshot("main");
      System.out.println("ready");
      System.out.flush();
      awaitGo(racer);
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
  }

  private static Omnigraph open(String kind, String where, String prefix) {
    return switch (kind) {
      case "local" -> Omnigraph.open(Path.of(where));
      case "s3" -> {
        URI endpoint = URI.create(where);
        S3ObjectStore store = S3ProxyFixture.store(endpoint, prefix);
        // The store's HTTP client lives until the JVM exits, which is right after the graph.
        yield Omnigraph.open(store, store.location(), S3ProxyFixture.lanceOptions(endpoint));
      }
      default -> throw new IllegalArgumentException("unknown graph kind " + kind);
    };
  }

  // The start gate: the parent writes a line to every child once all are ready. Blocking on stdin
  // leaves the CPU to children still starting (spinning would not, on two cores), and a parent
  // that died closes the pipe, which ends the child.
  private static void awaitGo(String racer) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      System.err.println("racer " + racer + ": the parent closed the start gate without a go");
      System.exit(2);
    }
  }
}
