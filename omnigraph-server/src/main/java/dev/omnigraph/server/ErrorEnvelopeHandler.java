package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches the router (a malformed or ambiguous
 * URI, oversized headers, a request during shutdown) with the JSON error envelope instead of an
 * HTML page.
 */
final class ErrorEnvelopeHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400) {
      status = 500;
    }
    Object message = request.getAttribute(ERROR_MESSAGE);
    String text = message == null ? HttpStatus.getMessage(status) : message.toString();
    ApiHandler.write(
        new Reply.Json(status, new ErrorOutput(text, ErrorCode.forStatus(status)), Map.of()),
        response,
        callback);
    return true;
  }
}
