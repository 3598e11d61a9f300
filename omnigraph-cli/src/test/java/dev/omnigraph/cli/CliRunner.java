package dev.omnigraph.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code omnigraph} in-process with captured stdout and stderr, an isolated home folder (so
 * the machine's own {@code ~/.omnigraph} is never read), chosen environment variables and an
 * optional scripted terminal.
 */
final class CliRunner {
  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A terminal that answers from a script and records its prompts. */
  static final class ScriptedTerminal implements Terminal {
    private final Deque<String> answers;
    final List<String> prompts = new ArrayList<>();

    ScriptedTerminal(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public boolean interactive() {
      return true;
    }

    @Override
    public Optional<String> ask(String prompt) {
      prompts.add(prompt);
      return Optional.ofNullable(answers.poll());
    }
  }

  private final Path home;
  private final Map<String, String> variables = new HashMap<>();
  private Terminal terminal = Terminal.none();

  CliRunner(Path home) {
    this.home = home;
  }

  CliRunner env(String name, String value) {
    variables.put(name, value);
    return this;
  }

  CliRunner terminal(Terminal t) {
    this.terminal = t;
    return this;
  }

  Path home() {
    return home;
  }

  /** Writes {@code yaml} as the operator config of this runner's home. */
  CliRunner config(String yaml) {
    try {
      Path dir = home.resolve(".omnigraph");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env =
        new CliEnvironment(
            variables, home, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
    int code = OmnigraphCli.run(args, env);
    return new Result(code, out.toString(), err.toString());
  }

  /** The text of a test resource. */
  static String resource(String name) {
    try (InputStream in = CliRunner.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a test resource to {@code dir} and returns its path. */
  static Path copy(String name, Path dir) {
    try {
      Path file = dir.resolve(Path.of(name).getFileName().toString());
      Files.writeString(file, resource(name), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
