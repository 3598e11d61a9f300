package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code query} verb against one graph with upstream's test data (spec C5-C8, C17, C33, C38):
 * sources, parameters, branches and time travel, the five formats against golden text, the
 * addressing rules and every refusal.
 */
class QueryCommandTest {
  @TempDir static Path dir;
  static String graph;
  static Path queries;

  /** main's commit that holds the four persons, before Eve arrives on main. */
  static String fourPersons;

  @BeforeAll
  static void seed() {
    Path schema = CliRunner.copy("fixtures/test.pg", dir);
    queries = CliRunner.copy("fixtures/test.gq", dir);
    graph = dir.resolve("g").toString();
    CliRunner.Result init = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(init.exitCode()).as("%s", init).isZero();
    try (Omnigraph g = Omnigraph.open(graph)) {
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(
                  GraphVerbsTest.person("Alice", 30),
                  GraphVerbsTest.person("Bob", 25),
                  GraphVerbsTest.person("Charlie", 35),
                  GraphVerbsTest.person("Diana", 28)),
              "Company",
              List.of(GraphVerbsTest.company("Acme"), GraphVerbsTest.company("Globex")),
              "Knows",
              List.of(
                  GraphVerbsTest.edge("k1", "Alice", "Bob", LocalDate.of(2020, 1, 1)),
                  GraphVerbsTest.edge("k2", "Alice", "Charlie", null),
                  GraphVerbsTest.edge("k3", "Bob", "Diana", null)),
              "WorksAt",
              List.of(
                  GraphVerbsTest.edge("w1", "Alice", "Acme", null),
                  GraphVerbsTest.edge("w2", "Bob", "Globex", null))));
      fourPersons = g.snapshot("main").commitId();
      g.createBranch("feature", "main");
      g.append("feature", Map.of("Person", List.of(GraphVerbsTest.person("Frank", 41))));
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(GraphVerbsTest.person("Eve", null)),
              "Company",
              List.of(GraphVerbsTest.company("Initech Corporation"))));
    }
  }

  static CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  static JsonNode json(String text) {
    return WireJson.mapper().readTree(text);
  }

  static String head() {
    return json(cli().run("commit", "list", graph, "--json").out())
        .get("commits")
        .get(0)
        .get("graph_commit_id")
        .asString();
  }

  CliRunner.Result query(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "query";
    all[1] = "--store=" + graph;
    System.arraycopy(args, 0, all, 2, args.length);
    return cli().run(all);
  }

  @Test
  void c5DeprecatedReadRunsAQueryWithParamsAsUpstreamsReadOutput() {
    CliRunner.Result r =
        cli()
            .run(
                "read",
                "--store",
                graph,
                "--query",
                queries.toString(),
                "get_person",
                "--params",
                "{\"name\":\"Alice\"}",
                "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err())
        .isEqualTo("warning: `omnigraph read` is deprecated; use `omnigraph query`\n");
    Goldens.assertMatches(r.out(), graph, "query-get-person.json");
    JsonNode out = json(r.out());
    assertThat(out.get("query_name").asString()).isEqualTo("get_person");
    assertThat(out.get("target").get("branch").asString()).isEqualTo("main");
    assertThat(out.get("rows").get(0).get("p.name").asString()).isEqualTo("Alice");
    assertThat(out.get("graph_commit_id").asString()).isEqualTo(head());
  }

  @Test
  void theFiveFormatsMatchTheirGoldenText() {
    String[][] formats = {
      {"table", "query-table.txt"},
      {"kv", "query-kv.txt"},
      {"csv", "query.csv"},
      {"jsonl", "query.jsonl"},
      {"json", "query-top-by-age.json"}
    };
    for (String[] f : formats) {
      CliRunner.Result r = query("--query", queries.toString(), "top_by_age", "--format", f[0]);
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.err()).isEmpty();
      Goldens.assertMatches(r.out(), graph, f[1]);
    }
  }

  @Test
  void c6FormatFlagsAndTheConfiguredDefault() {
    CliRunner.Result csv =
        query(
            "--query",
            queries.toString(),
            "get_person",
            "--params",
            "{\"name\":\"Alice\"}",
            "--format",
            "csv");
    assertThat(csv.out().lines().findFirst().orElseThrow()).contains("p.name");
    CliRunner.Result jsonl =
        query(
            "--query",
            queries.toString(),
            "get_person",
            "--params",
            "{\"name\":\"Alice\"}",
            "--format",
            "jsonl");
    List<String> lines = jsonl.out().lines().toList();
    assertThat(lines.get(0)).contains("\"kind\":\"metadata\"");
    assertThat(lines.get(1)).contains("\"p.name\":\"Alice\"");

    CliRunner configured =
        new CliRunner(dir.resolve("home-csv")).config("defaults:\n  output: csv\n");
    CliRunner.Result byDefault =
        configured.run(
            "query",
            "--store",
            graph,
            "--query",
            queries.toString(),
            "get_person",
            "--params",
            "{\"name\":\"Alice\"}");
    assertThat(byDefault.exitCode()).as("%s", byDefault).isZero();
    assertThat(byDefault.out()).isEqualTo("p.name,p.age\nAlice,30\n");
    CliRunner.Result flagWins =
        configured.run(
            "query",
            "--store",
            graph,
            "--query",
            queries.toString(),
            "get_person",
            "--params",
            "{\"name\":\"Alice\"}",
            "--format",
            "jsonl");
    assertThat(flagWins.out()).startsWith("{\"kind\":\"metadata\"");
  }

  @Test
  void theConfiguredTableStyleApplies() {
    CliRunner wrapped =
        new CliRunner(dir.resolve("home-wrap"))
            .config("defaults:\n  table_max_column_width: 8\n  table_cell_layout: wrap\n");
    CliRunner.Result r =
        wrapped.run(
            "query",
            "--store",
            graph,
            "-e",
            "query q() { match { $c: Company } return { $c.name as company_name } order { $c.name"
                + " } }");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            3 rows from branch main via q
            company…
            --------
            Acme
            Globex
            Initech
            Corporat
            ion
            """);
  }

  @Test
  void inlineSourceWithOneQueryNeedsNoNameAndABareNodeIsItsId() {
    CliRunner.Result r =
        query(
            "-e",
            "query q() { match { $p: Person } return { $p } order { $p.name } }",
            "--format",
            "csv");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo("p\nAlice\nBob\nCharlie\nDiana\nEve\n");
    CliRunner.Result aliasOfE =
        query(
            "--query-string",
            "query q() { match { $c: Company } return { count($c) as n } }",
            "--format",
            "csv");
    assertThat(aliasOfE.out()).isEqualTo("n\n3\n");
  }

  @Test
  void aBranchAndACommitAreReadAsOfTheirOwnState() {
    CliRunner.Result feature =
        query("--query", queries.toString(), "adults", "--branch", "feature", "--format", "csv");
    assertThat(feature.exitCode()).as("%s", feature).isZero();
    assertThat(feature.out()).isEqualTo("p.name,p.age\nFrank,41\nCharlie,35\n");

    CliRunner.Result past =
        query("--query", queries.toString(), "total_people", "--snapshot", fourPersons, "--json");
    assertThat(past.exitCode()).as("%s", past).isZero();
    JsonNode out = json(past.out());
    assertThat(out.get("target").get("branch").isNull()).isTrue();
    assertThat(out.get("target").get("snapshot").asString()).isEqualTo(fourPersons);
    assertThat(out.get("graph_commit_id").asString()).isEqualTo(fourPersons);
    assertThat(out.get("rows").get(0).get("total").asLong()).isEqualTo(4);
    CliRunner.Result now = query("--query", queries.toString(), "total_people", "--format", "csv");
    assertThat(now.out()).isEqualTo("total\n5\n");

    CliRunner.Result table =
        query("--query", queries.toString(), "total_people", "--snapshot", fourPersons);
    assertThat(table.out())
        .startsWith("1 rows from snapshot " + fourPersons + " via total_people\n");
  }

  @Test
  void aMissingBranchOrCommitIsNotFound() {
    CliRunner.Result branch = query("--query", queries.toString(), "adults", "--branch", "nope");
    assertThat(branch.exitCode()).isEqualTo(1);
    assertThat(branch.out()).isEmpty();
    assertThat(branch.err())
        .isEqualTo(
            "error: branch 'nope' not found in the graph at "
                + graph
                + "; check the name, or create the branch first\n");
    CliRunner.Result commit =
        query("--query", queries.toString(), "adults", "--snapshot", "01K0000000000000000000000A");
    assertThat(commit.exitCode()).isEqualTo(1);
    assertThat(commit.err())
        .startsWith("error: commit '01K0000000000000000000000A' not found in the graph at ")
        .hasLineCount(1);
  }

  @Test
  void paramsComeFromAFileToo() throws IOException {
    Path params = dir.resolve("params.json");
    Files.writeString(params, "{\"name\": \"Alice\"}\n", StandardCharsets.UTF_8);
    CliRunner.Result r =
        query(
            "--query",
            queries.toString(),
            "friends_of",
            "--params-file",
            params.toString(),
            "--format",
            "csv");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo("f.name,f.age\nBob,25\nCharlie,35\n");
  }

  @Test
  void badParamsAreRefusedNamingTheFlag() throws IOException {
    CliRunner.Result malformed =
        query("--query", queries.toString(), "get_person", "--params", "{name: Alice}");
    assertThat(malformed.exitCode()).isEqualTo(1);
    assertThat(malformed.err())
        .startsWith("error: --params is not valid JSON: ")
        .endsWith("; give a JSON object such as {\"name\": \"Alice\"}\n")
        .hasLineCount(1);
    CliRunner.Result array =
        query("--query", queries.toString(), "get_person", "--params", "[\"Alice\"]");
    assertThat(array.err())
        .isEqualTo(
            "error: --params must be a JSON object of parameter values, such as {\"name\":"
                + " \"Alice\"}\n");
    Path bad = dir.resolve("bad-params.json");
    Files.writeString(bad, "{", StandardCharsets.UTF_8);
    CliRunner.Result file =
        query("--query", queries.toString(), "get_person", "--params-file", bad.toString());
    assertThat(file.err()).startsWith("error: --params-file " + bad + " is not valid JSON: ");
    CliRunner.Result missing =
        query("--query", queries.toString(), "get_person", "--params-file", "/nonexistent.json");
    assertThat(missing.err())
        .isEqualTo("error: cannot read --params-file file /nonexistent.json: no such file\n");
    CliRunner.Result wrongType =
        query("--query", queries.toString(), "get_person", "--params", "{\"name\": 3}");
    assertThat(wrongType.exitCode()).isEqualTo(1);
    assertThat(wrongType.err()).startsWith("error: param 'name'").hasLineCount(1);
  }

  /**
   * Upstream's C38 returns every row when a declared parameter is missing (the filter is dropped);
   * this build refuses instead, naming the parameter (see QueryParams: a deliberate difference).
   */
  @Test
  void c38AMissingRequiredParameterIsRefused() {
    CliRunner.Result r = query("--query", queries.toString(), "get_person", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: param 'name' is required: declare it nullable (`$name: String?`) or pass a"
                + " value\n");
  }

  @Test
  void c7ANameAloneIsAStoredQueryAndNeedsAServer() {
    CliRunner.Result r = query("find_people");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("needs a server").hasLineCount(1);
  }

  @Test
  void c8AnHttpStoreMustBeAServer() {
    CliRunner.Result r =
        cli()
            .run(
                "query",
                "--store",
                "http://127.0.0.1:1",
                "-e",
                "query q() { match { $p: Person }" + " return { $p.name } }");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("must be addressed with `--server <url>`").hasLineCount(1);
  }

  @Test
  void c17GraphBesideAStoreIsRefused() {
    CliRunner.Result r =
        query("--graph", "x", "-e", "query q() { match { $p: Person } return { $p } }");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: --graph selects a graph on a server or cluster, but --store is already a single"
                + " graph; drop --graph\n");
  }

  @Test
  void queryTakesNoPositionalGraphUri() {
    CliRunner.Result r =
        cli().run("query", graph, "-e", "query q() { match { $p: Person } return { $p } }");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: `query` takes no graph URI argument, and '"
                + graph
                + "' is not a query name; address the graph with --store <uri> (or a profile or"
                + " defaults.store) and name the query with NAME\n");
    CliRunner.Result two =
        cli().run("query", "--store", graph, "get_person", graph, "--query", queries.toString());
    assertThat(two.exitCode()).isEqualTo(2);
    assertThat(two.err()).startsWith("error: Unmatched argument").hasLineCount(1);
  }

  @Test
  void theGraphComesFromAProfileOrTheDefaultsToo() {
    CliRunner defaulted =
        new CliRunner(dir.resolve("home-defaults")).config("defaults:\n  store: " + graph + "\n");
    CliRunner.Result r =
        defaulted.run(
            "query",
            "-e",
            "query q() { match { $c: Company } return { count($c) as n } }",
            "--format",
            "csv");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo("n\n3\n");
    CliRunner.Result none =
        cli().run("query", "-e", "query q() { match { $c: Company } return { $c } }");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).startsWith("error: no graph addressed: `query` needs a graph");
  }

  @Test
  void conflictingFlagPairsAreUsageErrors() {
    String e = "query q() { match { $p: Person } return { $p } }";
    CliRunner.Result target = query("-e", e, "--branch", "main", "--snapshot", fourPersons);
    assertThat(target.exitCode()).isEqualTo(2);
    assertThat(target.err())
        .isEqualTo(
            "error: --branch and --snapshot are mutually exclusive (read a branch's newest state or"
                + " one commit) (see `omnigraph query --help`)\n");
    CliRunner.Result source = query("-e", e, "--query", queries.toString());
    assertThat(source.exitCode()).isEqualTo(2);
    assertThat(source.err()).startsWith("error: --query and -e are mutually exclusive");
    CliRunner.Result params = query("-e", e, "--params", "{}", "--params-file", "p.json");
    assertThat(params.exitCode()).isEqualTo(2);
    assertThat(params.err()).startsWith("error: --params and --params-file are mutually exclusive");
    CliRunner.Result format = query("-e", e, "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err())
        .contains("unknown format 'xml'; use one of table, kv, csv, jsonl, json");
  }

  @Test
  void noSourceAndNoNameSaysWhatQueryNeeds() {
    CliRunner.Result r = query();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: `query` needs a query: --query <file.gq> or -e '<source>' (with NAME to pick"
                + " one of several), or NAME alone for a stored query on a server\n");
  }

  @Test
  void aFileOfSeveralQueriesNeedsANameAndAnUnknownNameListsThem() {
    CliRunner.Result none = query("--query", queries.toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err())
        .startsWith("error: " + queries + " declares 11 queries (get_person, adults, ")
        .endsWith("); name the one to run: omnigraph query <NAME> ...\n");
    CliRunner.Result unknown = query("--query", queries.toString(), "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err())
        .startsWith("error: parse error: query 'nope' not found; the file declares get_person,");
  }

  @Test
  void sourceErrorsPointAtTheFileOrTheInlineText() throws IOException {
    Path typo = dir.resolve("typo.gq");
    Files.writeString(
        typo,
        "query q() {\n  match { $p: Person }\n  return { $p.nope }\n}\n",
        StandardCharsets.UTF_8);
    CliRunner.Result type = query("--query", typo.toString());
    assertThat(type.exitCode()).isEqualTo(1);
    assertThat(type.err())
        .isEqualTo(
            "error: type error: T6: type `Person` has no property `nope`; known properties: age,"
                + " name\n --> "
                + typo
                + ":3:12\n  |\n3 |   return { $p.nope }\n  |            ^^^^^^^\n");
    CliRunner.Result parse = query("-e", "query q() { match { $p: Person  return { $p } }");
    assertThat(parse.exitCode()).isEqualTo(1);
    assertThat(parse.err()).startsWith("error: parse error: ").contains(" --> -e:1:");
    CliRunner.Result missing = query("--query", dir.resolve("none.gq").toString());
    assertThat(missing.err())
        .isEqualTo(
            "error: cannot read --query file " + dir.resolve("none.gq") + ": no such file\n");
  }

  @Test
  void aMutationIsRefusedBeforeTheGraphIsOpened() {
    CliRunner.Result r =
        cli()
            .run(
                "query",
                "--store",
                dir.resolve("no-graph-here").toString(),
                "-e",
                "query m($n: String) { insert Person { name: $n } }");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: query 'm' is a mutation; `omnigraph query` runs reads only (mutations run with"
                + " `omnigraph mutate`)\n");
  }

  @Test
  void actorIsAcceptedOnAReadAndChangesNothing() {
    CliRunner.Result r =
        cli()
            .run(
                "--as",
                "act-a",
                "query",
                "--store",
                graph,
                "--query",
                queries.toString(),
                "total_people",
                "--format",
                "csv");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo("total\n5\n");
  }

  @Test
  void queriesWriteNothingToTheGraph() throws IOException {
    List<Path> before;
    try (var files = Files.walk(Path.of(graph))) {
      before = files.sorted().toList();
    }
    query("--query", queries.toString(), "friends_of_friends", "--params", "{\"name\":\"Alice\"}");
    query("--query", queries.toString(), "adults", "--snapshot", fourPersons);
    try (var files = Files.walk(Path.of(graph))) {
      assertThat(files.sorted().toList()).isEqualTo(before);
    }
  }

  /** Every value kind the write path takes, end to end, in upstream's JSON encoding. */
  @Test
  void valuesAreEncodedAsUpstreamEncodesThem() {
    Path schema = CliRunner.copy("fixtures/values.pg", dir);
    Path metrics = CliRunner.copy("fixtures/values.gq", dir);
    String values = dir.resolve("values").toString();
    assertThat(cli().run("init", "--schema", schema.toString(), values).exitCode()).isZero();
    Map<String, Object> full = new HashMap<>();
    full.put("id", "m1");
    full.put("slug", "m1");
    full.put("ratio", 0.1f);
    full.put("score", 1e10);
    full.put("big", 9007199254740993L);
    full.put("small", -3);
    full.put("born", LocalDate.of(2026, 3, 30));
    full.put("seen", Instant.parse("2026-04-01T08:30:00Z"));
    full.put("active", true);
    Map<String, Object> tiny = new HashMap<>();
    tiny.put("id", "m2");
    tiny.put("slug", "m2");
    tiny.put("ratio", Float.NaN);
    tiny.put("score", 1.5e-7);
    tiny.put("seen", Instant.parse("1969-12-31T23:59:59.250Z"));
    Map<String, Object> empty = new HashMap<>();
    empty.put("id", "m3");
    empty.put("slug", "m3");
    try (Omnigraph g = Omnigraph.open(values)) {
      g.append("main", Map.of("Metric", List.of(full, tiny, empty)));
    }
    CliRunner.Result r =
        cli().run("query", "--store", values, "--query", metrics.toString(), "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    Goldens.assertMatches(r.out(), values, "query-values.json");
    CliRunner.Result table = cli().run("query", "--store", values, "--query", metrics.toString());
    assertThat(table.exitCode()).as("%s", table).isZero();
    Goldens.assertMatches(table.out(), values, "query-values-table.txt");
  }
}
