package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema plan} and {@code schema apply}: the migration printed, then applied as one commit.
 */
class SchemaMigrationCommandTest {
  @TempDir Path dir;
  String graph;
  Path desired;

  @BeforeEach
  void setUp() throws IOException {
    Path schema = CliRunner.copy("fixtures/test.pg", dir);
    graph = dir.resolve("g").toString();
    CliRunner.Result init = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(init.exitCode()).as("%s", init).isZero();
    String source = Files.readString(schema, StandardCharsets.UTF_8);
    desired = dir.resolve("desired.pg");
    Files.writeString(
        desired,
        source.replace("    age: I32?\n", "    age: I32?\n    email: String?\n"),
        StandardCharsets.UTF_8);
  }

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  @Test
  void planPrintsTheStepsAndChangesNothing() {
    CliRunner.Result r = cli().run("schema", "plan", graph, "--schema", desired.toString());
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out())
        .startsWith("schema plan for " + graph + "\nsupported: yes\n- ")
        .contains("email");

    CliRunner.Result json =
        cli().run("schema", "plan", graph, "--schema", desired.toString(), "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"supported\": true").contains("\"step_count\": 1");

    CliRunner.Result show = cli().run("schema", "show", graph);
    assertThat(show.out()).doesNotContain("email");
  }

  @Test
  void applyCommitsTheNewSchemaAndASecondApplyHasNothingToDo() {
    CliRunner.Result r =
        cli().run("schema", "apply", graph, "--schema", desired.toString(), "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out())
        .contains("\"applied\": true")
        .contains("\"step_count\": 1")
        .contains("\"graph_manifest_version\": 2");
    assertThat(cli().run("schema", "show", graph).out()).contains("email: String?");

    CliRunner.Result again = cli().run("schema", "apply", graph, "--schema", desired.toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("no schema changes").endsWith("nothing to apply\n");
  }

  @Test
  void aBadDesiredSchemaIsReportedAgainstItsFileAndNothingIsApplied() throws IOException {
    Files.writeString(desired, "node Person {\n  name: Strin\n}\n", StandardCharsets.UTF_8);
    CliRunner.Result r = cli().run("schema", "apply", graph, "--schema", desired.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains(desired + ":2:");
    assertThat(cli().run("schema", "show", graph).out()).contains("age: I32?");
  }

  @Test
  void anUnsupportedChangeIsPlannedAsSuchAndRefusedOnApply() throws IOException {
    Files.writeString(
        desired,
        Files.readString(desired, StandardCharsets.UTF_8)
            .replace("    age: I32?\n", "    age: String?\n"),
        StandardCharsets.UTF_8);
    CliRunner.Result plan = cli().run("schema", "plan", graph, "--schema", desired.toString());
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out()).contains("supported: no");
    CliRunner.Result apply = cli().run("schema", "apply", graph, "--schema", desired.toString());
    assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
    assertThat(apply.err())
        .contains("\nerror: schema apply refused: [OG-MF-106]")
        .contains("nothing was written");
    assertThat(cli().run("schema", "show", graph).out()).contains("age: I32?");
  }

  @Test
  void aDropIsSoftUnlessDataLossIsAllowed() throws IOException {
    Files.writeString(
        desired,
        Files.readString(desired, StandardCharsets.UTF_8).replace("    age: I32?\n", ""),
        StandardCharsets.UTF_8);
    CliRunner.Result soft = cli().run("schema", "plan", graph, "--schema", desired.toString());
    assertThat(soft.out()).contains("- drop property 'Person.age' of node 'Person' (soft mode)");

    CliRunner.Result hard =
        cli()
            .run(
                "schema",
                "apply",
                graph,
                "--schema",
                desired.toString(),
                "--allow-data-loss",
                "--json");
    assertThat(hard.exitCode()).as("%s", hard).isZero();
    assertThat(hard.out())
        .contains("\"applied\": true")
        .contains("\"kind\": \"drop_property\"")
        .contains("\"mode\": \"hard\"");
    assertThat(cli().run("schema", "show", graph).out()).doesNotContain("age: I32");
  }
}
