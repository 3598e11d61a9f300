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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in separate JVMs on one graph root, on local disk and on S3 (S3Proxy): every commit a
 * child was acknowledged is in the history exactly once at the seq it was told, every record is one
 * a child was acknowledged, the history is one chain, and each table holds exactly the acknowledged
 * rows. Two children append to one table (a lost put is prepared again) and one to another (a lost
 * put is put again as prepared). The same three child JVMs serve every race: starting one, with
 * Lance's native library, costs seconds.
 */
class OmnigraphProcessRaceTest {
  /** The racing children: their names and the node type each appends to. */
  private static final List<String> NAMES = List.of("a", "b", "c");

  private static final List<String> TYPES = List.of("Person", "Person", "Company");

  @TempDir static Path logs;
  private static final List<Child> CHILDREN = new ArrayList<>();

  @TempDir Path dir;

  /** One child JVM and the ends of its pipes. */
  private record Child(String name, String type, Process process, BufferedReader out, Writer in) {
    void send(String line) throws IOException {
      in.write(line + "\n");
      in.flush();
    }

    String receive() throws IOException {
      String line = out.readLine();
      assertThat(line).as("child %s ended early: %s", name, stderr(name)).isNotNull();
      return line;
    }
  }

  @BeforeAll
  static void startChildren() throws IOException {
    assertThat(ChildJvm.jdkFlags())
        .as("the JDK flags Lance needs, handed on to the children")
        .contains(
            "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED");
    for (int i = 0; i < NAMES.size(); i++) {
      Process p =
          new ProcessBuilder(ChildJvm.command(GraphAppendRacer.class, List.of()))
              .redirectError(logs.resolve("racer-" + NAMES.get(i) + ".err").toFile())
              .start();
      CHILDREN.add(
          new Child(
              NAMES.get(i),
              TYPES.get(i),
              p,
              new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8)),
              new OutputStreamWriter(p.getOutputStream(), UTF_8)));
    }
  }

  @AfterAll
  static void stopChildren() throws Exception {
    try {
      for (Child c : CHILDREN) {
        c.in().close(); // end of input: the child exits
      }
      for (Child c : CHILDREN) {
        assertThat(c.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(c.process().exitValue()).as("child %s: %s", c.name(), stderr(c.name())).isZero();
      }
    } finally {
      for (Child c : CHILDREN) {
        c.process().destroyForcibly();
      }
      CHILDREN.clear();
    }
  }

  private static String stderr(String name) {
    try {
      Path p = logs.resolve("racer-" + name + ".err");
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  @Test
  void childJvmsAppendingOnOneLocalRootLoseNothingAndDuplicateNothing() throws Exception {
    Path root = dir.resolve("graph");
    Omnigraph.init(root, OmnigraphWriteTest.testPg()).close();
    int appends = 8;
    List<Ack> acks = race(appends, "local " + root, "local disk");
    try (Omnigraph graph = Omnigraph.open(root);
        Tables tables = new Tables(root.toString(), Map.of())) {
      AcknowledgedAppends.assertGraphHoldsExactly(
          graph, tables, acks, List.of("Person", "Company"));
    }
  }

  @Test
  void childJvmsAppendingOnOneS3RootLoseNothingAndDuplicateNothing() throws Exception {
    String prefix = "graphs/race";
    try (S3ProxyFixture s3 = S3ProxyFixture.start();
        S3ObjectStore store = s3.store(prefix)) {
      Map<String, String> lance = S3ProxyFixture.lanceOptions(s3.endpoint());
      String source = OmnigraphWriteTest.testPg();
      Omnigraph.init(
              store,
              store.location(),
              lance,
              SchemaCompiler.shape(SourceText.of("<schema>", source)),
              source)
          .close();
      // Lance wrote the tables into the bucket, beside the log: nothing went to local disk.
      assertThat(store.list("tables/")).anyMatch(k -> k.contains("/_versions/"));
      int appends = 5;
      List<Ack> acks = race(appends, "s3 " + s3.endpoint() + " " + prefix, "S3Proxy");
      try (Omnigraph graph = Omnigraph.open(store, store.location(), lance);
          Tables tables = new Tables(store.location(), lance)) {
        AcknowledgedAppends.assertGraphHoldsExactly(
            graph, tables, acks, List.of("Person", "Company"));
      }
    }
  }

  @Test
  void childJvmsCreatingNestedNamesNeverLeaveTwoOfThemLive() throws Exception {
    Path root = dir.resolve("graph");
    Omnigraph.init(root, OmnigraphWriteTest.testPg()).close();
    int rounds = 12;
    Map<String, String> outcomes = new java.util.TreeMap<>();
    assertTimeoutPreemptively(
        Duration.ofMinutes(3),
        () -> {
          for (int i = 0; i < CHILDREN.size(); i++) {
            // Child i creates r<n> with i more segments: r<n>, r<n>/x, r<n>/x/y.
            CHILDREN
                .get(i)
                .send(
                    "branches "
                        + CHILDREN.get(i).name()
                        + " "
                        + rounds
                        + " "
                        + i
                        + " local "
                        + root);
          }
          for (Child c : CHILDREN) {
            assertThat(c.receive()).as("child %s", c.name()).isEqualTo("ready");
          }
          for (Child c : CHILDREN) {
            c.send("go");
          }
          for (Child c : CHILDREN) {
            for (int i = 0; i < rounds; i++) {
              List<String> f = List.of(c.receive().split(" ", -1));
              assertThat(f.getFirst()).isIn("created", "refused");
              outcomes.put(
                  f.get(1),
                  String.join(" ", f.subList(0, 1)) + (f.size() > 2 ? " " + f.get(2) : ""));
            }
            assertThat(c.receive()).as("child %s", c.name()).isEqualTo("done");
          }
        });
    try (Omnigraph graph = Omnigraph.open(root)) {
      List<String> live = graph.branches();
      int won = 0;
      for (int i = 0; i < rounds; i++) {
        List<String> names = List.of("r" + i, "r" + i + "/x", "r" + i + "/x/y");
        List<String> liveOfRound = names.stream().filter(live::contains).toList();
        // The three names are each other's path prefixes: at most one of them may live.
        assertThat(liveOfRound).as("round %d: %s", i, outcomes).hasSizeLessThanOrEqualTo(1);
        for (String n : names) {
          // Every creation a child was told succeeded is live; every refusal left nothing live.
          assertThat(live.contains(n))
              .as("%s: %s", n, outcomes.get(n))
              .isEqualTo(outcomes.get(n).equals("created"));
          if (!live.contains(n)) {
            assertThat(outcomes.get(n))
                .isIn(
                    "refused " + BranchNameConflictException.CODE,
                    "refused " + WriteConflictException.CODE);
          }
        }
        won += liveOfRound.size();
      }
      System.out.printf(
          "OmnigraphProcessRaceTest (branches): %d JVMs x %d rounds of nested names: %d rounds with"
              + " a live name%n",
          CHILDREN.size(), rounds, won);
    }
  }

  /**
   * Has every child open the graph at {@code where}, lets them go together, and returns the appends
   * they were acknowledged; each makes {@code appends} calls.
   */
  private static List<Ack> race(int appends, String where, String label) {
    List<Ack> acks = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    long began = System.nanoTime();
    long[] raceNanos = new long[1];
    assertTimeoutPreemptively(
        Duration.ofMinutes(3),
        () -> {
          for (Child c : CHILDREN) {
            c.send("race " + c.name() + " " + c.type() + " " + appends + " " + where);
          }
          for (Child c : CHILDREN) {
            // Blocks until that child has opened the graph and waits at the start gate.
            assertThat(c.receive()).as("child %s", c.name()).isEqualTo("ready");
          }
          long raceStart = System.nanoTime();
          for (Child c : CHILDREN) {
            c.send("go");
          }
          for (Child c : CHILDREN) {
            for (int i = 0; i < appends; i++) {
              List<String> f = List.of(c.receive().split(" ", -1));
              switch (f.getFirst()) {
                case "ack" ->
                    acks.add(
                        new Ack(
                            c.name(),
                            c.type(),
                            Long.parseLong(f.get(1)),
                            f.get(2),
                            f.get(3),
                            Integer.parseInt(f.get(4)),
                            Integer.parseInt(f.get(5))));
                case "conflict" -> conflicts.add(f.get(1));
                default -> throw new AssertionError("child " + c.name() + " printed " + f);
              }
            }
            assertThat(c.receive()).as("child %s", c.name()).isEqualTo("done");
          }
          raceNanos[0] = System.nanoTime() - raceStart;
        });
    assertThat(acks.size() + conflicts.size()).isEqualTo(CHILDREN.size() * appends);
    System.out.printf(
        "OmnigraphProcessRaceTest (%s): %d JVMs x %d appends raced in %.2f s (%.2f s with opening"
            + " the graph): %d acknowledged, %d conflicts, %d preparations, %d re-puts%n",
        label,
        CHILDREN.size(),
        appends,
        raceNanos[0] / 1e9,
        (System.nanoTime() - began) / 1e9,
        acks.size(),
        conflicts.size(),
        acks.stream().mapToInt(Ack::prepares).sum(),
        acks.stream().mapToInt(Ack::reputs).sum());
    return acks;
  }
}
