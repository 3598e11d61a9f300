package dev.omnigraph.cli;

import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadTargetOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.lang.query.QueryDecl;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph query [NAME] (--query F | -e GQ) [--params JSON | --params-file F] [--branch B |
 * --snapshot ID] [--format F | --json]}: runs a read query from a {@code .gq} file or inline source
 * against a branch's newest state or a commit, and prints its rows in one of the read formats. The
 * graph is addressed by {@code --store}, a profile or the operator defaults, never positionally:
 * the positional is the query's name. Running a stored query by NAME alone needs a server.
 */
@Command(
    name = "query",
    description = "Run a read query from a .gq file (--query) or inline source (-e).")
final class QueryCommand extends VerbCommand {
  static final Verb VERB = Verb.read("query", Capability.ANY);

  // Query names are identifiers; anything else given as NAME is most likely a graph address.
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<NAME>",
      description =
          "The query to run: with --query or -e, which query of that source (not needed when it"
              + " declares one); alone, a stored query of a server's catalog.")
  String name;

  @Mixin QueryInputOptions input;

  @Option(
      names = "--branch",
      paramLabel = "<B>",
      description = "Read the newest state of this branch (default: main).")
  String branch;

  @Option(
      names = "--snapshot",
      paramLabel = "<ID>",
      description = "Read the graph as of this commit id (time travel), on any branch.")
  String snapshot;

  @Mixin ReadFormatOptions format;

  @Override
  int execute() {
    if (branch != null && snapshot != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--branch and --snapshot are mutually exclusive (read a branch's newest state or one"
              + " commit)");
    }
    if (name != null && !IDENTIFIER.matcher(name).matches()) {
      throw new CliException(
          "`query` takes no graph URI argument, and '"
              + name
              + "' is not a query name; address the graph with --store <uri> (or a profile or"
              + " defaults.store) and name the query with NAME");
    }
    Optional<SourceText> source = input.source(spec);
    Map<String, Object> params = input.params(spec);
    GraphTarget target = target(VERB, Optional.empty(), ScopeFlags.POSITIONAL);
    if (source.isEmpty()) {
      throw name == null
          ? new CliException(
              "`query` needs a query: --query <file.gq> or -e '<source>' (with NAME to pick one of"
                  + " several), or NAME alone for a stored query on a server")
          : new CliException(
              "`query "
                  + name
                  + "` without --query or -e runs a stored query from a server's catalog, which"
                  + " needs a server (--server); this build reads graphs by their storage, so pass"
                  + " the query's source with --query <file.gq> or -e '<source>'");
    }
    Optional<QueryDecl> selected = QueryInputOptions.selected(source.get(), name, "query");
    if (selected.isPresent() && selected.get().isMutation()) {
      throw new CliException(
          "query '"
              + selected.get().name()
              + "' is a mutation; `omnigraph query` runs reads only (mutations run with `omnigraph"
              + " mutate`)");
    }
    ReadFormat chosen = format.choose(Optional.empty(), config());
    ReadTargetOutput readTarget =
        snapshot != null
            ? ReadTargetOutput.ofSnapshot(snapshot)
            : ReadTargetOutput.ofBranch(branch == null ? "main" : branch);
    QueryResult result;
    try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
      String text = source.get().text();
      result =
          snapshot != null
              ? graph.queryAtCommit(snapshot, text, name, params)
              : graph.query(readTarget.branch(), text, name, params);
    } catch (CompileError e) {
      throw QueryInputOptions.attribute(e, source.get());
    }
    ReadOutput output = WireOutputs.read(result, readTarget);
    out().print(ReadPrinter.print(output, chosen, config().defaults().tableStyle()));
    return ExitCode.OK;
  }
}
