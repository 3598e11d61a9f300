package dev.omnigraph.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code omnigraph-server} command line and environment, read into {@link ServerSettings}; a
 * mistake is a {@link UsageException} that names the flag and its form.
 */
final class BootArguments {
  static final String UNAUTHENTICATED_ENV = "OMNIGRAPH_UNAUTHENTICATED";
  static final String REQUIRE_ALL_GRAPHS_ENV = "OMNIGRAPH_REQUIRE_ALL_GRAPHS";

  static final String USAGE =
      """
      Usage: omnigraph-server --graph <id>=<uri> [--graph <id>=<uri>]... [--bind <host:port>]
                              [--unauthenticated] [--require-all-graphs]
                              [--policy [<id>=]<file>]... [--server-policy <file>]

      Serves Omnigraph graphs over HTTP (API: GET /openapi.json).

        --graph <id>=<uri>        a graph to serve under /graphs/<id>; <uri> is a local path,
                                  a file: URI or s3://bucket/prefix (AWS_* variables)
        --bind <host:port>        where to listen (default 127.0.0.1:8080; port 0 picks one)
        --unauthenticated         serve every caller when no bearer token is configured
                                  (env OMNIGRAPH_UNAUTHENTICATED)
        --require-all-graphs      refuse to start if any graph fails to open, instead of
                                  quarantining it (env OMNIGRAPH_REQUIRE_ALL_GRAPHS)
        --policy <file>           the policy bundle (*.policy.yaml) for every graph
        --policy <id>=<file>      the policy bundle for graph <id> only
        --server-policy <file>    the server bundle, which grants graph_list (GET /graphs)
        --help                    print this help
        --version                 print the version

      Bearer tokens come from OMNIGRAPH_SERVER_BEARER_TOKEN (actor "default"),
      OMNIGRAPH_SERVER_BEARER_TOKENS_FILE or OMNIGRAPH_SERVER_BEARER_TOKENS_JSON ({"actor": "token"}).
      After binding, the server prints OMNIGRAPH_LISTEN_ADDR=<host:port> on stdout.
      """;

  /** A command line the server cannot run; the message names the problem. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** What the command line asks for. */
  sealed interface Command {
    record Serve(ServerSettings settings) implements Command {}

    record Help() implements Command {}

    record Version() implements Command {}
  }

  private BootArguments() {}

  static Command parse(List<String> args, Map<String, String> env) {
    List<GraphSpec> graphs = new ArrayList<>();
    String host = ServerSettings.DEFAULT_HOST;
    int port = ServerSettings.DEFAULT_PORT;
    boolean unauthenticated = truthy(env.get(UNAUTHENTICATED_ENV));
    boolean requireAll = truthy(env.get(REQUIRE_ALL_GRAPHS_ENV));
    Optional<Path> policy = Optional.empty();
    Map<String, String> graphPolicyArgs = new LinkedHashMap<>();
    Optional<Path> serverPolicy = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (flag) {
        case "--help", "-h" -> {
          return new Command.Help();
        }
        case "--version", "-V" -> {
          return new Command.Version();
        }
        case "--unauthenticated" -> unauthenticated = true;
        case "--require-all-graphs" -> requireAll = true;
        case "--graph" -> {
          String value = inline != null ? inline : value(args, ++i, flag);
          int sep = value.indexOf('=');
          if (sep <= 0 || sep == value.length() - 1) {
            throw new UsageException(
                "--graph takes <id>=<uri> (for example --graph people=/data/people), got '"
                    + value
                    + "'");
          }
          try {
            graphs.add(new GraphSpec(value.substring(0, sep), value.substring(sep + 1)));
          } catch (ServerBootException e) {
            throw new UsageException("--graph " + value + ": " + e.getMessage());
          }
        }
        case "--bind" -> {
          String value = inline != null ? inline : value(args, ++i, flag);
          int colon = value.lastIndexOf(':');
          if (colon <= 0) {
            throw new UsageException("--bind takes <host:port>, got '" + value + "'");
          }
          host = value.substring(0, colon);
          if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
          }
          try {
            port = Integer.parseInt(value.substring(colon + 1));
          } catch (NumberFormatException e) {
            throw new UsageException("--bind: port of '" + value + "' is not a number");
          }
          if (port < 0 || port > 65_535) {
            throw new UsageException("--bind: port " + port + " is out of range 0-65535");
          }
        }
        case "--policy" -> {
          String value = inline != null ? inline : value(args, ++i, flag);
          int sep = value.indexOf('=');
          String maybeId = sep > 0 ? value.substring(0, sep) : "";
          if (sep > 0 && GraphId.problem(maybeId).isEmpty()) {
            if (graphPolicyArgs.put(maybeId, value.substring(sep + 1)) != null) {
              throw new UsageException(
                  "--policy is given twice for graph '" + maybeId + "'; give one bundle");
            }
          } else {
            if (policy.isPresent()) {
              throw new UsageException(
                  "--policy <file> is given twice; one bundle applies to every graph");
            }
            policy = Optional.of(Path.of(value));
          }
        }
        case "--server-policy" -> {
          String value = inline != null ? inline : value(args, ++i, flag);
          if (serverPolicy.isPresent()) {
            throw new UsageException("--server-policy is given twice; give one bundle");
          }
          serverPolicy = Optional.of(Path.of(value));
        }
        case "--cluster" ->
            throw new UsageException(
                "--cluster is not supported yet: this server has no cluster control plane; serve"
                    + " graphs with --graph <id>=<uri> instead");
        default ->
            throw new UsageException(
                "unknown argument '" + arg + "'; run omnigraph-server --help for the flags");
      }
    }
    if (graphs.isEmpty()) {
      throw new UsageException("no graph to serve: pass --graph <id>=<uri> at least once");
    }
    Map<String, Path> graphPolicies = new LinkedHashMap<>();
    graphPolicyArgs.forEach((id, file) -> graphPolicies.put(id, Path.of(file)));
    return new Command.Serve(
        new ServerSettings(
            graphs,
            host,
            port,
            unauthenticated,
            requireAll,
            policy,
            graphPolicies,
            serverPolicy,
            ServerSettings.DEFAULT_STOP_TIMEOUT));
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return args.get(i);
  }

  /** Upstream's truthy: set, non-empty, and not {@code 0} or {@code false}. */
  static boolean truthy(String value) {
    if (value == null) {
      return false;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return !v.isEmpty() && !v.equals("0") && !v.equals("false");
  }
}
