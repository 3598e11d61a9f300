package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootArgumentsTest {
  static ServerSettings serve(Map<String, String> env, String... args) {
    return ((BootArguments.Command.Serve) BootArguments.parse(List.of(args), env)).settings();
  }

  @Test
  void readsEveryFlag() {
    ServerSettings s =
        serve(
            Map.of(),
            "--graph",
            "people=/data/people",
            "--graph=other=s3://bucket/other",
            "--bind",
            "0.0.0.0:0",
            "--unauthenticated",
            "--require-all-graphs",
            "--policy",
            "all.policy.yaml",
            "--server-policy=server.policy.yaml");
    assertThat(s.graphs())
        .containsExactly(
            new GraphSpec("people", "/data/people"), new GraphSpec("other", "s3://bucket/other"));
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isZero();
    assertThat(s.unauthenticated()).isTrue();
    assertThat(s.requireAllGraphs()).isTrue();
    assertThat(s.policy()).hasValue(Path.of("all.policy.yaml"));
    assertThat(s.serverPolicy()).hasValue(Path.of("server.policy.yaml"));
  }

  @Test
  void defaultsAndEnvironment() {
    ServerSettings s = serve(Map.of(), "--graph", "g=/x");
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.unauthenticated()).isFalse();
    ServerSettings env =
        serve(
            Map.of(
                BootArguments.UNAUTHENTICATED_ENV, "1",
                BootArguments.REQUIRE_ALL_GRAPHS_ENV, "false"),
            "--graph",
            "g=/x",
            "--bind",
            "[::1]:9000",
            "--policy",
            "g=g.policy.yaml");
    assertThat(env.unauthenticated()).isTrue();
    assertThat(env.requireAllGraphs()).isFalse();
    assertThat(env.host()).isEqualTo("::1");
    assertThat(env.graphPolicies()).containsEntry("g", Path.of("g.policy.yaml"));
    assertThat(BootArguments.truthy("")).isFalse();
    assertThat(BootArguments.truthy("0")).isFalse();
    assertThat(BootArguments.truthy("FALSE")).isFalse();
    assertThat(BootArguments.truthy("yes")).isTrue();
  }

  @Test
  void helpAndVersion() {
    assertThat(BootArguments.parse(List.of("--help"), Map.of()))
        .isInstanceOf(BootArguments.Command.Help.class);
    assertThat(BootArguments.parse(List.of("--version"), Map.of()))
        .isInstanceOf(BootArguments.Command.Version.class);
  }

  @Test
  void mistakesNameTheFlag() {
    assertThatThrownBy(() -> serve(Map.of())).hasMessageContaining("--graph <id>=<uri>");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "noequals"))
        .hasMessageContaining("--graph takes <id>=<uri>");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "bad_id=/x"))
        .hasMessageContaining("no underscores");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "g=/x", "--bind", "localhost"))
        .hasMessageContaining("--bind takes <host:port>");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "g=/x", "--bind", "h:99999"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> serve(Map.of(), "--graph")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> serve(Map.of(), "--cluster", "dir"))
        .hasMessageContaining("--cluster is not supported yet");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "g=/x", "--frobnicate"))
        .hasMessageContaining("unknown argument '--frobnicate'");
    assertThatThrownBy(() -> serve(Map.of(), "--graph", "g=/x", "--policy", "a", "--policy", "b"))
        .hasMessageContaining("given twice");
  }
}
