package dev.omnigraph.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code omnigraph} command: the global flags (valid before or after the verb) and the verbs. A
 * new verb is a {@link VerbCommand} listed in {@code subcommands} (and, for a graph verb, named in
 * the capability legend of the footer).
 */
@Command(
    name = "omnigraph",
    description = "A typed property-graph database stored as Lance datasets.",
    subcommands = {
      InitCommand.class,
      QueryCommand.class,
      MutateCommand.class,
      LoadCommand.class,
      ExportCommand.class,
      SnapshotCommand.class,
      BranchCommand.class,
      CommitCommand.class,
      SchemaCommand.class,
      LintCommand.class,
      OptimizeCommand.class,
      CleanupCommand.class,
      VersionCommand.class
    },
    footerHeading = "%nCommands by capability:%n",
    footer = {
      "  any     query, mutate, load, export, snapshot, branch *, commit *,",
      "          schema show|apply: a graph URI (a path, file:// or s3://; not",
      "          for query or mutate), --store, a profile or the defaults, or",
      "          --server <url|name> --graph <id> (token: OMNIGRAPH_TOKEN_<NAME>,",
      "          ~/.omnigraph/credentials or OMNIGRAPH_BEARER_TOKEN)",
      "  direct  init, lint, optimize, cleanup, schema plan: direct storage",
      "          access only; never through a server",
      "  local   version: no graph",
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error, 4 lost conditional write.",
      "Operator config: $OMNIGRAPH_HOME/config.yaml (default ~/.omnigraph/config.yaml)."
    })
final class OmnigraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final CliEnvironment env;

  @Option(
      names = "--as",
      paramLabel = "<ACTOR>",
      scope = ScopeType.INHERIT,
      description = "The actor a write is recorded under.")
  String actor;

  @Option(
      names = "--server",
      paramLabel = "<NAME|URL>",
      scope = ScopeType.INHERIT,
      description =
          "A server to reach the graph through: its URL or a name from servers: in the operator"
              + " config.")
  String server;

  @Option(
      names = "--graph",
      paramLabel = "<ID>",
      scope = ScopeType.INHERIT,
      description = "The graph's id on the server (without it, the server's graphs are listed).")
  String graph;

  @Option(
      names = "--profile",
      paramLabel = "<NAME>",
      scope = ScopeType.INHERIT,
      description = "A profile of the operator config (default: $OMNIGRAPH_PROFILE).")
  String profile;

  @Option(
      names = "--store",
      paramLabel = "<URI>",
      scope = ScopeType.INHERIT,
      description = "The graph's storage: a path, file:// or s3:// URI.")
  String store;

  @Option(
      names = "--cluster",
      paramLabel = "<DIR|URI|NAME>",
      scope = ScopeType.INHERIT,
      description = "A cluster whose graph to maintain (not supported yet).")
  String cluster;

  @Option(
      names = "--yes",
      scope = ScopeType.INHERIT,
      description = "Confirm a destructive command on a non-local graph without asking.")
  boolean yes;

  @Option(
      names = "--quiet",
      scope = ScopeType.INHERIT,
      description = "Do not echo the target of a write on stderr.")
  boolean quiet;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On failure, also print the error's kind and stack trace.")
  boolean verbose;

  @Option(
      names = {"-v", "--version"},
      versionHelp = true,
      scope = ScopeType.INHERIT,
      description = "Print the version and exit.")
  boolean versionRequested;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Print help and exit.")
  boolean helpRequested;

  OmnigraphCommand(CliEnvironment env) {
    this.env = env;
  }

  CliEnvironment env() {
    return env;
  }

  /** The address flags as given, without a verb's own address. */
  ScopeFlags scopeFlags() {
    return new ScopeFlags(
        Optional.empty(),
        ScopeFlags.POSITIONAL,
        Optional.ofNullable(store),
        Optional.ofNullable(server),
        Optional.ofNullable(cluster),
        Optional.ofNullable(graph),
        Optional.ofNullable(profile),
        Optional.ofNullable(env.variables().get("OMNIGRAPH_PROFILE")).filter(p -> !p.isBlank()),
        Optional.ofNullable(actor));
  }

  // `omnigraph` alone: say what it takes, as a usage error.
  @Override
  public Integer call() {
    spec.commandLine().usage(env.err());
    return ExitCode.USAGE;
  }
}
