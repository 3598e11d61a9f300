package dev.omnigraph.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What a route answers: a status, extra headers, and a body of one of the supported forms. */
sealed interface Reply {
  int status();

  Map<String, String> headers();

  /** A wire record (or JSON tree) written as compact snake_case JSON. */
  record Json(int status, Object body, Map<String, String> headers) implements Reply {
    public Json {
      headers = Map.copyOf(headers);
    }
  }

  /** Text already encoded in its media type (sent as UTF-8). */
  record Text(int status, String contentType, String body, Map<String, String> headers)
      implements Reply {
    public Text {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * A body written after the status and headers have left: what {@code body} writes streams out in
   * chunks. A failure while it writes cannot change the status any more, so it cuts the response
   * short (the client sees a truncated body, never a complete-looking one).
   */
  record Stream(int status, String contentType, Map<String, String> headers, StreamBody body)
      implements Reply {
    public Stream {
      headers = Map.copyOf(headers);
    }
  }

  /** Writes a streamed body; called exactly once, and must release what it holds either way. */
  @FunctionalInterface
  interface StreamBody {
    void writeTo(OutputStream out) throws IOException;
  }

  /** {@code body} as a 200 JSON answer. */
  static Reply ok(Object body) {
    return new Json(200, body, Map.of());
  }
}
