package dev.omnigraph.cli;

import dev.omnigraph.api.GraphInfo;
import dev.omnigraph.api.GraphListResponse;
import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb of {@code omnigraph}: what every verb shares (the environment, the global flags, output,
 * addressing, opening the graph, the write-target echo and the destructive-confirm gate). A verb
 * implements {@link #execute()} and returns its exit code; it throws for failures, which {@link
 * Failure} reports.
 */
// @Command lets the annotation processor accept @Spec here; each verb's own @Command names it.
@Command
abstract class VerbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private OperatorConfig config;

  /** Does the verb's work; returns the exit code. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  final OmnigraphCommand root() {
    return (OmnigraphCommand) spec.root().userObject();
  }

  final CliEnvironment env() {
    return root().env();
  }

  final PrintWriter out() {
    return env().out();
  }

  final PrintWriter err() {
    return env().err();
  }

  /** The verb's full name as typed ({@code branch delete}). */
  final String verbName() {
    return spec.qualifiedName(" ").substring(spec.root().name().length() + 1);
  }

  /** Prints {@code value} as indented JSON on stdout. */
  final void printJson(Object value) {
    out().println(WireJson.pretty(value));
  }

  /** The operator config, read once, its warnings on stderr. */
  final OperatorConfig config() {
    if (config == null) {
      config = OperatorConfig.load(env(), w -> err().println("warning: " + w));
    }
    return config;
  }

  /** The graph this verb works on, from its own address {@code uri} (labelled {@code label}). */
  final GraphTarget target(Verb verb, Optional<String> uri, String label) {
    return Addressing.resolve(verb, root().scopeFlags().withUri(uri, label), this::config);
  }

  /** The graph this verb works on, by storage or on a server; see {@link Addressing#address}. */
  final GraphAddress address(Verb verb, Optional<String> uri, String label) {
    return Addressing.address(verb, root().scopeFlags().withUri(uri, label), this::config);
  }

  /**
   * A client for the routes of {@code graph}, with the bearer token for its server. Without a graph
   * id the server is asked which graphs it serves ({@code GET /graphs}): if it lists any, the verb
   * stops and names them; only when it will not say does the CLI use the server's own URL.
   */
  final ServerClient connect(ServerGraph graph) {
    Optional<String> token = BearerToken.forUrl(graph.server(), config(), env());
    if (graph.graph().isPresent()) {
      return new ServerClient(graph.uri(), token);
    }
    ServerClient server = new ServerClient(graph.server(), token);
    List<GraphInfo> graphs;
    try {
      graphs = server.get("/graphs", GraphListResponse.class).graphs();
    } catch (ServerException unavailable) {
      return server;
    }
    if (graphs.isEmpty()) {
      return server;
    }
    server.close();
    List<String> ids = graphs.stream().map(GraphInfo::graphId).sorted().toList();
    throw new CliException(
        "the server at "
            + graph.server()
            + " serves "
            + (ids.size() == 1 ? "graph " : ids.size() + " graphs: ")
            + String.join(", ", ids)
            + "; name the one `"
            + verbName()
            + "` works on with --graph <id> (or default_graph in a profile or defaults)");
  }

  /** Opens the graph at {@code target} in {@code mode}. */
  final Omnigraph open(GraphTarget target, AccessMode mode) {
    return Omnigraph.open(target.uri(), mode, target.s3Settings(env().variables()));
  }

  /** Tells stderr which graph a write goes to (unless {@code --quiet}). */
  final void echoWriteTarget(GraphAddress target) {
    if (!root().quiet) {
      err()
          .println(
              "omnigraph " + verbName() + " → " + target.uri() + " (" + target.placement() + ")");
    }
  }

  /**
   * The destructive-confirm gate: on a non-local graph the verb needs {@code --yes}, or a yes typed
   * at a terminal; with {@code --json} or without a terminal it refuses. Local graphs pass.
   *
   * @throws CliException if the operation is not confirmed
   */
  final void confirmDestructive(GraphAddress target, String what, boolean json) {
    if (target.local() || root().yes) {
      return;
    }
    String refusal =
        "`"
            + verbName()
            + "` on "
            + target.uri()
            + " "
            + what
            + " on a non-local graph and needs confirmation";
    Terminal terminal = env().terminal();
    if (json || !terminal.interactive()) {
      throw new CliException(
          refusal
              + "; pass --yes to confirm ("
              + (json ? "--json never prompts" : "no terminal to ask on")
              + ")");
    }
    String answer =
        terminal.ask(refusal + ". Continue? [y/N] ").orElse("").trim().toLowerCase(Locale.ROOT);
    if (!answer.equals("y") && !answer.equals("yes")) {
      throw new CliException("`" + verbName() + "` cancelled; nothing was changed");
    }
  }

  /** The text of a file the user named with {@code flag}. */
  static String readFile(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read " + flag + " file " + file + ": " + describe(e), e);
    }
  }

  /**
   * The {@code .pg} source of {@code --schema} file {@code schema}, compiled here first so a
   * mistake is reported against the file's own name rather than the engine's.
   */
  static String readSchema(Path schema) {
    String source = readFile(schema, "--schema");
    SchemaCompiler.shape(SourceText.of(schema.toString(), source));
    return source;
  }

  private static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file";
      case AccessDeniedException x -> "permission denied";
      case CharacterCodingException x -> "not UTF-8 text";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
