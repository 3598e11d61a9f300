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

  /** The code as it appears on the wire: the constant in lower case ({@code bad_request}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
