package dev.omnigraph.cli;

import dev.omnigraph.api.GraphBatchLoadOutput;
import dev.omnigraph.api.LoadOutput;
import dev.omnigraph.api.LoadTypeOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.write.LoadMode;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.LoadResult;
import dev.omnigraph.engine.write.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph load [URI] --data F --mode overwrite|append|merge [--branch B] [--from BASE]
 * [--json]}: loads a strict JSONL file into a branch as one commit (all of it or nothing). With
 * {@code --from}, a missing branch is created from BASE; without it the branch must exist. An
 * overwrite of a non-local graph passes the destructive-confirm gate first.
 */
@Command(name = "load", description = "Load a JSONL file into a branch as one commit.")
final class LoadCommand extends VerbCommand {
  static final Verb VERB = Verb.write("load", Capability.ANY);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph: a path, file:// or s3:// URI.")
  String uri;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "<F>",
      description = "The JSONL file: one node or edge record per line.")
  Path data;

  @Option(
      names = "--mode",
      required = true,
      paramLabel = "<MODE>",
      description =
          "overwrite (each type in the file gets exactly its rows), append (ids must be new) or"
              + " merge (upsert by id).")
  String mode;

  @Option(
      names = "--branch",
      paramLabel = "<B>",
      description = "The branch to load into (default: main).")
  String branch = "main";

  @Option(
      names = "--from",
      paramLabel = "<BASE>",
      description = "Create --branch from BASE first when it does not exist yet.")
  String from;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int execute() {
    LoadMode loadMode;
    try {
      loadMode = LoadMode.named(mode);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--mode: " + e.getMessage(), e);
    }
    GraphAddress address = address(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
    if (loadMode == LoadMode.OVERWRITE) {
      confirmDestructive(
          address, "replaces the rows of every type in " + data + " (mode overwrite)", json);
    }
    long size = fileSize();
    echoWriteTarget(address);
    if (address instanceof ServerGraph served) {
      return served(served, loadMode);
    }
    GraphTarget target = (GraphTarget) address;
    Optional<String> actor = Optional.ofNullable(root().actor).or(() -> config().actor());
    LoadOptions options =
        LoadOptions.of(loadMode)
            .write(WriteOptions.defaults().actor(actor.orElse(WriteOptions.DEFAULT_ACTOR)));
    if (from != null) {
      options = options.from(from);
    }
    LoadResult result;
    try (Omnigraph graph = open(target, AccessMode.READ_WRITE);
        InputStream in = input(size)) {
      result = graph.load(branch, in, options);
    } catch (IOException e) {
      throw new CliException("cannot read --data file " + data + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CliException(
          "cannot read --data file " + data + ": " + e.getCause().getMessage(), e);
    }
    LoadOutput output =
        new LoadOutput(
            target.uri(),
            result.branch(),
            loadMode.wireName(),
            from,
            result.branchCreated(),
            types(result.nodesLoaded()),
            types(result.edgesLoaded()),
            result.totalEntities(),
            result.commit().map(WireOutputs::commit).orElse(null));
    print(output);
    return ExitCode.OK;
  }

  // The strict graph batch streamed to POST /load/ndjson; the server names the actor.
  private int served(ServerGraph graph, LoadMode loadMode) {
    StringBuilder query =
        new StringBuilder("/load/ndjson?branch=")
            .append(ServerGraph.pathSegment(branch))
            .append("&mode=")
            .append(loadMode.wireName());
    if (from != null) {
      query.append("&from=").append(ServerGraph.pathSegment(from));
    }
    GraphBatchLoadOutput r;
    try (ServerClient server = connect(graph)) {
      r =
          server.postFile(
              query.toString(), data, "application/x-ndjson", GraphBatchLoadOutput.class);
    }
    print(
        new LoadOutput(
            graph.uri(),
            r.branch(),
            r.mode(),
            from,
            r.branchCreated(),
            r.nodes(),
            r.edges(),
            r.totalEntities(),
            r.commit()));
    return ExitCode.OK;
  }

  private void print(LoadOutput output) {
    if (json) {
      printJson(output);
    } else {
      out()
          .println(
              "loaded "
                  + output.uri()
                  + " on branch "
                  + output.branch()
                  + " with "
                  + output.mode()
                  + ": "
                  + output.totalEntities()
                  + " entities across "
                  + output.nodes().size()
                  + " node types and "
                  + output.edges().size()
                  + " edge types");
      if (output.branchCreated()) {
        out().println("branch " + output.branch() + " created from " + from);
      }
    }
  }

  private long fileSize() {
    try {
      return Files.size(data);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read --data file " + data + ": no such file", e);
    } catch (IOException e) {
      throw new CliException("cannot read --data file " + data + ": " + e.getMessage(), e);
    }
  }

  // The file, reporting progress on stderr when a person watches a terminal.
  private InputStream input(long size) throws IOException {
    InputStream in = Files.newInputStream(data);
    return env().terminal().interactive() ? new LoadProgress(in, size, data.toString(), err()) : in;
  }

  private static List<LoadTypeOutput> types(SortedMap<String, Long> counts) {
    return counts.entrySet().stream()
        .map((Map.Entry<String, Long> e) -> new LoadTypeOutput(e.getKey(), e.getValue()))
        .toList();
  }
}
