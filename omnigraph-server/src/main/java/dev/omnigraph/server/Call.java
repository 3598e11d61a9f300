package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.engine.log.BranchName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * One request on its way through a route: its path and query parameters, the authenticated actor
 * (absent in open mode), the graph it addresses, and the checks a handler runs (policy, admission,
 * body parsing) in the order upstream runs them.
 */
final class Call {
  /** The body limit of JSON routes. */
  static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

  private final Request request;
  private final Map<String, String> pathParams;
  private final Optional<String> actor;
  private final Optional<ServedGraph> graph;
  private final ServerContext context;
  private Map<String, List<String>> query;

  Call(
      Request request,
      Map<String, String> pathParams,
      Optional<String> actor,
      Optional<ServedGraph> graph,
      ServerContext context) {
    this.request = request;
    this.pathParams = Map.copyOf(pathParams);
    this.actor = actor;
    this.graph = graph;
    this.context = context;
  }

  ServerContext context() {
    return context;
  }

  /** The authenticated actor; absent in open mode. */
  Optional<String> actor() {
    return actor;
  }

  /** The graph of a graph route. */
  ServedGraph graph() {
    return graph.orElseThrow(() -> new IllegalStateException("not a graph route"));
  }

  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("the route has no path parameter {" + name + "}");
    }
    return value;
  }

  /**
   * The query parameter {@code name}, if given.
   *
   * @throws HttpFailure 400 when it is given more than once
   */
  Optional<String> queryParam(String name) {
    List<String> values = query().getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw HttpFailure.badRequest(
          "query parameter `" + name + "` is given " + values.size() + " times; give it once");
    }
    return values.stream().findFirst();
  }

  /** The {@code branch} query parameter, trimmed, {@code main} when absent. */
  String branchQuery() {
    return queryParam("branch").map(Call::branchName).orElse(BranchName.MAIN);
  }

  /**
   * {@code raw} trimmed, as upstream trims branch names everywhere.
   *
   * @throws HttpFailure 400 when it is empty
   */
  static String branchName(String raw) {
    String name = raw.strip();
    if (name.isEmpty()) {
      throw HttpFailure.badRequest("branch name cannot be empty");
    }
    return name;
  }

  private Map<String, List<String>> query() {
    if (query == null) {
      Map<String, List<String>> parsed = new LinkedHashMap<>();
      String raw = request.getHttpURI().getQuery();
      if (raw != null && !raw.isEmpty()) {
        for (String pair : raw.split("&", -1)) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String key = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
          parsed.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
      }
      query = parsed;
    }
    return query;
  }

  private static String decodeQuery(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpFailure.badRequest("malformed query string: " + e.getMessage());
    }
  }

  /**
   * The JSON body as {@code type}, read strictly: a wrong content type is 415, a body over {@code
   * limit} bytes 413, and malformed JSON, a wrong shape or an unknown field 400.
   */
  <T> T jsonBody(Class<T> type, long limit) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (!isJson(contentType)) {
      throw new HttpFailure(
          415,
          ErrorCode.BAD_REQUEST,
          "expected request with `Content-Type: application/json`"
              + (contentType == null ? "" : ", got `" + contentType + "`"));
    }
    return RequestJson.read(body(limit), type);
  }

  /** The JSON body with the default 1 MiB limit. */
  <T> T jsonBody(Class<T> type) {
    return jsonBody(type, DEFAULT_BODY_LIMIT);
  }

  private byte[] body(long limit) {
    long declared = request.getLength();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw tooLarge(limit);
      }
      request.setAttribute(ApiHandler.BODY_READ, true);
      return bytes;
    } catch (IOException e) {
      throw HttpFailure.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /** Every value of request header {@code name}, in the order sent. */
  List<String> headerValues(String name) {
    return request.getHeaders().getValuesList(name);
  }

  /** The request's {@code Content-Type}, or {@code null}. */
  String contentType() {
    return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
  }

  /** The declared body length, {@code -1} when the body is chunked (or absent). */
  long declaredLength() {
    return request.getLength();
  }

  /**
   * The raw body as a stream that fails with {@link BodyLimitExceeded} once more than {@code limit}
   * bytes have arrived, so a body is never buffered whole. Reading it to its end marks the body
   * consumed.
   */
  InputStream streamedBody(long limit) {
    return new LimitedBody(Content.Source.asInputStream(request), limit);
  }

  /** A streamed body went over its limit; {@code actual} is how much had arrived by then. */
  static final class BodyLimitExceeded extends IOException {
    private final long limit;
    private final long actual;

    BodyLimitExceeded(long limit, long actual) {
      super("request body is larger than the limit of " + limit + " bytes");
      this.limit = limit;
      this.actual = actual;
    }

    long limit() {
      return limit;
    }

    long actual() {
      return actual;
    }
  }

  private final class LimitedBody extends FilterInputStream {
    private final long limit;
    private long count;

    LimitedBody(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      counted(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      counted(n);
      return n;
    }

    private void counted(int n) throws IOException {
      if (n < 0) {
        request.setAttribute(ApiHandler.BODY_READ, true);
        return;
      }
      count += n;
      if (count > limit) {
        throw new BodyLimitExceeded(limit, count);
      }
    }
  }

  private static HttpFailure tooLarge(long limit) {
    return new HttpFailure(
        413,
        ErrorCode.BAD_REQUEST,
        "request body is larger than the limit of " + limit + " bytes; send a smaller request");
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }

  /**
   * Checks that the caller may do {@code request} on this call's graph (or on the server for a
   * server action).
   *
   * @throws HttpFailure 403 when the policy denies it
   */
  void authorize(PolicyRequest request) {
    Optional<String> graphId =
        request.action().resource() == PolicyAction.Resource.GRAPH
            ? Optional.of(graph().id())
            : Optional.empty();
    PolicyDecision decision = context.authorizer().decide(actor, graphId, request);
    if (!decision.allowed()) {
      throw HttpFailure.forbidden(decision.message());
    }
  }

  /**
   * Admits this call as one of its actor's gated requests estimated at {@code bytes}; close the
   * permit when the work is done.
   *
   * @throws HttpFailure 429 when the actor is at a cap
   */
  Admission.Permit admit(long bytes) {
    return context.admission().admit(actor.orElse(Admission.ANONYMOUS), bytes);
  }
}
