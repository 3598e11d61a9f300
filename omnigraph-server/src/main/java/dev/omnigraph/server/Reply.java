package dev.omnigraph.server;

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

  /** {@code body} as a 200 JSON answer. */
  static Reply ok(Object body) {
    return new Json(200, body, Map.of());
  }
}
