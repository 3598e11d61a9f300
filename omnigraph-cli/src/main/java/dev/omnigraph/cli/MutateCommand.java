package dev.omnigraph.cli;

import dev.omnigraph.api.ChangeOutput;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.PreconditionFailureOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.WriteConflictException;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.write.MutationResult;
import dev.omnigraph.engine.write.WriteOptions;
import dev.omnigraph.lang.query.QueryDecl;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph mutate [NAME] (--query F | -e GQ) [--params JSON | --params-file F] [--branch B]
 * [--if-commit ID] [--json]}: runs one mutation query as one commit on a branch. With {@code
 * --if-commit} the write commits only while the branch head is that commit; when it loses, the
 * command exits with code 4 and changes nothing. Like {@code query}, it takes no graph URI.
 */
@Command(
    name = "mutate",
    description = "Run a mutation query (insert, update, delete) as one commit.")
final class MutateCommand extends VerbCommand {
  static final Verb VERB = Verb.write("mutate", Capability.ANY);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<NAME>",
      description = "Which query of the source to run (not needed when it declares one).")
  String name;

  @Mixin QueryInputOptions input;

  @Option(
      names = "--branch",
      paramLabel = "<B>",
      description = "The branch to write (default: main).")
  String branch = "main";

  @Option(
      names = "--if-commit",
      paramLabel = "<ID>",
      description =
          "Commit only while the branch head is this commit; otherwise change nothing and exit 4.")
  String ifCommit;

  @Option(names = "--json", description = "Print JSON (upstream's ChangeOutput).")
  boolean json;

  @Override
  int execute() {
    Optional<SourceText> source = input.source(spec);
    Map<String, Object> params = input.params(spec);
    GraphAddress address = address(VERB, Optional.empty(), ScopeFlags.POSITIONAL);
    if (source.isEmpty() && name != null && address instanceof ServerGraph) {
      throw CliException.notSupportedYet(
          "`mutate " + name + "` without --query or -e (a stored query of the server's catalog)",
          "pass the query's source with --query <file.gq> or -e '<source>'");
    }
    if (source.isEmpty()) {
      throw new CliException(
          name == null
              ? "`mutate` needs a query: --query <file.gq> or -e '<source>' (with NAME to pick one"
                  + " of several)"
              : "`mutate "
                  + name
                  + "` without --query or -e runs a stored query from a server's catalog, which"
                  + " needs a server (--server); this build writes graphs by their storage, so"
                  + " pass the query's source with --query <file.gq> or -e '<source>'");
    }
    Optional<QueryDecl> selected = QueryInputOptions.selected(source.get(), name, "mutate");
    if (selected.isPresent() && !selected.get().isMutation()) {
      throw new CliException(
          "query '"
              + selected.get().name()
              + "' is a read; `omnigraph mutate` runs mutations only (reads run with `omnigraph"
              + " query`)");
    }
    String queryName = selected.map(QueryDecl::name).orElse(name);
    if (address instanceof ServerGraph served) {
      return served(served, source.get().text(), params);
    }
    GraphTarget target = (GraphTarget) address;
    Optional<String> actor = Optional.ofNullable(root().actor).or(() -> config().actor());
    WriteOptions options =
        new WriteOptions(actor.orElse(WriteOptions.DEFAULT_ACTOR), Optional.ofNullable(ifCommit));
    MutationResult result;
    try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
      result = graph.mutate(branch, source.get().text(), name, params, options);
    } catch (CompileError e) {
      throw QueryInputOptions.attribute(e, source.get());
    } catch (WriteConflictException e) {
      if (ifCommit == null) {
        throw e;
      }
      return lostPrecondition(e);
    }
    ChangeOutput output =
        new ChangeOutput(
            branch,
            queryName,
            result.affectedNodes(),
            result.affectedEdges(),
            actor.orElse(null),
            result.commit().map(WireOutputs::commit).orElse(null));
    print(output, actor);
    return ExitCode.OK;
  }

  // POST /mutate, or /mutate/if-graph-commit with the condition header: an older server answers
  // the conditional path 404 instead of writing unconditionally. The server names the actor.
  private int served(ServerGraph graph, String text, Map<String, Object> params) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", text);
    if (name != null) {
      body.put("name", name);
    }
    body.put("params", params);
    body.put("branch", branch);
    ChangeOutput output;
    try (ServerClient server = connect(graph)) {
      output =
          ifCommit == null
              ? server.post("/mutate", body, ChangeOutput.class)
              : server.post(
                  "/mutate/if-graph-commit",
                  body,
                  Map.of("Omnigraph-If-Graph-Commit", ifCommit),
                  ChangeOutput.class);
    } catch (ServerException e) {
      if (ifCommit == null || e.status() != 412) {
        throw e;
      }
      if (json) {
        printJson(e.envelope());
      } else {
        err().println("error: " + e.envelope().error());
      }
      return ExitCode.PRECONDITION_FAILED;
    }
    print(output, Optional.ofNullable(output.actorId()));
    return ExitCode.OK;
  }

  private void print(ChangeOutput output, Optional<String> actor) {
    if (json) {
      printJson(output);
      return;
    }
    out()
        .println(
            "changed "
                + output.branch()
                + " via "
                + output.queryName()
                + ": "
                + output.affectedNodes()
                + " nodes, "
                + output.affectedEdges()
                + " edges");
    actor.ifPresent(a -> out().println("actor_id: " + a));
  }

  // Under --if-commit every conflict means the head moved off the commit the write named: the
  // precondition lost. Upstream prints the message, or with --json the error body, and exits 4.
  private int lostPrecondition(WriteConflictException e) {
    List<CommitRef> winners = e.winners();
    String actual = winners.isEmpty() ? null : winners.getLast().commitId();
    if (json) {
      printJson(
          new ErrorOutput(e.getMessage(), null, new PreconditionFailureOutput(ifCommit, actual)));
    } else {
      err().println("error: " + e.getMessage());
    }
    return ExitCode.PRECONDITION_FAILED;
  }
}
