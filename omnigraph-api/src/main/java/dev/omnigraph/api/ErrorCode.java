package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The closed set of codes an {@link ErrorOutput} may carry. New failure classes add a typed detail
 * field to the envelope instead of a code, so clients that switch on codes never meet an unknown
 * one.
 */
public enum ErrorCode {
  UNAUTHORIZED,
  FORBIDDEN,
  BAD_REQUEST,
  NOT_FOUND,
  METHOD_NOT_ALLOWED,
  CONFLICT,
  TOO_MANY_REQUESTS,
  INTERNAL;

  /**
   * The code an answer with HTTP {@code status} carries when nothing more specific applies: the
   * server's mapping, which the CLI also applies to an error answer that has no envelope.
   */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 409 -> CONFLICT;
      case 429 -> TOO_MANY_REQUESTS;
      default -> status >= 500 ? INTERNAL : BAD_REQUEST;
    };
  }

  /** The code as it appears on the wire: the constant in lower case ({@code bad_request}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
