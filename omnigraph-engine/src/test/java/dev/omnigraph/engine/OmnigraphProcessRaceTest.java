package dev.omnigraph.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.omnigraph.engine.AcknowledgedAppends.Ack;
import dev.omnigraph.engine.store.S3ObjectStore;
import dev.omnigraph.engine.store.S3ProxyFixture;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in separate JVMs on one graph root, local disk and S3 (S3Proxy): every commit a child was
 * acknowledged is in the history exactly once at the seq it was told, every record is one a child
 * was acknowledged, the history is one chain, and each table holds exactly the acknowledged rows.
 * Two children append to one table (lost puts force a redo) and one to another (a lost put is put
 * again as prepared).
 */
class OmnigraphProcessRaceTest {
  /** Each racer: its name and the node type it appends to. */
  private static final Map<String, String> RACERS =
      new TreeMap<>(Map.of("a", "Person", "b", "Person", "c", "Company"));

  @TempDir Path dir;

  /** What the children printed: their acknowledged appends and the rows refused by a conflict. */
  record Outcome(List<Ack> acks, List<String> conflicts) {}

  @Test
  void childJvmsAppendingOnOneLocalRootLoseNothingAndDuplicateNothing() throws Exception {
    Path root = dir.resolve("graph");
    Omnigraph.init(root, OmnigraphWriteTest.testPg()).close();
    int appends = 8;
    Outcome outcome = race(appends, racer -> List.of("local", root.toString()), "local disk");
    try (Omnigraph graph = Omnigraph.open(root);
        Tables tables = new Tables(root.toString(), Map.of())) {
      check(graph, tables, outcome, appends);
    }
  }

  @Test
  void childJvmsAppendingOnOneS3RootLoseNothingAndDuplicateNothing() throws Exception {
    try (S3ProxyFixture s3 = S3ProxyFixture.start();
        S3ObjectStore store = s3.store("graphs/race")) {
      Map<String, String> lance = S3ProxyFixture.lanceOptions(s3.endpoint());
      String source = OmnigraphWriteTest.testPg();
      Omnigraph.init(
              store,
              store.location(),
              lance,
              SchemaCompiler.shape(SourceText.of("<schema>", source)),
              source)
          .close();
      URI endpoint = s3.endpoint();
      int appends = 5;
      Outcome outcome =
          race(appends, racer -> List.of("s3", endpoint.toString(), "graphs/race"), "S3Proxy");
      try (Omnigraph graph = Omnigraph.open(store, store.location(), lance);
          Tables tables = new Tables(store.location(), lance)) {
        check(graph, tables, outcome, appends);
      }
    }
  }

  /** Racer name to the arguments that say where the graph is. */
  private interface GraphArgs {
    List<String> of(String racer);
  }

  private Outcome race(int appends, GraphArgs where, String label) throws Exception {
    assertThat(ChildJvm.jdkFlags())
        .as("the JDK flags Lance needs, handed on to the children")
        .contains(
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED");
    List<Process> children = new ArrayList<>();
    Map<String, List<String>> lines = new TreeMap<>();
    long began = System.nanoTime();
    long[] raceNanos = new long[1];
    try {
      assertTimeoutPreemptively(
          Duration.ofMinutes(3),
          () -> {
            List<String> names = List.copyOf(RACERS.keySet());
            for (String racer : names) {
              List<String> args = new ArrayList<>();
              args.add(racer);
              args.add(RACERS.get(racer));
              args.add(Integer.toString(appends));
              args.addAll(where.of(racer));
              children.add(
                  new ProcessBuilder(ChildJvm.command(GraphAppendRacer.class, args))
                      .redirectError(stderr(racer).toFile())
                      .start());
            }
            List<BufferedReader> readers = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
              BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(children.get(i).getInputStream(), UTF_8));
              readers.add(reader);
              // Blocks until that child has opened the graph and waits at the start gate.
              assertThat(reader.readLine())
                  .as("racer %s: %s", names.get(i), err(names.get(i)))
                  .isEqualTo("ready");
            }
            long raceStart = System.nanoTime();
            for (Process child : children) {
              Writer go = new OutputStreamWriter(child.getOutputStream(), UTF_8);
              go.write("go\n");
              go.flush();
            }
            for (int i = 0; i < names.size(); i++) {
              List<String> out = new ArrayList<>();
              for (String line = readers.get(i).readLine(); line != null; ) {
                out.add(line);
                line = readers.get(i).readLine();
              }
              Process child = children.get(i);
              assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
              assertThat(child.exitValue())
                  .as("racer %s: %s", names.get(i), err(names.get(i)))
                  .isZero();
              assertThat(out).as("racer %s", names.get(i)).last().isEqualTo("done");
              lines.put(names.get(i), out.subList(0, out.size() - 1));
            }
            raceNanos[0] = System.nanoTime() - raceStart;
          });
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }

    List<Ack> acks = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    lines.forEach((racer, out) -> {
      assertThat(out).as("racer %s", racer).hasSize(appends);
      for (String line : out) {
        String[] f = line.split(" ", -1);
        switch (f[0]) {
          case "ack" ->
              acks.add(
                  new Ack(
                      racer,
                      RACERS.get(racer),
                      Long.parseLong(f[1]),
                      f[2],
                      f[3],
                      Integer.parseInt(f[4]),
                      Integer.parseInt(f[5])));
          case "conflict" -> conflicts.add(f[1]);
          default -> throw new AssertionError("racer " + racer + " printed " + line);
        }
      }
    });
    System.out.printf(
        "OmnigraphProcessRaceTest (%s): %d JVMs x %d appends raced in %.2f s (%.2f s with JVM"
            + " start): %d acknowledged, %d conflicts, %d preparations, %d re-puts%n",
        label,
        RACERS.size(),
        appends,
        raceNanos[0] / 1e9,
        (System.nanoTime() - began) / 1e9,
        acks.size(),
        conflicts.size(),
        acks.stream().mapToInt(Ack::prepares).sum(),
        acks.stream().mapToInt(Ack::reputs).sum());
    return new Outcome(acks, conflicts);
  }

  private static void check(Omnigraph graph, Tables tables, Outcome outcome, int appends) {
    assertThat(outcome.acks().size() + outcome.conflicts().size())
        .isEqualTo(RACERS.size() * appends);
    AcknowledgedAppends.assertGraphHoldsExactly(
        graph, tables, outcome.acks(), List.of("Person", "Company"));
  }

  private Path stderr(String racer) {
    return dir.resolve("racer-" + racer + ".err");
  }

  private String err(String racer) throws IOException {
    Path p = stderr(racer);
    return Files.exists(p) ? Files.readString(p) : "";
  }
}
