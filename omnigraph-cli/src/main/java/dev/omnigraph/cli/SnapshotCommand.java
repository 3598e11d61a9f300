package dev.omnigraph.cli;

import dev.omnigraph.api.SnapshotDatasetOutput;
import dev.omnigraph.api.SnapshotOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph snapshot [URI] [--branch B] [--json]}: a branch's newest committed state. */
@Command(
    name = "snapshot",
    description = "Show a branch's newest state: its version and every type's dataset.")
final class SnapshotCommand extends VerbCommand {
  static final Verb VERB = Verb.read("snapshot", Capability.ANY);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph: a path, file:// or s3:// URI.")
  String uri;

  @Option(names = "--branch", paramLabel = "<B>", description = "The branch (default: main).")
  String branch = "main";

  @Option(names = "--json", description = "Print JSON (upstream's SnapshotOutput).")
  boolean json;

  @Override
  int execute() {
    SnapshotOutput snapshot =
        switch (address(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL)) {
          case GraphTarget target -> {
            try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
              yield WireOutputs.snapshot(graph.snapshot(branch), graph.location());
            }
          }
          case ServerGraph served -> {
            try (ServerClient server = connect(served)) {
              yield server.get(
                  "/snapshot?branch=" + ServerGraph.pathSegment(branch), SnapshotOutput.class);
            }
          }
        };
    if (json) {
      printJson(snapshot);
      return ExitCode.OK;
    }
    out().println("graph_branch: " + snapshot.graphBranch());
    out().println("graph_manifest_version: " + snapshot.graphManifestVersion());
    out().println("internal_schema_version: " + snapshot.internalSchemaVersion());
    for (SnapshotDatasetOutput d : snapshot.datasets()) {
      out()
          .println(
              d.entityKind().wireName()
                  + " type '"
                  + d.typeName()
                  + "' published_dataset_version="
                  + d.publishedDatasetVersion()
                  + " native_dataset_branch="
                  + (d.nativeDatasetBranch() == null ? "main" : d.nativeDatasetBranch())
                  + " entities="
                  + d.entityCount());
    }
    return ExitCode.OK;
  }
}
