package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.server.GraphSpec;
import dev.omnigraph.server.OmnigraphServer;
import dev.omnigraph.server.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's writes through a real server on 127.0.0.1 (port 0): load, mutate (plain and
 * conditional, C11), export and schema apply print what they print on the storage, and the writes
 * land in the served graph under the token's actor.
 */
class ServerWritesTest {
  static final String POLICY =
      """
      version: 1
      groups:
        team: [act-andrew]
      rules:
        - id: team-all
          allow: { actors: { group: team }, actions: [read, export, change], branch_scope: any }
        - id: team-admin
          allow: { actors: { group: team }, actions: [schema_apply, branch_create, branch_delete], target_branch_scope: any }
      """;

  @TempDir static Path dir;
  static OmnigraphServer server;
  static String url;
  static String graph;
  static String schemaGraph;
  static String data;
  static String mutations;
  static String queries;

  @BeforeAll
  static void start() throws IOException {
    String schema = CliRunner.copy("fixtures/test.pg", dir).toString();
    data = CliRunner.copy("fixtures/test.jsonl", dir).toString();
    mutations = CliRunner.copy("fixtures/mutations.gq", dir).toString();
    queries = CliRunner.copy("fixtures/test.gq", dir).toString();
    graph = dir.resolve("w").toString();
    schemaGraph = dir.resolve("s").toString();
    CliRunner local = new CliRunner(dir.resolve("setup"));
    assertThat(local.run("init", "--schema", schema, graph).exitCode()).isZero();
    assertThat(local.run("init", "--schema", schema, schemaGraph).exitCode()).isZero();
    Path policy = Files.writeString(dir.resolve("p.policy.yaml"), POLICY);
    server =
        OmnigraphServer.start(
            new ServerSettings(
                List.of(new GraphSpec("w", graph), new GraphSpec("s", schemaGraph)),
                "127.0.0.1",
                0,
                false,
                true,
                Optional.of(policy),
                Map.of(),
                Optional.empty(),
                ServerSettings.DEFAULT_STOP_TIMEOUT),
            Map.of("OMNIGRAPH_SERVER_BEARER_TOKENS_JSON", "{\"act-andrew\":\"tok-andrew\"}"));
    url = "http://" + server.listenAddress();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static CliRunner cli() {
    return new CliRunner(dir.resolve("home")).env("OMNIGRAPH_BEARER_TOKEN", "tok-andrew");
  }

  static CliRunner.Result ok(CliRunner.Result r) {
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  static String[] on(String id, String... args) {
    String[] out = new String[args.length + 4];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = "--server";
    out[args.length + 1] = url;
    out[args.length + 2] = "--graph";
    out[args.length + 3] = id;
    return out;
  }

  String count(String branch) {
    return ok(cli()
            .run(
                on(
                    "w",
                    "query",
                    "--branch",
                    branch,
                    "--format",
                    "csv",
                    "-e",
                    "query q() { match { $p: Person } return { count($p) as n } }")))
        .out();
  }

  /** Upstream's C3, C4 and C11 through a server, in one story on one graph. */
  @Test
  void loadMutateAndExportThroughTheServer() throws IOException {
    // Overwrite is destructive and a server is not local.
    CliRunner.Result refused = cli().run(on("w", "load", "--data", data, "--mode", "overwrite"));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("needs confirmation; pass --yes to confirm");

    CliRunner.Result load =
        ok(cli().run(on("w", "--yes", "load", "--data", data, "--mode", "overwrite", "--json")));
    assertThat(load.err()).isEqualTo("omnigraph load → " + url + "/graphs/w (served)\n");
    assertThat(load.out())
        .contains(
            "\"uri\": \"" + url + "/graphs/w\"",
            "\"branch\": \"main\"",
            "\"mode\": \"overwrite\"",
            "\"total_entities\": 11",
            "\"graph_commit_id\"")
        // No top-level actor_id (unlike the HTTP body); the commit records the token's actor.
        .doesNotContain("\n  \"actor_id\"", "base_branch")
        .contains("    \"actor_id\": \"act-andrew\"");
    assertThat(count("main")).isEqualTo("n\n4\n");

    Path eve = dir.resolve("eve.jsonl");
    Files.writeString(eve, "{\"type\": \"Person\", \"data\": {\"name\": \"Eve\", \"age\": 41}}\n");
    CliRunner.Result branchLoad =
        ok(
            cli()
                .run(
                    on(
                        "w",
                        "load",
                        "--data",
                        eve.toString(),
                        "--mode",
                        "merge",
                        "--branch",
                        "feature",
                        "--from",
                        "main")));
    assertThat(branchLoad.out())
        .isEqualTo(
            "loaded "
                + url
                + "/graphs/w on branch feature with merge: 1 entities across 1 node types and 0"
                + " edge types\nbranch feature created from main\n");
    assertThat(count("feature")).isEqualTo("n\n5\n");

    CliRunner.Result mutate =
        ok(
            cli()
                .run(
                    on(
                        "w",
                        "mutate",
                        "--query",
                        mutations,
                        "insert_person",
                        "--params",
                        "{\"name\":\"Zed\",\"age\":29}")));
    assertThat(mutate.out())
        .isEqualTo("changed main via insert_person: 1 nodes, 0 edges\nactor_id: act-andrew\n");
    assertThat(mutate.err()).isEmpty();
    assertThat(count("main")).isEqualTo("n\n5\n");

    // C11: a stale --if-commit loses, exits 4, prints the error body with --json, writes nothing.
    String stale =
        ok(cli().run(on("w", "commit", "list", "--json")))
            .out()
            .replaceAll("(?s).*\"graph_commit_id\": \"([^\"]+)\".*", "$1");
    CliRunner.Result lost =
        cli()
            .run(
                on(
                    "w",
                    "mutate",
                    "--query",
                    mutations,
                    "insert_person",
                    "--params",
                    "{\"name\":\"Yan\"}",
                    "--if-commit",
                    stale,
                    "--json"));
    assertThat(lost.exitCode()).as("%s", lost).isEqualTo(4);
    assertThat(lost.out()).contains("\"precondition_failure\"", "\"expected\": \"" + stale + "\"");
    CliRunner.Result lostHuman =
        cli()
            .run(
                on(
                    "w",
                    "mutate",
                    "--query",
                    mutations,
                    "insert_person",
                    "--params",
                    "{\"name\":\"Yan\"}",
                    "--if-commit",
                    stale));
    assertThat(lostHuman.exitCode()).isEqualTo(4);
    assertThat(lostHuman.err()).startsWith("error: ");
    assertThat(count("main")).isEqualTo("n\n5\n");
    String head =
        ok(cli().run(on("w", "commit", "list", "--json")))
            .out()
            .replaceAll("(?s).*?\"graph_commit_id\": \"([^\"]+)\".*", "$1");
    CliRunner.Result won =
        ok(
            cli()
                .run(
                    on(
                        "w",
                        "mutate",
                        "--query",
                        mutations,
                        "insert_person",
                        "--params",
                        "{\"name\":\"Yan\"}",
                        "--if-commit",
                        head,
                        "--json")));
    assertThat(won.out()).contains("\"affected_nodes\": 1", "\"actor_id\": \"act-andrew\"");
    assertThat(count("main")).isEqualTo("n\n6\n");

    // Export: the same lines as on the storage, to stdout or a file, filtered by type.
    for (String[] args :
        List.of(
            new String[] {"export"},
            new String[] {"export", "--type", "Person", "--branch", "feature"})) {
      CliRunner.Result served = ok(cli().run(on("w", args)));
      String[] local = new String[args.length + 1];
      System.arraycopy(args, 0, local, 0, args.length);
      local[args.length] = graph;
      assertThat(served.out()).isEqualTo(ok(cli().run(local)).out()).isNotEmpty();
    }
    Path file = dir.resolve("out.jsonl");
    ok(cli().run(on("w", "export", "--output", file.toString())));
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(ok(cli().run("export", graph)).out());
    CliRunner.Result unknown = cli().run(on("w", "export", "--type", "Nope"));
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("error: unknown export type 'Nope'");
  }

  @Test
  void schemaApplyThroughTheServer() throws IOException {
    Path desired = dir.resolve("desired.pg");
    Files.writeString(
        desired,
        Files.readString(dir.resolve("test.pg"))
            .replace("    age: I32?\n", "    age: I32?\n    email: String?\n"));
    CliRunner.Result json =
        ok(cli().run(on("s", "schema", "apply", "--schema", desired.toString(), "--json")));
    assertThat(json.err()).isEqualTo("omnigraph schema apply → " + url + "/graphs/s (served)\n");
    assertThat(json.out())
        .contains("\"applied\": true", "\"supported\": true", "\"step_count\": 1");
    assertThat(ok(cli().run(on("s", "schema", "show"))).out()).contains("email: String?");
    CliRunner.Result again =
        ok(cli().run(on("s", "--quiet", "schema", "apply", "--schema", desired.toString())));
    assertThat(again.out())
        .isEqualTo("schema plan for " + url + "/graphs/s: 0 steps\nnothing to apply\n");
  }
}
