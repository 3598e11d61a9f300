package dev.omnigraph.server;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Omnigraph HTTP server: graphs opened, tokens and policies loaded, listening. {@link
 * #close()} stops it gracefully (requests in flight finish, new ones are refused) and closes the
 * graphs.
 */
public final class OmnigraphServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OmnigraphServer.class);

  // Requests run on platform threads: engine calls end in JNI (Lance), which pins virtual threads.
  private static final int MAX_THREADS = 64;

  private final Server jetty;
  private final ServerConnector connector;
  private final GracefulHandler graceful;
  private final GraphRegistry graphs;
  private final ServerContext context;
  private final Router router;

  private OmnigraphServer(
      Server jetty,
      ServerConnector connector,
      GracefulHandler graceful,
      GraphRegistry graphs,
      ServerContext context,
      Router router) {
    this.jetty = jetty;
    this.connector = connector;
    this.graceful = graceful;
    this.graphs = graphs;
    this.context = context;
    this.router = router;
  }

  /**
   * Starts a server for {@code settings}, reading tokens and admission caps from {@code env}.
   *
   * @throws ServerBootException when the configuration is refused or nothing can be served
   */
  public static OmnigraphServer start(ServerSettings settings, Map<String, String> env) {
    return start(settings, env, uri -> Omnigraph.open(uri, AccessMode.READ_WRITE));
  }

  static OmnigraphServer start(
      ServerSettings settings, Map<String, String> env, Function<String, Omnigraph> opener) {
    BearerTokens tokens = BearerTokens.fromEnvironment(env);
    RuntimeState state =
        RuntimeState.classify(!tokens.isEmpty(), settings.anyPolicy(), settings.unauthenticated());
    // Bundles are read and validated before any graph is opened: a typo fails fast.
    Optional<PolicyBundle> allGraphs =
        settings.policy().map(p -> PolicyBundle.load(p, PolicyAction.Resource.GRAPH));
    Map<String, PolicyBundle> perGraph = new HashMap<>();
    for (Map.Entry<String, Path> e : settings.graphPolicies().entrySet()) {
      if (settings.graphs().stream().noneMatch(g -> g.id().equals(e.getKey()))) {
        throw new ServerBootException(
            "--policy names graph '" + e.getKey() + "', which no --graph declares");
      }
      if (allGraphs.isPresent()) {
        throw new ServerBootException(
            "graph '"
                + e.getKey()
                + "' has two policy bundles (its own and the one for every graph); give each"
                + " graph one bundle");
      }
      perGraph.put(e.getKey(), PolicyBundle.load(e.getValue(), PolicyAction.Resource.GRAPH));
    }
    Optional<CedarPolicy> serverPolicy =
        settings
            .serverPolicy()
            .map(p -> CedarPolicy.forServer(PolicyBundle.load(p, PolicyAction.Resource.SERVER)));
    Admission admission = Admission.fromEnvironment(env, LOG::warn);
    GraphRegistry graphs =
        GraphRegistry.open(settings.graphs(), opener, settings.requireAllGraphs());
    try {
      Map<String, CedarPolicy> graphPolicies = new HashMap<>();
      for (ServedGraph g : graphs.ready()) {
        Optional.ofNullable(perGraph.get(g.id()))
            .or(() -> allGraphs)
            .ifPresent(b -> graphPolicies.put(g.id(), CedarPolicy.forGraph(b, g.id())));
      }
      switch (state) {
        case OPEN ->
            LOG.warn(
                "serving without authentication (--unauthenticated): every caller may read and"
                    + " write every graph");
        case DEFAULT_DENY ->
            LOG.warn(
                "bearer tokens but no policy: authenticated actors may only read (default-deny)");
        case POLICY_ENABLED -> {}
      }
      Authorizer authorizer = new Authorizer(state, graphPolicies, serverPolicy);
      Router router = ApiRoutes.router();
      ServerContext context =
          new ServerContext(
              graphs,
              authorizer,
              admission,
              version(),
              OpenApiDocument.served(router.routes(), state == RuntimeState.OPEN),
              new ExportSlots());
      return listen(settings, tokens, router, graphs, context);
    } catch (RuntimeException | Error e) {
      graphs.close();
      throw e;
    }
  }

  private static OmnigraphServer listen(
      ServerSettings settings,
      BearerTokens tokens,
      Router router,
      GraphRegistry graphs,
      ServerContext context) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
    threads.setName("omnigraph-http");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Jetty reuses header fields seen earlier on a connection, matching them case-insensitively by
    // default: "bearer x" would come back as an earlier "Bearer x". The scheme is case-sensitive.
    http.setHeaderCacheCaseSensitive(true);
    // Branch names may hold '/', sent encoded as %2F inside one path segment.
    http.setUriCompliance(
        UriCompliance.DEFAULT.with("omnigraph", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    jetty.addConnector(connector);
    GracefulHandler graceful = new GracefulHandler(new ApiHandler(router, tokens, context));
    jetty.setHandler(graceful);
    jetty.setErrorHandler(new ErrorEnvelopeHandler());
    jetty.setStopTimeout(settings.stopTimeout().toMillis());
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ServerBootException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    return new OmnigraphServer(jetty, connector, graceful, graphs, context, router);
  }

  /** The address the server listens on (with the actual port when 0 was asked for). */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** {@code host:port} as printed on the {@code OMNIGRAPH_LISTEN_ADDR=} line. */
  public String listenAddress() {
    String host = connector.getHost();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort();
  }

  Router router() {
    return router;
  }

  ServerContext context() {
    return context;
  }

  GracefulHandler graceful() {
    return graceful;
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /**
   * Stops listening, lets requests in flight finish (up to the stop timeout), then closes the
   * graphs. Closing again does nothing.
   */
  @Override
  public void close() {
    try {
      if (!jetty.isStopped()) {
        jetty.stop();
      }
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server failed: {}", e.toString());
    } finally {
      graphs.close();
    }
    LOG.info("stopped: requests in flight finished, graphs closed");
  }

  static String version() {
    try (InputStream in = OmnigraphServer.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the server jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read version.properties", e);
    }
  }
}
