package dev.omnigraph.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a server: the graphs to serve, where to listen, whether to serve without tokens, and
 * which policy bundles apply to which graphs and to the server. Tokens and admission caps come from
 * the environment.
 *
 * @param graphs the graphs to serve
 * @param host the address to bind (an IP address or host name)
 * @param port the port to bind; 0 picks a free one
 * @param unauthenticated serve every caller without tokens (open mode) when no token is configured
 * @param requireAllGraphs refuse to start when any graph fails to open, instead of quarantining it
 * @param policy the graph bundle for every graph without one of its own
 * @param graphPolicies graph id to the graph bundle of that graph
 * @param serverPolicy the server bundle, which grants {@code graph_list}
 * @param stopTimeout how long a stop waits for requests in flight
 */
public record ServerSettings(
    List<GraphSpec> graphs,
    String host,
    int port,
    boolean unauthenticated,
    boolean requireAllGraphs,
    Optional<Path> policy,
    Map<String, Path> graphPolicies,
    Optional<Path> serverPolicy,
    Duration stopTimeout) {
  /** The default bind address, loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static final int DEFAULT_PORT = 8080;

  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  public ServerSettings {
    graphs = List.copyOf(graphs);
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new ServerBootException("port " + port + " is out of range 0-65535");
    }
    Objects.requireNonNull(policy, "policy");
    graphPolicies = Map.copyOf(graphPolicies);
    Objects.requireNonNull(serverPolicy, "serverPolicy");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
  }

  /** Serving {@code graphs} on 127.0.0.1:{@code port}, no policy, default stop timeout. */
  public static ServerSettings of(List<GraphSpec> graphs, int port, boolean unauthenticated) {
    return new ServerSettings(
        graphs,
        DEFAULT_HOST,
        port,
        unauthenticated,
        false,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        DEFAULT_STOP_TIMEOUT);
  }

  ServerSettings withPolicies(
      Optional<Path> policy, Map<String, Path> graphPolicies, Optional<Path> serverPolicy) {
    return new ServerSettings(
        graphs,
        host,
        port,
        unauthenticated,
        requireAllGraphs,
        policy,
        graphPolicies,
        serverPolicy,
        stopTimeout);
  }

  boolean anyPolicy() {
    return policy.isPresent() || !graphPolicies.isEmpty() || serverPolicy.isPresent();
  }
}
