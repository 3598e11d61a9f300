package dev.omnigraph.cli;

import dev.omnigraph.api.BranchCreateOutput;
import dev.omnigraph.api.BranchCreateRequest;
import dev.omnigraph.api.BranchDeleteOutput;
import dev.omnigraph.api.BranchListOutput;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph branch create|list|delete}: a graph's branches. */
@Command(
    name = "branch",
    description = "Create, list and delete branches.",
    subcommands = {
      BranchCommand.Create.class,
      BranchCommand.ListBranches.class,
      BranchCommand.Delete.class
    })
final class BranchCommand {
  private static final String URI_LABEL = "--uri";

  private BranchCommand() {}

  /** {@code branch create [--uri U] [--from B] NAME [--json]}. */
  @Command(name = "create", description = "Create branch NAME at the newest commit of --from.")
  static final class Create extends VerbCommand {
    static final Verb VERB = Verb.write("branch create", Capability.ANY);

    @Option(names = "--uri", paramLabel = "<U>", description = "The graph.")
    String uri;

    @Option(
        names = "--from",
        paramLabel = "<B>",
        description = "The source branch (default: main).")
    String from = "main";

    @Parameters(index = "0", paramLabel = "<NAME>", description = "The new branch.")
    String name;

    @Option(names = "--json", description = "Print JSON (upstream's BranchCreateOutput).")
    boolean json;

    @Override
    int execute() {
      GraphAddress address = address(VERB, Optional.ofNullable(uri), URI_LABEL);
      echoWriteTarget(address);
      BranchCreateOutput output =
          switch (address) {
            case GraphTarget target -> {
              try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
                graph.createBranch(name, from);
              }
              yield new BranchCreateOutput(target.uri(), from, name, null);
            }
            case ServerGraph served -> {
              try (ServerClient server = connect(served)) {
                yield server.post(
                    "/branches", new BranchCreateRequest(name, from), BranchCreateOutput.class);
              }
            }
          };
      if (json) {
        printJson(output);
      } else {
        out().println("created branch " + name + " from " + from);
      }
      return ExitCode.OK;
    }
  }

  /** {@code branch list [--uri U] [--json]}. */
  @Command(name = "list", description = "List the live branches, sorted by name.")
  static final class ListBranches extends VerbCommand {
    static final Verb VERB = Verb.read("branch list", Capability.ANY);

    @Option(names = "--uri", paramLabel = "<U>", description = "The graph.")
    String uri;

    @Option(names = "--json", description = "Print JSON (upstream's BranchListOutput).")
    boolean json;

    @Override
    int execute() {
      List<String> branches =
          switch (address(VERB, Optional.ofNullable(uri), URI_LABEL)) {
            case GraphTarget target -> {
              try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
                yield graph.branches();
              }
            }
            case ServerGraph served -> {
              try (ServerClient server = connect(served)) {
                yield server.get("/branches", BranchListOutput.class).branches();
              }
            }
          };
      if (json) {
        printJson(new BranchListOutput(branches));
      } else {
        branches.forEach(out()::println);
      }
      return ExitCode.OK;
    }
  }

  /** {@code branch delete [--uri U] NAME [--json]}: destructive, so gated on non-local graphs. */
  @Command(name = "delete", description = "Delete branch NAME (never main).")
  static final class Delete extends VerbCommand {
    static final Verb VERB = Verb.write("branch delete", Capability.ANY);

    @Option(names = "--uri", paramLabel = "<U>", description = "The graph.")
    String uri;

    @Parameters(index = "0", paramLabel = "<NAME>", description = "The branch to delete.")
    String name;

    @Option(names = "--json", description = "Print JSON (upstream's BranchDeleteOutput).")
    boolean json;

    @Override
    int execute() {
      GraphAddress address = address(VERB, Optional.ofNullable(uri), URI_LABEL);
      confirmDestructive(address, "deletes branch '" + name + "'", json);
      echoWriteTarget(address);
      BranchDeleteOutput output =
          switch (address) {
            case GraphTarget target -> {
              try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
                graph.deleteBranch(name);
              }
              yield new BranchDeleteOutput(target.uri(), name, null);
            }
            case ServerGraph served -> {
              try (ServerClient server = connect(served)) {
                yield server.delete(
                    "/branches/" + ServerGraph.pathSegment(name), BranchDeleteOutput.class);
              }
            }
          };
      if (json) {
        printJson(output);
      } else {
        out().println("deleted branch " + name);
      }
      return ExitCode.OK;
    }
  }
}
