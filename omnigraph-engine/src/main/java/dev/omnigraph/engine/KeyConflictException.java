package dev.omnigraph.engine;

import java.util.Objects;

/**
 * A strict insert (an append load) of an id its type already holds: the whole write was refused and
 * nothing of it is visible; load with mode merge to replace held rows instead.
 */
public final class KeyConflictException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "key_conflict";

  private final String entityKind;
  private final String typeName;
  private final String entityId;

  KeyConflictException(
      String message, String entityKind, String typeName, String entityId, Throwable cause) {
    super(message, cause);
    this.entityKind = Objects.requireNonNull(entityKind, "entityKind");
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.entityId = Objects.requireNonNull(entityId, "entityId");
  }

  /** {@code node} or {@code edge}. */
  public String entityKind() {
    return entityKind;
  }

  /** The type that already holds the id. */
  public String typeName() {
    return typeName;
  }

  /** The id that exists. */
  public String entityId() {
    return entityId;
  }

  @Override
  public String code() {
    return CODE;
  }
}
