package dev.omnigraph.server;

import dev.omnigraph.engine.Omnigraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graphs the server serves, opened at start-up. A graph that fails to open is quarantined: it
 * is left out of {@code GET /graphs} and its routes answer 404, while the others are served.
 */
final class GraphRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphRegistry.class);

  /** Graphs are opened this many at a time. */
  static final int OPEN_CONCURRENCY = 4;

  private final Map<String, ServedGraph> ready;
  private final Map<String, String> quarantined;

  private GraphRegistry(Map<String, ServedGraph> ready, Map<String, String> quarantined) {
    this.ready = Collections.unmodifiableMap(new TreeMap<>(ready));
    this.quarantined = Collections.unmodifiableMap(new TreeMap<>(quarantined));
  }

  /**
   * Opens every graph of {@code specs} with {@code opener}, quarantining those that fail.
   *
   * @throws ServerBootException for duplicate ids or uris, when no graph opened, or when {@code
   *     requireAll} and any graph failed
   */
  static GraphRegistry open(
      List<GraphSpec> specs, Function<String, Omnigraph> opener, boolean requireAll) {
    if (specs.isEmpty()) {
      throw new ServerBootException("no graph to serve: pass --graph <id>=<uri> once per graph");
    }
    Set<String> ids = new HashSet<>();
    Set<String> uris = new HashSet<>();
    for (GraphSpec spec : specs) {
      if (!ids.add(spec.id())) {
        throw new ServerBootException(
            "graph id '" + spec.id() + "' is given twice; give each graph its own id");
      }
      if (!uris.add(spec.uri())) {
        throw new ServerBootException(
            "graph uri " + spec.uri() + " is given twice; serve each graph under one id");
      }
    }
    Map<String, ServedGraph> ready = new TreeMap<>();
    Map<String, String> quarantined = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(OPEN_CONCURRENCY, specs.size()));
    try {
      List<Future<Omnigraph>> opening = new ArrayList<>();
      for (GraphSpec spec : specs) {
        opening.add(pool.submit(() -> opener.apply(spec.uri())));
      }
      for (int i = 0; i < specs.size(); i++) {
        GraphSpec spec = specs.get(i);
        try {
          ready.put(spec.id(), new ServedGraph(spec.id(), spec.uri(), opening.get(i).get()));
        } catch (ExecutionException e) {
          String reason = String.valueOf(e.getCause().getMessage());
          LOG.warn("graph '{}' is quarantined: cannot open {}: {}", spec.id(), spec.uri(), reason);
          quarantined.put(spec.id(), reason);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closeAll(ready.values());
          throw new ServerBootException("interrupted while opening graphs", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (ready.isEmpty()) {
      throw new ServerBootException(
          "no graph could be opened, so there is nothing to serve: " + describe(quarantined));
    }
    if (requireAll && !quarantined.isEmpty()) {
      closeAll(ready.values());
      throw new ServerBootException(
          "--require-all-graphs is set and some graphs could not be opened: "
              + describe(quarantined));
    }
    return new GraphRegistry(ready, quarantined);
  }

  private static String describe(Map<String, String> quarantined) {
    List<String> parts = new ArrayList<>();
    quarantined.forEach((id, reason) -> parts.add("graph '" + id + "': " + reason));
    return String.join("; ", parts);
  }

  /** The graph {@code id}, unless it is unknown or quarantined. */
  Optional<ServedGraph> get(String id) {
    return Optional.ofNullable(ready.get(id));
  }

  /** The graphs being served, sorted by id. */
  List<ServedGraph> ready() {
    return List.copyOf(ready.values());
  }

  /** The graphs that failed to open, by id, with the reason. */
  Map<String, String> quarantined() {
    return quarantined;
  }

  @Override
  public void close() {
    closeAll(ready.values());
  }

  private static void closeAll(Iterable<ServedGraph> graphs) {
    for (ServedGraph g : graphs) {
      try {
        g.engine().close();
      } catch (RuntimeException e) {
        LOG.warn("closing graph '{}' failed: {}", g.id(), e.toString());
      }
    }
  }
}
