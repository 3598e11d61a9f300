package dev.omnigraph.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The server's route table: every route is registered once, with its OpenAPI operation id, and a
 * request finds at most one route (a literal segment outranks a parameter). Graph routes are
 * registered by their path under {@code /graphs/{graph_id}}, so adding an operation is one {@link
 * Builder#graph} call.
 */
final class Router {
  static final String GRAPH_PREFIX = "/graphs/{graph_id}";

  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  static Builder builder() {
    return new Builder();
  }

  List<Route> routes() {
    return routes;
  }

  /** The outcome of looking a request up. */
  sealed interface Match {
    record Found(Route route, Map<String, String> params) implements Match {}

    /** The path names no route. */
    record NotFound() implements Match {}

    /** The path names routes, none for this method; {@code allowed} lists theirs. */
    record MethodNotAllowed(List<String> allowed) implements Match {}
  }

  Match match(String method, String rawPath) {
    List<String> segments = PathTemplate.split(rawPath);
    Route best = null;
    Map<String, String> bestParams = null;
    TreeSet<String> allowed = new TreeSet<>();
    List<Route> candidates = new ArrayList<>(routes);
    // Most specific first, so a literal segment wins over a parameter at the same place.
    candidates.sort(Comparator.comparing(Route::path, (a, b) -> b.compareSpecificity(a)));
    for (Route route : candidates) {
      Optional<Map<String, String>> params = route.path().match(segments);
      if (params.isEmpty()) {
        continue;
      }
      allowed.add(route.method());
      boolean sameMethod =
          route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"));
      if (best == null && sameMethod) {
        best = route;
        bestParams = params.get();
      }
    }
    if (best != null) {
      return new Match.Found(best, bestParams);
    }
    return allowed.isEmpty()
        ? new Match.NotFound()
        : new Match.MethodNotAllowed(List.copyOf(allowed));
  }

  /** Collects routes; a second route with the same method and path is a programming error. */
  static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    /** A route that needs no authentication. */
    Builder open(String method, String path, String operationId, Route.RouteHandler handler) {
      return add(method, path, operationId, Route.Access.PUBLIC, handler);
    }

    /** A route behind bearer authentication that addresses no graph. */
    Builder authenticated(
        String method, String path, String operationId, Route.RouteHandler handler) {
      return add(method, path, operationId, Route.Access.AUTHENTICATED, handler);
    }

    /** A route under {@code /graphs/{graph_id}}: authentication, then graph resolution. */
    Builder graph(String method, String subPath, String operationId, Route.RouteHandler handler) {
      return add(method, GRAPH_PREFIX + subPath, operationId, Route.Access.GRAPH, handler);
    }

    private Builder add(
        String method,
        String path,
        String operationId,
        Route.Access access,
        Route.RouteHandler handler) {
      PathTemplate template = PathTemplate.parse(path);
      for (Route r : routes) {
        if (r.method().equals(method) && r.path().text().equals(path)) {
          throw new IllegalStateException("route " + method + " " + path + " registered twice");
        }
        if (r.operationId().equals(operationId)) {
          throw new IllegalStateException("operation id " + operationId + " registered twice");
        }
      }
      routes.add(new Route(method, template, operationId, access, handler));
      return this;
    }

    Router build() {
      return new Router(routes);
    }
  }
}
