package dev.omnigraph.cli;

import dev.omnigraph.api.CleanupDatasetOutput;
import dev.omnigraph.api.CleanupOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.maintain.CleanupReport;
import dev.omnigraph.engine.maintain.InvalidRetentionPolicyException;
import dev.omnigraph.engine.maintain.RetentionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph cleanup [URI] (--keep N | --older-than D) [--grace D] [--confirm] [--json]}:
 * garbage collection. Without {@code --confirm} it previews (deletes nothing); with it, it deletes
 * the table files no retained commit needs, behind the destructive-confirm gate on non-local
 * graphs.
 */
@Command(
    name = "cleanup",
    description =
        "Delete the table files no retained commit needs (destructive); preview without --confirm.")
final class CleanupCommand extends VerbCommand {
  static final Verb VERB = Verb.write("cleanup", Capability.DIRECT);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph: a path, file:// or s3:// URI.")
  String uri;

  @Option(
      names = "--keep",
      paramLabel = "<N>",
      description = "The newest N commits of each branch keep their data (the head counts).")
  Integer keep;

  @Option(
      names = "--older-than",
      paramLabel = "<D>",
      description =
          "Commits younger than D keep their data: a number with s, m, h, d or w (7d; bare ="
              + " seconds). With --keep, a commit goes only when outside both.")
  String olderThan;

  @Option(
      names = "--grace",
      paramLabel = "<D>",
      description =
          "Never delete files younger than D, which must exceed the longest write (default 1h).")
  String grace;

  @Option(names = "--confirm", description = "Delete; without it, only report what would go.")
  boolean confirm;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int execute() {
    GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
    RetentionPolicy policy = policy();
    if (confirm) {
      confirmDestructive(target, "deletes table files", json);
      echoWriteTarget(target);
    }
    CleanupOutput output;
    try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
      CleanupReport report = graph.cleanup(policy, confirm);
      output = WireOutputs.cleanup(report, target.uri(), graph.location());
    }
    if (json) {
      printJson(output);
    } else {
      printHuman(output, policy);
    }
    if (!confirm) {
      err().println("preview only: nothing was deleted; rerun with --confirm to delete");
    }
    return ExitCode.OK;
  }

  private RetentionPolicy policy() {
    if (keep == null && olderThan == null) {
      throw new CliException(
          "cleanup needs a retention policy: --keep N (the newest N commits of each branch keep"
              + " their data), --older-than D (commits younger than D keep theirs), or both");
    }
    if (keep != null && keep < 1) {
      throw new CliException(
          "--keep must be at least 1 (a branch's newest commit always keeps its data), got "
              + keep);
    }
    Optional<Duration> age =
        Optional.ofNullable(olderThan).map(d -> Durations.parse(d, "--older-than"));
    Duration gracePeriod =
        grace == null ? RetentionPolicy.DEFAULT_GRACE : Durations.parse(grace, "--grace");
    try {
      return new RetentionPolicy(
          keep == null ? OptionalInt.empty() : OptionalInt.of(keep), age, gracePeriod);
    } catch (InvalidRetentionPolicyException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** The policy as a phrase: what keeps its data, and the grace period. */
  static String describe(RetentionPolicy policy) {
    List<String> kept = new ArrayList<>();
    policy
        .keep()
        .ifPresent(n ->
            kept.add(
                n == 1
                    ? "the newest commit of each branch"
                    : "the newest " + n + " commits of each branch"));
    policy.olderThan().ifPresent(d -> kept.add("commits younger than " + Durations.format(d)));
    return "keep " + String.join(" and ", kept) + "; grace " + Durations.format(policy.grace());
  }

  private void printHuman(CleanupOutput output, RetentionPolicy policy) {
    String files = count(output.filesRemoved(), "file", "files");
    String bytes = count(output.bytesRemoved(), "byte", "bytes");
    String datasets = count(output.datasets().size(), "dataset", "datasets");
    String commits = count(output.expiredCommits(), "commit", "commits");
    String summary =
        output.confirm()
            ? "removed "
                + files
                + " ("
                + bytes
                + ") from "
                + datasets
                + "; "
                + commits
                + " lost their data, "
                + output.retainedCommits()
                + " keep it"
                + (output.runId() == null ? "" : " (run " + output.runId() + ")")
            : "preview: would remove "
                + files
                + " ("
                + bytes
                + ") from "
                + datasets
                + "; "
                + commits
                + " would lose their data, "
                + output.retainedCommits()
                + " keep it";
    out().println("cleanup " + output.uri() + " (" + describe(policy) + ") — " + summary);
    for (CleanupDatasetOutput d : output.datasets()) {
      out()
          .println(
              "  "
                  + d.datasetPath()
                  + ": "
                  + count(d.filesRemoved(), "file", "files")
                  + " ("
                  + count(d.bytesRemoved(), "byte", "bytes")
                  + ")"
                  + (d.unreferenced() ? ", unreferenced" : ""));
    }
    if (output.strayTempFiles() > 0) {
      out()
          .println(
              "  stray temp files: "
                  + output.strayTempFiles()
                  + " ("
                  + count(output.strayTempBytes(), "byte", "bytes")
                  + ")");
    }
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
