package dev.omnigraph.engine;

import java.util.Objects;

/**
 * A write that would stage more than a per-table limit allows (such as 8,192 entities of one type
 * in one mutation): refused before any effect; split it into smaller writes.
 */
public final class ResourceLimitException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "resource_limit";

  private final String resource;
  private final long limit;
  private final long actual;

  ResourceLimitException(
      String message, String resource, long limit, long actual, Throwable cause) {
    super(message, cause);
    this.resource = Objects.requireNonNull(resource, "resource");
    this.limit = limit;
    this.actual = actual;
  }

  /** What is limited, e.g. {@code keyed entities for node:Thing}. */
  public String resource() {
    return resource;
  }

  public long limit() {
    return limit;
  }

  /** How much the write needed (at the point it was refused). */
  public long actual() {
    return actual;
  }

  @Override
  public String code() {
    return CODE;
  }
}
