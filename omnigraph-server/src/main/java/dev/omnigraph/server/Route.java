package dev.omnigraph.server;

/**
 * One operation the server answers: method and path template, the OpenAPI operation id it
 * implements, what must happen before its handler runs, and the handler.
 */
record Route(
    String method, PathTemplate path, String operationId, Access access, RouteHandler handler) {
  /** The middleware a route sits behind, in upstream's order. */
  enum Access {
    /** No authentication: {@code /healthz}, {@code /openapi.json}. */
    PUBLIC,
    /** Bearer authentication only ({@code GET /graphs}). */
    AUTHENTICATED,
    /** Bearer authentication, then the {@code graph_id} path parameter resolved to a graph. */
    GRAPH
  }

  /** A route's work once its middleware passed; it authorizes, admits and answers. */
  @FunctionalInterface
  interface RouteHandler {
    Reply handle(Call call) throws Exception;
  }
}
