package dev.omnigraph.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the CLI sees of its process: environment variables, the home folder (for {@code
 * ~/.omnigraph}), the output streams and the terminal. Tests pass their own so runs are in-process
 * and isolated from the machine's config.
 */
record CliEnvironment(
    Map<String, String> variables, Path home, PrintWriter out, PrintWriter err, Terminal terminal) {
  CliEnvironment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(terminal, "terminal");
  }

  /** The process's own environment, streams and terminal. */
  static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        Terminal.system());
  }
}
