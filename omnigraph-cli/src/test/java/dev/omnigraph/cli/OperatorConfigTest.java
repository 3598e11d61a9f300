package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.cli.OperatorConfig.ScopeKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ~/.omnigraph/config.yaml}: where it is, what it holds, and how it is refused. */
class OperatorConfigTest {
  static final Path FILE = Path.of("/h/.omnigraph/config.yaml");

  @TempDir Path home;

  static OperatorConfig parse(String yaml, List<String> warnings) {
    return OperatorConfig.parse(FILE, yaml, warnings::add);
  }

  static String refusal(String yaml) {
    return assertThatThrownBy(() -> parse(yaml, new ArrayList<>()))
        .isInstanceOf(CliException.class)
        .actual()
        .getMessage();
  }

  @Test
  void upstreamsExampleConfigReadsCompletelyWithoutWarnings() {
    List<String> warnings = new ArrayList<>();
    OperatorConfig c =
        parse(
            """
            operator:
              actor: act-andrew
            servers:
              prod: { url: https://graph.example.com }
            clusters:
              brain: { root: s3://acme/clusters/brain }
            defaults:
              output: kv
              table_max_column_width: 40
              table_cell_layout: wrap
              server: prod
              default_graph: knowledge
            profiles:
              staging:     { server: staging, default_graph: knowledge }
              brain-admin: { cluster: brain, default_graph: knowledge }
              dev:         { store: file:///data/dev.omni }
            aliases:
              triage: { server: prod, graph: spike, query: weekly_triage, args: [since],
                        params: { limit: 20 }, format: table }
            """,
            warnings);
    assertThat(warnings).isEmpty();
    assertThat(c.actor()).contains("act-andrew");
    assertThat(c.servers()).isEqualTo(Map.of("prod", "https://graph.example.com"));
    assertThat(c.clusters()).isEqualTo(Map.of("brain", "s3://acme/clusters/brain"));
    assertThat(c.defaults().output()).contains(ReadFormat.KV);
    assertThat(c.defaults().tableStyle()).isEqualTo(new TableStyle(40, CellLayout.WRAP));
    assertThat(c.defaults().server()).contains("prod");
    assertThat(c.defaults().defaultGraph()).contains("knowledge");
    assertThat(c.profiles().get("staging"))
        .isEqualTo(
            new OperatorConfig.Profile(
                "staging", ScopeKind.SERVER, "staging", Optional.of("knowledge")));
    assertThat(c.profiles().get("brain-admin").kind()).isEqualTo(ScopeKind.CLUSTER);
    assertThat(c.profiles().get("dev"))
        .isEqualTo(
            new OperatorConfig.Profile(
                "dev", ScopeKind.STORE, "file:///data/dev.omni", Optional.empty()));
    OperatorConfig.Alias triage = c.aliases().get("triage");
    assertThat(triage.query()).isEqualTo("weekly_triage");
    assertThat(triage.args()).containsExactly("since");
    assertThat(triage.params()).isEqualTo(Map.of("limit", 20));
    assertThat(triage.format()).contains(ReadFormat.TABLE);
  }

  @Test
  void anEmptyFileIsAnEmptyConfigWithUpstreamsTableDefaults() {
    OperatorConfig c = parse("", new ArrayList<>());
    assertThat(c.defaults()).isEqualTo(OperatorConfig.Defaults.NONE);
    assertThat(c.defaults().tableStyle()).isEqualTo(TableStyle.DEFAULT);
    assertThat(c.profiles()).isEmpty();
  }

  @Test
  void unknownKeysAreWarnedAboutAndIgnored() {
    List<String> warnings = new ArrayList<>();
    OperatorConfig c =
        parse(
            """
            telemetry: on
            defaults:
              output: csv
              colour: always
            profiles:
              p: { store: /g, region: eu }
            """,
            warnings);
    assertThat(c.defaults().output()).contains(ReadFormat.CSV);
    assertThat(warnings)
        .containsExactly(
            "operator config " + FILE + ": unknown key 'telemetry' is ignored",
            "operator config " + FILE + ": unknown key 'defaults.colour' is ignored",
            "operator config " + FILE + ": unknown key 'profiles.p.region' is ignored");
  }

  @Test
  void malformedConfigsAreRefusedNamingTheFileAndTheKey() {
    assertThat(refusal("defaults: [\n"))
        .startsWith("operator config " + FILE + " is not valid YAML at line");
    assertThat(refusal("defaults:\n  output: xml\n"))
        .isEqualTo(
            "operator config "
                + FILE
                + ": 'defaults.output' must be one of table, kv, csv, jsonl, json (got 'xml')");
    assertThat(refusal("defaults:\n  table_max_column_width: wide\n"))
        .contains("'defaults.table_max_column_width' must be a positive whole number");
    assertThat(refusal("defaults:\n  table_max_column_width: 0\n"))
        .contains("must be a positive whole number");
    assertThat(refusal("defaults:\n  table_cell_layout: squash\n"))
        .contains("'defaults.table_cell_layout' must be truncate or wrap (got 'squash')");
    assertThat(refusal("defaults:\n  server: prod\n  store: /g\n"))
        .contains("'defaults' sets both server and store");
    assertThat(refusal("defaults:\n  store: /g\n  default_graph: k\n"))
        .contains("'defaults' sets default_graph with store");
    assertThat(refusal("profiles:\n  p: { server: a, store: /g }\n"))
        .isEqualTo(
            "operator config "
                + FILE
                + ": 'profiles.p' must set exactly one of server, cluster"
                + " or store");
    assertThat(refusal("profiles:\n  p: { default_graph: k }\n"))
        .contains("must set exactly one of server, cluster or store");
    assertThat(refusal("servers:\n  prod: { }\n")).contains("'servers.prod.url' is required");
    assertThat(refusal("servers:\n  prod: https://x\n"))
        .contains("'servers.prod' must be a mapping of keys");
    assertThat(refusal("operator:\n  actor: 42\n"))
        .contains("'operator.actor' must be a string (got '42')");
    assertThat(refusal("aliases:\n  t: { args: [a] }\n")).contains("'aliases.t.query' is required");
    assertThat(refusal("- a\n- b\n")).contains("the top level must be a mapping of keys");
  }

  @Test
  void yamlOneTwoKeepsNoAsAString() {
    // YAML 1.1 would read `no` as false, a type error here; YAML 1.2 reads the string "no".
    OperatorConfig c = parse("operator:\n  actor: no\n", new ArrayList<>());
    assertThat(c.actor()).contains("no");
  }

  @Test
  void theFileIsInOmnigraphHomeWithTildeExpandedElseInTheHomeFolder() throws IOException {
    CliEnvironment plain = env(Map.of());
    assertThat(OperatorConfig.home(plain)).isEqualTo(home.resolve(".omnigraph"));
    assertThat(OperatorConfig.home(env(Map.of("OMNIGRAPH_HOME", "~/cfg"))))
        .isEqualTo(home.resolve("cfg"));
    assertThat(OperatorConfig.home(env(Map.of("OMNIGRAPH_HOME", "/etc/og"))))
        .isEqualTo(Path.of("/etc/og"));

    assertThat(OperatorConfig.load(plain, w -> {}).defaults())
        .isEqualTo(OperatorConfig.Defaults.NONE);
    Path dir = home.resolve("cfg");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config.yaml"), "defaults:\n  output: jsonl\n", StandardCharsets.UTF_8);
    OperatorConfig c = OperatorConfig.load(env(Map.of("OMNIGRAPH_HOME", "~/cfg")), w -> {});
    assertThat(c.file()).isEqualTo(dir.resolve("config.yaml"));
    assertThat(c.defaults().output()).contains(ReadFormat.JSONL);
    assertThat(c.defaults().tableMaxColumnWidth()).isEqualTo(OptionalInt.empty());
  }

  @Test
  void aMalformedConfigFailsTheCommandThatReadsItWithOneLine() {
    CliRunner cli = new CliRunner(home).config("defaults:\n  output: xml\n");
    CliRunner.Result r = cli.run("snapshot");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: operator config "
                + home.resolve(".omnigraph/config.yaml")
                + ": 'defaults.output' must be one of table, kv, csv, jsonl, json (got 'xml')\n");
  }

  @Test
  void configWarningsGoToStderr() {
    CliRunner cli = new CliRunner(home).config("frob: 1\n");
    CliRunner.Result r = cli.run("snapshot");
    assertThat(r.err())
        .startsWith(
            "warning: operator config "
                + home.resolve(".omnigraph/config.yaml")
                + ": unknown key 'frob' is ignored\nerror: no graph addressed");
  }

  private CliEnvironment env(Map<String, String> variables) {
    return new CliEnvironment(
        variables,
        home,
        new PrintWriter(Writer.nullWriter()),
        new PrintWriter(Writer.nullWriter()),
        Terminal.none());
  }
}
