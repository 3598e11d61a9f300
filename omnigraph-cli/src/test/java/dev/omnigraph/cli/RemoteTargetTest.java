package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Graphs on S3 (an in-process S3Proxy on 127.0.0.1, reached through the standard AWS variables):
 * the write-target echo says remote, and the destructive-confirm gate (upstream's C15) refuses
 * without {@code --yes} unless a person at a terminal says yes.
 */
class RemoteTargetTest {
  private static final String ACCESS = "test-access";
  private static final String SECRET = "test-secret";
  private static final AtomicInteger NEXT = new AtomicInteger();

  static S3Proxy proxy;
  static URI endpoint;

  @TempDir Path dir;
  String graph;

  @BeforeAll
  static void start() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    assertThat(proxy.getState()).isEqualTo("STARTED");
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client =
        S3Client.builder()
            .httpClient(Apache5HttpClient.create())
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
            .build()) {
      client.createBucket(b -> b.bucket("graphs"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.stop();
  }

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"))
        .env("AWS_ENDPOINT_URL", endpoint.toString())
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", ACCESS)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
  }

  @BeforeEach
  void initWithABranch() {
    graph = "s3://graphs/team/g" + NEXT.incrementAndGet();
    String schema = CliRunner.copy("fixtures/test.pg", dir).toString();
    CliRunner.Result init = cli().run("init", "--schema", schema, graph);
    assertThat(init.exitCode()).as("%s", init).isZero();
    assertThat(init.out()).isEqualTo("initialized " + graph + "\n");
    CliRunner.Result create = cli().run("branch", "create", "--uri", graph, "feature");
    assertThat(create.exitCode()).as("%s", create).isZero();
    assertThat(create.err())
        .isEqualTo("omnigraph branch create → " + graph + " (direct, remote)\n");
  }

  String branches() {
    return cli().run("branch", "list", "--uri", graph).out();
  }

  @Test
  void readsWorkOnS3() {
    CliRunner.Result r = cli().run("snapshot", graph, "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).contains("\"dataset_path\": \"" + graph + "/tables/");
  }

  @Test
  void deleteWithoutYesAndWithoutATerminalIsRefusedAndChangesNothing() {
    CliRunner.Result r = cli().run("branch", "delete", "--uri", graph, "feature");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: `branch delete` on "
                + graph
                + " deletes branch 'feature' on a non-local graph and needs confirmation; pass"
                + " --yes to confirm (no terminal to ask on)\n");
    assertThat(branches()).isEqualTo("feature\nmain\n");
  }

  @Test
  void yesPassesTheGate() {
    CliRunner.Result r = cli().run("--yes", "branch", "delete", "--uri", graph, "feature");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph branch delete → " + graph + " (direct, remote)\n");
    assertThat(r.out()).isEqualTo("deleted branch feature\n");
    assertThat(branches()).isEqualTo("main\n");
  }

  @Test
  void atATerminalAPersonConfirmsOrCancels() {
    CliRunner.ScriptedTerminal no = new CliRunner.ScriptedTerminal("n");
    CliRunner.Result cancelled =
        cli().terminal(no).run("branch", "delete", "--uri", graph, "feature");
    assertThat(cancelled.exitCode()).isEqualTo(1);
    assertThat(cancelled.err())
        .isEqualTo("error: `branch delete` cancelled; nothing was changed\n");
    assertThat(no.prompts)
        .containsExactly(
            "`branch delete` on "
                + graph
                + " deletes branch 'feature' on a non-local graph and needs confirmation."
                + " Continue? [y/N] ");
    assertThat(branches()).isEqualTo("feature\nmain\n");

    CliRunner.ScriptedTerminal eof = new CliRunner.ScriptedTerminal();
    assertThat(cli().terminal(eof).run("branch", "delete", "--uri", graph, "feature").exitCode())
        .isEqualTo(1);
    assertThat(branches()).isEqualTo("feature\nmain\n");

    CliRunner.ScriptedTerminal yes = new CliRunner.ScriptedTerminal(" YES ");
    CliRunner.Result confirmed =
        cli().terminal(yes).run("branch", "delete", "--uri", graph, "feature");
    assertThat(confirmed.exitCode()).as("%s", confirmed).isZero();
    assertThat(branches()).isEqualTo("main\n");
  }

  @Test
  void jsonNeverPromptsEvenAtATerminal() {
    CliRunner.ScriptedTerminal terminal = new CliRunner.ScriptedTerminal("y");
    CliRunner.Result r =
        cli().terminal(terminal).run("branch", "delete", "--uri", graph, "feature", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("pass --yes to confirm (--json never prompts)");
    assertThat(terminal.prompts).isEmpty();
    CliRunner.Result yes =
        cli().run("branch", "delete", "--uri", graph, "feature", "--json", "--yes");
    assertThat(yes.exitCode()).as("%s", yes).isZero();
    assertThat(yes.out()).contains("\"uri\": \"" + graph + "\"");
  }

  @Test
  void localGraphsIncludingFileUrisNeedNoConfirmation() {
    String local = dir.resolve("local").toUri().toString();
    String schema = CliRunner.copy("fixtures/test.pg", dir).toString();
    assertThat(cli().run("init", "--schema", schema, local).exitCode()).isZero();
    assertThat(cli().run("branch", "create", "--uri", local, "x").exitCode()).isZero();
    CliRunner.Result r = cli().run("branch", "delete", "--uri", local, "x");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph branch delete → " + local + " (direct, local)\n");
  }

  @Test
  void aMalformedAwsSettingIsRefusedNamingTheVariable() {
    CliRunner.Result r = cli().env("AWS_ALLOW_HTTP", "maybe").run("snapshot", graph);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: AWS_ALLOW_HTTP=maybe").hasLineCount(1);
  }

  /** Upstream's C15 for load: an overwrite of an S3 graph needs --yes; append and merge do not. */
  @Test
  void loadOverwriteOnS3NeedsYesAndAppendDoesNot() {
    String data = CliRunner.copy("fixtures/test.jsonl", dir).toString();
    CliRunner.Result refused = cli().run("load", graph, "--data", data, "--mode", "overwrite");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .isEqualTo(
            "error: `load` on "
                + graph
                + " replaces the rows of every type in "
                + data
                + " (mode overwrite) on a non-local graph and needs confirmation; pass --yes to"
                + " confirm (no terminal to ask on)\n");
    assertThat(cli().run("snapshot", graph).out()).doesNotContain("entities=4");

    CliRunner.Result confirmed =
        cli().run("--yes", "load", graph, "--data", data, "--mode", "overwrite");
    assertThat(confirmed.exitCode()).as("%s", confirmed).isZero();
    assertThat(confirmed.err()).isEqualTo("omnigraph load → " + graph + " (direct, remote)\n");
    assertThat(confirmed.out()).contains("with overwrite: 11 entities");

    CliRunner.Result merge =
        cli().run("load", graph, "--data", data, "--mode", "merge", "--branch", "feature");
    assertThat(merge.exitCode()).as("%s", merge).isZero();
  }

  /** Upstream's C15 for cleanup: a confirmed cleanup of an S3 graph needs --yes; a preview not. */
  @Test
  void cleanupConfirmOnS3NeedsYesAndAPreviewDoesNot() {
    CliRunner.Result refused = cli().run("cleanup", graph, "--keep", "1", "--confirm");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .isEqualTo(
            "error: `cleanup` on "
                + graph
                + " deletes table files on a non-local graph and needs confirmation; pass --yes to"
                + " confirm (no terminal to ask on)\n");
    CliRunner.Result json = cli().run("cleanup", graph, "--keep", "1", "--confirm", "--json");
    assertThat(json.err()).contains("pass --yes to confirm (--json never prompts)");

    CliRunner.Result preview = cli().run("cleanup", graph, "--keep", "1", "--json");
    assertThat(preview.exitCode()).as("%s", preview).isZero();
    assertThat(preview.out()).contains("\"confirm\": false").contains("\"run_id\": null");
    assertThat(preview.err())
        .isEqualTo("preview only: nothing was deleted; rerun with --confirm to delete\n");

    CliRunner.Result confirmed =
        cli().run("--yes", "cleanup", graph, "--keep", "1", "--grace", "0", "--confirm", "--json");
    assertThat(confirmed.exitCode()).as("%s", confirmed).isZero();
    assertThat(confirmed.err()).isEqualTo("omnigraph cleanup → " + graph + " (direct, remote)\n");
    assertThat(confirmed.out()).contains("\"confirm\": true").contains("\"uri\": \"" + graph);
  }

  @Test
  void optimizeAndQueryWorkOnS3() {
    CliRunner.Result optimize = cli().run("optimize", graph, "--json");
    assertThat(optimize.exitCode()).as("%s", optimize).isZero();
    assertThat(optimize.err()).isEqualTo("omnigraph optimize → " + graph + " (direct, remote)\n");
    CliRunner.Result query =
        cli()
            .run(
                "query",
                "--store",
                graph,
                "-e",
                "query q() { match { $p: Person } return { count($p) as n } }",
                "--format",
                "csv");
    assertThat(query.exitCode()).as("%s", query).isZero();
    assertThat(query.out()).isEqualTo("n\n0\n");
  }
}
