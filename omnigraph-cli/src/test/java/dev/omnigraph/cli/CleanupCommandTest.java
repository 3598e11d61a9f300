package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code cleanup} verb on a local graph with five commits on main: the policy flags and their
 * refusals, preview versus {@code --confirm} (spec C15's local part), the grace period, and what a
 * confirmed run does to reads of the commits it reclaimed.
 */
class CleanupCommandTest {
  @TempDir Path dir;
  String graph;

  /** Commit ids of main, newest first. */
  List<String> commits;

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  @BeforeEach
  void graphWithFiveCommits() {
    Path schema = CliRunner.copy("fixtures/test.pg", dir);
    graph = dir.resolve("g").toString();
    assertThat(cli().run("init", "--schema", schema.toString(), graph).exitCode()).isZero();
    try (Omnigraph g = Omnigraph.open(graph)) {
      g.append("main", Map.of("Person", List.of(GraphVerbsTest.person("Alice", 30))));
      g.append("main", Map.of("Person", List.of(GraphVerbsTest.person("Bob", 25))));
      g.append("main", Map.of("Person", List.of(GraphVerbsTest.person("Carol", 41))));
      g.append("main", Map.of("Company", List.of(GraphVerbsTest.company("Acme"))));
    }
    commits = new ArrayList<>();
    for (JsonNode c : json(cli().run("commit", "list", graph, "--json").out()).get("commits")) {
      commits.add(c.get("graph_commit_id").asString());
    }
    assertThat(commits).hasSize(5);
  }

  static JsonNode json(String text) {
    return WireJson.mapper().readTree(text);
  }

  /**
   * Byte counts depend on Lance's file encoding, not on what this verb does; goldens check every
   * other character, and the tests check the counts against each other.
   */
  static String withoutByteCounts(String text) {
    return text.replaceAll("\"bytes_removed\": \\d+", "\"bytes_removed\": <bytes>")
        .replaceAll("\\(\\d+ bytes\\)", "(<bytes> bytes)");
  }

  /** The graph's files (not folders: emptied ones stay), sorted. */
  List<Path> files() throws IOException {
    try (var s = Files.walk(Path.of(graph))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  CliRunner.Result people(String... target) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "query",
                "--store",
                graph,
                "-e",
                "query q() { match { $p: Person } return { $p.name } order { $p.name } }",
                "--format",
                "csv"));
    args.addAll(List.of(target));
    return cli().run(args.toArray(String[]::new));
  }

  @Test
  void aPreviewReportsWhatWouldGoAndDeletesNothing() throws IOException {
    List<Path> before = files();
    CliRunner.Result r = cli().run("cleanup", graph, "--keep", "1", "--grace", "0", "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err())
        .isEqualTo("preview only: nothing was deleted; rerun with --confirm to delete\n");
    Goldens.assertMatches(withoutByteCounts(r.out()), graph, "cleanup-preview.json");
    JsonNode out = json(r.out());
    long files = 0;
    long bytes = 0;
    for (JsonNode d : out.get("datasets")) {
      assertThat(Path.of(d.get("dataset_path").asString())).isDirectory();
      files += d.get("files_removed").asLong();
      bytes += d.get("bytes_removed").asLong();
    }
    assertThat(out.get("files_removed").asLong()).isEqualTo(files).isPositive();
    assertThat(out.get("bytes_removed").asLong()).isEqualTo(bytes).isPositive();
    assertThat(files()).isEqualTo(before);
    assertThat(people("--snapshot", commits.get(3)).out()).isEqualTo("p.name\nAlice\n");

    CliRunner.Result human = cli().run("cleanup", graph, "--keep", "1", "--grace", "0");
    assertThat(human.exitCode()).as("%s", human).isZero();
    Goldens.assertMatches(withoutByteCounts(human.out()), graph, "cleanup-preview.txt");
    assertThat(human.out()).contains("(" + bytes + " bytes)");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void confirmCarriesOutThePreviewedPlanReclaimsOldCommitsAndKeepsTheHead() throws IOException {
    int before = files().size();
    JsonNode preview =
        json(cli().run("cleanup", graph, "--keep", "1", "--grace", "0", "--json").out());
    CliRunner.Result r = cli().run("cleanup", graph, "--keep", "1", "--grace", "0", "--confirm");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph cleanup → " + graph + " (direct, local)\n");
    JsonNode dataset = preview.get("datasets").get(0);
    assertThat(preview.get("datasets").size()).isEqualTo(1);
    assertThat(r.out())
        .matches(
            "\\Q"
                + "cleanup "
                + graph
                + " (keep the newest commit of each branch; grace 0s) — removed "
                + preview.get("files_removed").asLong()
                + " files ("
                + preview.get("bytes_removed").asLong()
                + " bytes) from 1 dataset; 4 commits lost their data, 1 keep it (run \\E"
                + "[0-9A-Z]{26}\\Q)\n  "
                + dataset.get("dataset_path").asString()
                + ": "
                + dataset.get("files_removed").asLong()
                + " files ("
                + dataset.get("bytes_removed").asLong()
                + " bytes)\n\\E");
    assertThat(files()).hasSize(before - (int) preview.get("files_removed").asLong() + 1);

    assertThat(people().out()).isEqualTo("p.name\nAlice\nBob\nCarol\n");
    CliRunner.Result old = people("--snapshot", commits.get(3));
    assertThat(old.exitCode()).isEqualTo(1);
    assertThat(old.err())
        .startsWith("error: commit " + commits.get(3))
        .contains("was reclaimed by cleanup")
        .hasLineCount(1);
    assertThat(cli().run("commit", "list", graph).out().lines()).hasSize(5);

    CliRunner.Result again =
        cli().run("--quiet", "cleanup", graph, "--keep", "1", "--grace", "0", "--confirm");
    assertThat(again.err()).isEmpty();
    assertThat(again.out())
        .isEqualTo(
            "cleanup "
                + graph
                + " (keep the newest commit of each branch; grace 0s) — removed 0 files (0 bytes)"
                + " from 0 datasets; 0 commits lost their data, 1 keep it\n");
  }

  @Test
  void theDefaultGracePeriodKeepsYoungFiles() throws IOException {
    List<Path> before = files();
    CliRunner.Result r = cli().run("cleanup", graph, "--keep", "2", "--confirm", "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("confirm").asBoolean()).isTrue();
    assertThat(out.get("grace_secs").asLong()).isEqualTo(3600);
    assertThat(out.get("keep_versions").asInt()).isEqualTo(2);
    assertThat(out.get("older_than_secs").isNull()).isTrue();
    assertThat(out.get("expired_commits").asLong()).isEqualTo(3);
    assertThat(out.get("retained_commits").asLong()).isEqualTo(2);
    assertThat(out.get("files_removed").asLong()).isZero();
    assertThat(out.get("datasets").size()).isZero();
    assertThat(out.get("run_id").asString()).matches("[0-9A-Z]{26}");
    // Only the run record is new; no table file went.
    List<Path> after = new ArrayList<>(files());
    assertThat(after).containsAll(before);
    after.removeAll(before);
    assertThat(after)
        .singleElement()
        .isEqualTo(Path.of(graph, "gc", out.get("run_id").asString() + ".json"));
  }

  @Test
  void olderThanKeepsYoungCommitsAndCombinesWithKeep() {
    CliRunner.Result young =
        cli().run("cleanup", graph, "--older-than", "1h", "--grace", "0", "--json");
    assertThat(young.exitCode()).as("%s", young).isZero();
    assertThat(json(young.out()).get("expired_commits").asLong()).isZero();
    assertThat(json(young.out()).get("older_than_secs").asLong()).isEqualTo(3600);
    assertThat(json(young.out()).get("keep_versions").isNull()).isTrue();

    CliRunner.Result both =
        cli()
            .run("cleanup", graph, "--older-than", "0", "--keep", "2", "--grace", "0", "--confirm");
    assertThat(both.exitCode()).as("%s", both).isZero();
    assertThat(both.out())
        .startsWith(
            "cleanup "
                + graph
                + " (keep the newest 2 commits of each branch and commits younger than 0s; grace"
                + " 0s) — removed ")
        .contains("; 3 commits lost their data, 2 keep it (run ");
    assertThat(people("--snapshot", commits.get(1)).exitCode()).isZero();
    assertThat(people("--snapshot", commits.get(2)).exitCode()).isEqualTo(1);
  }

  @Test
  void aPolicyIsRequiredAndCheckedBeforeTheGraphIsTouched() throws IOException {
    List<Path> before = files();
    CliRunner.Result none = cli().run("cleanup", graph, "--confirm");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err())
        .isEqualTo(
            "error: cleanup needs a retention policy: --keep N (the newest N commits of each"
                + " branch keep their data), --older-than D (commits younger than D keep theirs),"
                + " or both\n");
    CliRunner.Result zero = cli().run("cleanup", graph, "--keep", "0", "--confirm");
    assertThat(zero.err())
        .isEqualTo(
            "error: --keep must be at least 1 (a branch's newest commit always keeps its data),"
                + " got 0\n");
    CliRunner.Result badAge = cli().run("cleanup", graph, "--older-than", "7x", "--confirm");
    assertThat(badAge.exitCode()).isEqualTo(1);
    assertThat(badAge.err())
        .isEqualTo(
            "error: --older-than '7x' is not a duration; use a whole number with an optional unit"
                + " s, m, h, d or w (90m, 24h, 7d; a bare number is seconds)\n");
    CliRunner.Result badGrace =
        cli().run("cleanup", graph, "--keep", "1", "--grace", "soon", "--confirm");
    assertThat(badGrace.err()).startsWith("error: --grace 'soon' is not a duration");
    CliRunner.Result notANumber = cli().run("cleanup", graph, "--keep", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).startsWith("error: Invalid value for option '--keep'");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void cleanupIsDirect() {
    CliRunner.Result server = cli().run("cleanup", "--server", "x", "--keep", "1");
    assertThat(server.exitCode()).isEqualTo(1);
    assertThat(server.err()).startsWith("error: `cleanup` is a direct command; --server");
    CliRunner.Result http = cli().run("cleanup", "https://graph.example.com/g", "--keep", "1");
    assertThat(http.err()).startsWith("error: `cleanup` needs direct storage access");
  }
}
