package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real {@code bin/omnigraph} as a process, after {@code package} has built the CLI jar and
 * its {@code lib/} folder (Failsafe runs this in {@code verify}): the launcher finds a JDK 25 and
 * the jars, passes the Lance JVM flags, and the process's output and exit codes are the CLI's own,
 * with nothing else on stderr.
 */
class LauncherIT {
  static Path launcher;

  @TempDir Path dir;

  @BeforeAll
  static void findLauncher() {
    // Failsafe runs in the module's folder; the launcher is at the repository root.
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    launcher = module.getParent().resolve("bin/omnigraph");
    assertThat(launcher).as("the launcher").isExecutable();
    assertThat(module.resolve("target/omnigraph-cli.jar"))
        .as("the CLI jar (built by package, before this test)")
        .isRegularFile();
  }

  record Run(int exitCode, String out, String err) {}

  Run run(Path command, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(command.toString());
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    // An empty home: the machine's own ~/.omnigraph must not change what the CLI does.
    env.put("HOME", dir.resolve("home").toString());
    env.remove("OMNIGRAPH_HOME");
    env.remove("OMNIGRAPH_PROFILE");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("omnigraph %s finished", argv).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void versionRunsWithNothingOnStderr() throws Exception {
    Run r = run(launcher, "version");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo(String.join("\n", OmnigraphCli.versionLines()) + "\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void initThenSnapshotOpenTheGraphThroughLanceWithoutJvmWarnings() throws Exception {
    Files.writeString(dir.resolve("test.pg"), CliRunner.resource("fixtures/test.pg"));
    Run init = run(launcher, "init", "--schema", "test.pg", "graphs/g");
    assertThat(init.exitCode()).as("%s", init).isZero();
    assertThat(init.out()).isEqualTo("initialized graphs/g\n");
    assertThat(init.err()).isEmpty();

    Run snapshot = run(launcher, "snapshot", "graphs/g", "--json");
    assertThat(snapshot.exitCode()).as("%s", snapshot).isZero();
    assertThat(snapshot.err()).isEmpty();
    JsonNode json = WireJson.mapper().readTree(snapshot.out());
    assertThat(json.get("graph_branch").asString()).isEqualTo("main");
    assertThat(json.get("datasets").size()).isEqualTo(4);
  }

  @Test
  void queryReadsRowsThroughTheLauncherInEveryFormat() throws Exception {
    Files.writeString(dir.resolve("test.pg"), CliRunner.resource("fixtures/test.pg"));
    Files.writeString(dir.resolve("test.gq"), CliRunner.resource("fixtures/test.gq"));
    assertThat(run(launcher, "init", "--schema", "test.pg", "g").exitCode()).isZero();
    // Rows go in through the engine in this JVM, which is quicker than another launcher run.
    try (Omnigraph g = Omnigraph.open(dir.resolve("g"))) {
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(GraphVerbsTest.person("Alice", 30), GraphVerbsTest.person("Bob", 25))));
    }

    Run json =
        run(
            launcher,
            "query",
            "--store",
            "g",
            "--query",
            "test.gq",
            "get_person",
            "--params",
            "{\"name\": \"Alice\"}",
            "--json");
    assertThat(json.exitCode()).as("%s", json).isZero();
    assertThat(json.err()).isEmpty();
    JsonNode out = WireJson.mapper().readTree(json.out());
    assertThat(out.get("query_name").asString()).isEqualTo("get_person");
    assertThat(out.get("rows").get(0).get("p.name").asString()).isEqualTo("Alice");
    assertThat(out.get("rows").get(0).get("p.age").asInt()).isEqualTo(30);

    Run table = run(launcher, "--store", "g", "query", "--query", "test.gq", "top_by_age");
    assertThat(table.exitCode()).as("%s", table).isZero();
    assertThat(table.out())
        .isEqualTo(
            """
            2 rows from branch main via top_by_age
            p.name | p.age
            -------+------
            Alice  | 30
            Bob    | 25
            """);

    Run missing = run(launcher, "query", "--store", "g", "--query", "test.gq", "get_person");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).startsWith("error: param 'name' is required").hasLineCount(1);
  }

  @Test
  void failuresAndUsageErrorsKeepTheirExitCodesAndOneLine() throws Exception {
    Run missing = run(launcher, "snapshot", "nothing-here");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).startsWith("error: no graph at ").hasLineCount(1);

    Run usage = run(launcher, "snapshot", "--frob");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).startsWith("error: Unknown option: '--frob'").hasLineCount(1);
  }

  /**
   * The spec's CLI cases whose point is the process (C3 with C14, C10, C11, C13, C33): exit codes,
   * the stderr echo and warnings beside clean stdout, through the real launcher. (C2's usage exit
   * code is the one {@link #failuresAndUsageErrorsKeepTheirExitCodesAndOneLine} checks.)
   */
  @Test
  void dataVerbsKeepTheirExitCodesStdoutAndStderrApart() throws Exception {
    Files.writeString(dir.resolve("test.pg"), CliRunner.resource("fixtures/test.pg"));
    Files.writeString(dir.resolve("test.jsonl"), CliRunner.resource("fixtures/test.jsonl"));
    Files.writeString(dir.resolve("m.gq"), CliRunner.resource("fixtures/mutations.gq"));
    assertThat(run(launcher, "init", "--schema", "test.pg", "g").exitCode()).isZero();

    // C3 and C14: JSON on stdout, the echo on stderr.
    Run load = run(launcher, "load", "--mode", "overwrite", "--data", "test.jsonl", "--json", "g");
    assertThat(load.exitCode()).as("%s", load).isZero();
    assertThat(load.err()).isEqualTo("omnigraph load → g (direct, local)\n");
    JsonNode loaded = WireJson.mapper().readTree(load.out());
    assertThat(loaded.get("total_entities").asInt()).isEqualTo(11);
    assertThat(loaded.get("mode").asString()).isEqualTo("overwrite");
    String stale = loaded.get("commit").get("graph_commit_id").asString();

    // C10 and C33: the deprecated spelling warns on stderr and still writes.
    Run change =
        run(
            launcher,
            "change",
            "--store",
            "g",
            "--query",
            "m.gq",
            "insert_person",
            "--params",
            "{\"name\": \"Eve\", \"age\": 29}",
            "--json");
    assertThat(change.exitCode()).as("%s", change).isZero();
    assertThat(change.err())
        .isEqualTo("warning: `omnigraph change` is deprecated; use `omnigraph mutate`\n");
    JsonNode changed = WireJson.mapper().readTree(change.out());
    assertThat(changed.get("affected_nodes").asInt()).isEqualTo(1);
    assertThat(changed.get("affected_edges").asInt()).isZero();
    assertThat(changed.get("branch").asString()).isEqualTo("main");

    // C11: a lost race exits 4 with the precondition failure as JSON on stdout.
    Run lost =
        run(
            launcher,
            "--quiet",
            "mutate",
            "--store",
            "g",
            "--query",
            "m.gq",
            "set_age",
            "--params",
            "{\"name\": \"Eve\", \"age\": 50}",
            "--if-commit",
            stale,
            "--json");
    assertThat(lost.exitCode()).as("%s", lost).isEqualTo(4);
    JsonNode failure = WireJson.mapper().readTree(lost.out()).get("precondition_failure");
    assertThat(failure.get("expected").asString()).isEqualTo(stale);
    assertThat(failure.get("actual").asString())
        .isEqualTo(changed.get("commit").get("graph_commit_id").asString());

    // C13: main cannot be deleted.
    Run deleteMain = run(launcher, "--quiet", "branch", "delete", "--uri", "g", "main");
    assertThat(deleteMain.exitCode()).isEqualTo(1);
    assertThat(deleteMain.out()).isEmpty();
    assertThat(deleteMain.err()).isEqualTo("error: cannot delete branch 'main'\n");
  }

  @Test
  void aSymlinkToTheLauncherFindsTheRepository() throws Exception {
    Path link = dir.resolve("bin/og");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, launcher);
    Run r = run(link, "--version");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).startsWith("omnigraph ");
  }
}
