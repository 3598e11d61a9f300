package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import java.util.Map;

/**
 * A request the server refuses with an HTTP status and the error envelope (plus any headers the
 * refusal carries, such as {@code Retry-After}); thrown anywhere while handling a request.
 */
final class HttpFailure extends RuntimeException {
  private final int status;
  private final transient ErrorOutput body;
  private final transient Map<String, String> headers;

  HttpFailure(int status, ErrorOutput body, Map<String, String> headers) {
    super(body.error(), null, false, false);
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
  }

  HttpFailure(int status, ErrorCode code, String message) {
    this(status, new ErrorOutput(message, code), Map.of());
  }

  static HttpFailure badRequest(String message) {
    return new HttpFailure(400, ErrorCode.BAD_REQUEST, message);
  }

  static HttpFailure notFound(String message) {
    return new HttpFailure(404, ErrorCode.NOT_FOUND, message);
  }

  static HttpFailure forbidden(String message) {
    return new HttpFailure(403, ErrorCode.FORBIDDEN, message);
  }

  static HttpFailure unauthorized(String message) {
    return new HttpFailure(
        401,
        new ErrorOutput(message, ErrorCode.UNAUTHORIZED),
        Map.of("WWW-Authenticate", "Bearer"));
  }

  int status() {
    return status;
  }

  ErrorOutput body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }
}
