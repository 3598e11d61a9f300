package dev.omnigraph.cli;

import dev.omnigraph.api.QueryRequest;
import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadTargetOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.lang.query.QueryDecl;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    GraphAddress address = address(VERB, Optional.empty(), ScopeFlags.POSITIONAL);
    if (source.isEmpty()) {
      throw name == null
          ? new CliException(
              "`query` needs a query: --query <file.gq> or -e '<source>' (with NAME to pick one of"
                  + " several), or NAME alone for a stored query on a server")
          : address instanceof ServerGraph
              ? CliException.notSupportedYet(
                  "`query "
                      + name
                      + "` without --query or -e (a stored query of the server's catalog)",
                  "pass the query's source with --query <file.gq> or -e '<source>'")
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
    String text = source.get().text();
    ReadOutput output =
        switch (address) {
          case GraphTarget target -> {
            QueryResult result;
            try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
              result =
                  snapshot != null
                      ? graph.queryAtCommit(snapshot, text, name, params)
                      : graph.query(readTarget.branch(), text, name, params);
            } catch (CompileError e) {
              throw QueryInputOptions.attribute(e, source.get());
            }
            yield WireOutputs.read(result, readTarget);
          }
          case ServerGraph served -> {
            try (ServerClient server = connect(served)) {
              yield served(
                  server.postForValues(
                      "/query",
                      new QueryRequest(text, name, params, readTarget.branch(), snapshot)));
            }
          }
        };
    out().print(ReadPrinter.print(output, chosen, config().defaults().tableStyle()));
    return ExitCode.OK;
  }

  // A server's ReadOutput, read as plain JSON values so numbers keep the server's spelling.
  private static ReadOutput served(Map<String, Object> body) {
    if (body.get("query_name") instanceof String queryName
        && body.get("target") instanceof Map<?, ?> target
        && body.get("row_count") instanceof Number rowCount
        && body.get("rows") instanceof List<?> rows) {
      List<String> columns = new ArrayList<>();
      if (body.get("columns") instanceof List<?> given) {
        given.forEach(c -> columns.add(String.valueOf(c)));
      }
      List<Map<String, Object>> rowMaps = new ArrayList<>();
      for (Object row : rows) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (row instanceof Map<?, ?> m) {
          m.forEach((k, v) -> values.put(String.valueOf(k), v));
        }
        rowMaps.add(values);
      }
      return new ReadOutput(
          queryName,
          new ReadTargetOutput(
              target.get("branch") instanceof String b ? b : null,
              target.get("snapshot") instanceof String sn ? sn : null),
          rowCount.longValue(),
          columns,
          rowMaps,
          body.get("graph_commit_id") instanceof String id ? id : null);
    }
    throw new CliException(
        "the server's answer to POST /query is not a read result (query_name, target, row_count"
            + " and rows are required); is it an Omnigraph server of a compatible version?");
  }
}
