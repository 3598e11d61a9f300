package dev.omnigraph.cli;

import dev.omnigraph.api.CommitListOutput;
import dev.omnigraph.api.CommitOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.log.CommitRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph commit list|show}: a graph's commit history. */
@Command(
    name = "commit",
    description = "List a branch's commits, or show one commit.",
    subcommands = {CommitCommand.ListCommits.class, CommitCommand.Show.class})
final class CommitCommand {
  private CommitCommand() {}

  /** {@code commit list [URI] [--branch B] [--json]}: newest first. */
  @Command(name = "list", description = "List a branch's commits, newest first.")
  static final class ListCommits extends VerbCommand {
    static final Verb VERB = Verb.read("commit list", Capability.ANY);

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "<URI>",
        description = "The graph: a path, file:// or s3:// URI.")
    String uri;

    @Option(names = "--branch", paramLabel = "<B>", description = "The branch (default: main).")
    String branch = "main";

    @Option(names = "--json", description = "Print JSON (upstream's CommitListOutput).")
    boolean json;

    @Override
    int execute() {
      List<CommitOutput> commits = new ArrayList<>();
      switch (address(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL)) {
        case GraphTarget target -> {
          try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
            for (CommitRecord r : graph.commits(branch, Integer.MAX_VALUE)) {
              commits.add(WireOutputs.commit(r));
            }
          }
        }
        case ServerGraph served -> {
          try (ServerClient server = connect(served)) {
            commits.addAll(
                server
                    .get(
                        "/commits?branch=" + ServerGraph.pathSegment(branch),
                        CommitListOutput.class)
                    .commits());
          }
        }
      }
      if (json) {
        printJson(new CommitListOutput(commits));
        return ExitCode.OK;
      }
      for (CommitOutput c : commits) {
        out()
            .println(
                c.graphCommitId()
                    + " graph_branch="
                    + (c.graphBranch() == null ? "main" : c.graphBranch())
                    + " graph_manifest_version="
                    + c.graphManifestVersion()
                    + (c.actorId() == null ? "" : " actor=" + c.actorId()));
      }
      return ExitCode.OK;
    }
  }

  /** {@code commit show [--uri U] ID [--json]}: one commit by id, on any branch. */
  @Command(name = "show", description = "Show one commit by its id.")
  static final class Show extends VerbCommand {
    static final Verb VERB = Verb.read("commit show", Capability.ANY);

    @Option(names = "--uri", paramLabel = "<U>", description = "The graph.")
    String uri;

    @Parameters(index = "0", paramLabel = "<ID>", description = "The commit id.")
    String id;

    @Option(names = "--json", description = "Print JSON (upstream's CommitOutput).")
    boolean json;

    @Override
    int execute() {
      CommitOutput c =
          switch (address(VERB, Optional.ofNullable(uri), "--uri")) {
            case GraphTarget target -> {
              try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
                yield WireOutputs.commit(graph.commit(id));
              }
            }
            case ServerGraph served -> {
              try (ServerClient server = connect(served)) {
                yield server.get("/commits/" + ServerGraph.pathSegment(id), CommitOutput.class);
              }
            }
          };
      if (json) {
        printJson(c);
        return ExitCode.OK;
      }
      out().println("graph_commit_id: " + c.graphCommitId());
      out().println("graph_branch: " + (c.graphBranch() == null ? "main" : c.graphBranch()));
      out().println("graph_manifest_version: " + c.graphManifestVersion());
      out().println("parent_commit_id: " + orNone(c.parentCommitId()));
      out().println("merged_parent_commit_id: " + orNone(c.mergedParentCommitId()));
      out().println("actor_id: " + orNone(c.actorId()));
      out().println("created_at: " + c.createdAt());
      return ExitCode.OK;
    }

    private static String orNone(String value) {
      return value == null ? "none" : value;
    }
  }
}
