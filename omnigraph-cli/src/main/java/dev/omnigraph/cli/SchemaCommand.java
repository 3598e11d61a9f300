package dev.omnigraph.cli;

import dev.omnigraph.api.SchemaOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph schema show}: a graph's accepted schema. */
@Command(
    name = "schema",
    description = "Show a graph's schema.",
    subcommands = {SchemaCommand.Show.class})
final class SchemaCommand {
  private SchemaCommand() {}

  /** {@code schema show|get [URI] [--json]}: the accepted {@code .pg} source of main. */
  @Command(
      name = "show",
      aliases = "get",
      description = "Print the accepted .pg schema source of main.")
  static final class Show extends VerbCommand {
    static final Verb VERB = Verb.read("schema show", Capability.ANY);

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "<URI>",
        description = "The graph: a path, file:// or s3:// URI.")
    String uri;

    @Option(names = "--json", description = "Print JSON (upstream's SchemaOutput).")
    boolean json;

    @Override
    int execute() {
      GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
      String source;
      try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
        source = graph.snapshot("main").schema().source();
      }
      if (json) {
        printJson(new SchemaOutput(source));
      } else {
        out().print(source.endsWith("\n") || source.isEmpty() ? source : source + "\n");
      }
      return ExitCode.OK;
    }
  }
}
