package dev.omnigraph.cli;

import dev.omnigraph.api.OptimizeDatasetOutput;
import dev.omnigraph.api.OptimizeOutput;
import dev.omnigraph.api.PendingIndexOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.maintain.TableOptimized;
import dev.omnigraph.engine.txn.Committed;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph optimize [URI] [--json]}: compacts every dataset of {@code main} and builds the
 * indexes its schema declares that are missing or stale, in one maintenance commit (none when there
 * was nothing to do).
 */
@Command(
    name = "optimize",
    description =
        "Compact every dataset of main and build its declared indexes, in one maintenance commit.")
final class OptimizeCommand extends VerbCommand {
  static final Verb VERB = Verb.write("optimize", Capability.DIRECT);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph: a path, file:// or s3:// URI.")
  String uri;

  @Option(names = "--json", description = "Print JSON (upstream's optimize report).")
  boolean json;

  @Override
  int execute() {
    GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
    echoWriteTarget(target);
    OptimizeOutput output;
    try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
      Committed<List<TableOptimized>> done = graph.optimize(BranchName.MAIN);
      CommitRecord state =
          done.record().orElseGet(() -> graph.commits(BranchName.MAIN, 1).getFirst());
      output = WireOutputs.optimize(done.result(), state, done.record().isPresent(), target.uri());
    }
    if (json) {
      printJson(output);
      return ExitCode.OK;
    }
    out().println("optimize " + output.uri() + " — " + output.datasets().size() + " datasets");
    for (OptimizeDatasetOutput d : output.datasets()) {
      String subject = subject(d.typeKey());
      if (d.committed()) {
        out()
            .println(
                String.format(
                    Locale.ROOT,
                    "  %-40s frags %d → %d ✓",
                    subject,
                    d.fragmentsRemoved(),
                    d.fragmentsAdded()));
      } else {
        out().println(String.format(Locale.ROOT, "  %-40s no-op", subject));
      }
      for (PendingIndexOutput p : d.pendingIndexes()) {
        out().println("    ↳ index pending on property '" + p.property() + "': " + p.reason());
      }
    }
    return ExitCode.OK;
  }

  /** {@code node:Person} as people read it: {@code node type 'Person'}. */
  static String subject(String typeKey) {
    int colon = typeKey.indexOf(':');
    return typeKey.substring(0, colon) + " type '" + typeKey.substring(colon + 1) + "'";
  }
}
