package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.WireJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one Jetty handler, with upstream's middleware order: route lookup (404, 405), bearer
 * authentication (401), graph resolution (400 for a malformed id, 404 for an unknown or quarantined
 * graph), then the route's handler. Every failure, expected or not, leaves as the JSON error
 * envelope.
 */
final class ApiHandler extends Handler.Abstract {
  static final String JSON = "application/json";

  /** The most a streamed body buffers before it writes a chunk. */
  static final int STREAM_CHUNK = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final Router router;
  private final BearerTokens tokens;
  private final ServerContext context;

  ApiHandler(Router router, BearerTokens tokens, ServerContext context) {
    super(InvocationType.BLOCKING);
    this.router = router;
    this.tokens = tokens;
    this.context = context;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Reply reply;
    try {
      reply = dispatch(request);
    } catch (Throwable t) {
      HttpFailure f = Failures.of(t);
      reply = new Reply.Json(f.status(), f.body(), f.headers());
    }
    settleBody(request, response);
    write(reply, response, callback);
    return true;
  }

  /** The request attribute set once a handler has read the whole body. */
  static final String BODY_READ = "dev.omnigraph.server.bodyRead";

  /** How much of an unread body is read and dropped to keep the connection usable. */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  // A body the handler did not read (a request refused before its body mattered, or one over its
  // limit) must not be left on a kept-alive connection, where it would be parsed as the next
  // request. Up to DRAIN_LIMIT of it is read and dropped: closing the connection instead, while
  // the client is still sending, makes its TCP stack reset the connection and lose the answer.
  // Beyond that the answer leaves with the connection closed.
  private static void settleBody(Request request, Response response) {
    long length = request.getLength();
    boolean hasBody = length > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (!hasBody || request.getAttribute(BODY_READ) != null) {
      return;
    }
    if (length <= DRAIN_LIMIT) {
      try (InputStream in = Content.Source.asInputStream(request)) {
        long drained = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          drained += n;
          if (drained > DRAIN_LIMIT) {
            break;
          }
        }
        if (drained <= DRAIN_LIMIT) {
          return;
        }
      } catch (IOException e) {
        // Closing the connection below settles it all the same.
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  private Reply dispatch(Request request) throws Exception {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    return switch (router.match(method, path)) {
      case Router.Match.NotFound n ->
          throw HttpFailure.notFound("no route for " + method + " " + path);
      case Router.Match.MethodNotAllowed m ->
          throw new HttpFailure(
              405,
              new ErrorOutput(
                  "method " + method + " is not allowed on " + path + "; allowed: " + m.allowed(),
                  ErrorCode.METHOD_NOT_ALLOWED),
              Map.of("Allow", String.join(", ", m.allowed())));
      case Router.Match.Found found -> {
        Route route = found.route();
        Optional<String> actor =
            route.access() == Route.Access.PUBLIC ? Optional.empty() : authenticate(request);
        Optional<ServedGraph> graph = Optional.empty();
        if (route.access() == Route.Access.GRAPH) {
          String id = found.params().get("graph_id");
          GraphId.problem(id)
              .ifPresent(p -> {
                throw HttpFailure.badRequest(p);
              });
          graph =
              Optional.of(
                  context
                      .graphs()
                      .get(id)
                      .orElseThrow(() -> HttpFailure.notFound("graph '" + id + "' not found")));
        }
        yield route.handler().handle(new Call(request, found.params(), actor, graph, context));
      }
    };
  }

  // The actor of the request's bearer token; absent only when the server runs without tokens.
  private Optional<String> authenticate(Request request) {
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.startsWith("Bearer ")) {
      throw HttpFailure.unauthorized("missing bearer token");
    }
    return Optional.of(
        tokens
            .actorFor(header.substring("Bearer ".length()))
            .orElseThrow(() -> HttpFailure.unauthorized("invalid bearer token")));
  }

  static void write(Reply reply, Response response, Callback callback) {
    String contentType;
    byte[] body;
    switch (reply) {
      case Reply.Stream stream -> {
        stream(stream, response, callback);
        return;
      }
      case Reply.Json json -> {
        contentType = JSON;
        body = WireJson.compact(json.body()).getBytes(StandardCharsets.UTF_8);
      }
      case Reply.Text text -> {
        contentType = text.contentType();
        body = text.body().getBytes(StandardCharsets.UTF_8);
      }
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static void stream(Reply.Stream reply, Response response, Callback callback) {
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    OutputStream out =
        new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_CHUNK);
    try {
      reply.body().writeTo(out);
      // Closing writes the last chunk; it is not reached on failure, so a cut body never looks
      // complete.
      out.close();
    } catch (Throwable t) {
      // Headers are gone; failing the callback aborts the response, so the body ends short.
      LOG.warn("streamed response cut short: {}", t.toString());
      callback.failed(t);
      return;
    }
    callback.succeeded();
  }
}
