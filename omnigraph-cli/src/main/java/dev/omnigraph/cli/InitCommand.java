package dev.omnigraph.cli;

import dev.omnigraph.engine.Omnigraph;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph init --schema <file.pg> <URI>}: creates a graph with a schema. */
@Command(name = "init", description = "Create a graph at URI with the schema of a .pg file.")
final class InitCommand extends VerbCommand {
  static final Verb VERB = Verb.write("init", Capability.DIRECT);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "Where to create it: a path, file:// or s3:// URI (or use --store).")
  String uri;

  @Option(
      names = "--schema",
      required = true,
      paramLabel = "<file.pg>",
      description = "The schema.")
  Path schema;

  @Override
  int execute() {
    GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
    String source = readSchema(schema);
    // The graph exists once init returns; this command has nothing more to do with the handle.
    Omnigraph.init(target.uri(), source, target.s3Settings(env().variables())).close();
    out().println("initialized " + target.uri());
    return ExitCode.OK;
  }
}
