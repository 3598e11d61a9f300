package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/omnigraph-server} as a process after {@code package} (Failsafe runs this
 * in {@code verify}): it binds port 0, prints the {@code OMNIGRAPH_LISTEN_ADDR=} line, answers
 * HTTP, and on SIGTERM stops gracefully and exits with the JVM's status for it (143); a bad command
 * line exits 2 with the flag named.
 */
class ServerLauncherIT {
  @TempDir Path dir;

  static Path launcher() {
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path launcher = module.getParent().resolve("bin/omnigraph-server");
    assertThat(launcher).isExecutable();
    assertThat(module.resolve("target/omnigraph-server.jar")).isRegularFile();
    return launcher;
  }

  @Test
  void servesUntilSigtermThenStopsGracefully() throws Exception {
    String graph = TestGraphs.create(dir.resolve("g"));
    ProcessBuilder pb =
        new ProcessBuilder(
                launcher().toString(),
                "--graph",
                "people=" + graph,
                "--bind",
                "127.0.0.1:0",
                "--unauthenticated")
            .redirectError(dir.resolve("stderr").toFile());
    Process p = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line)
          .as("stderr: %s", Files.readString(dir.resolve("stderr")))
          .startsWith("OMNIGRAPH_LISTEN_ADDR=127.0.0.1:");
      String address = line.substring(line.indexOf('=') + 1);
      assertThat(address).doesNotEndWith(":0");
      try (HttpClient client = HttpClient.newHttpClient()) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/graphs/people/branches"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(WireJson.mapper().readTree(r.body()).get("branches").toString())
            .contains("feature", "main");
      }
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // 128 + SIGTERM: the JVM's status after its shutdown hooks (the graceful stop) ran.
      assertThat(p.exitValue()).isEqualTo(143);
      assertThat(Files.readString(dir.resolve("stderr")))
          .contains("stopped: requests in flight finished, graphs closed");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aBadCommandLineExits2() throws Exception {
    Process p =
        new ProcessBuilder(List.of(launcher().toString(), "--cluster", "x"))
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("err")))
        .startsWith("omnigraph-server: error: --cluster is not supported yet");
    assertThat(Files.readString(dir.resolve("out"))).isEmpty();
  }
}
