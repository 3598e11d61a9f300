package dev.omnigraph.engine.write;

import java.util.Objects;
import java.util.Optional;

/**
 * A mutation or load the write side refuses; nothing of it was committed. The facade turns each
 * {@link Kind} into its public error kind, and the message is written for the user.
 */
public final class WriteRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the write was refused. */
  public enum Kind {
    /** Malformed input, a value of the wrong type, or a constraint violation. */
    INVALID,
    /** A strict insert of an id the type already holds. */
    KEY_CONFLICT,
    /** The write stages more than a per-table limit allows. */
    RESOURCE_LIMIT,
    /** The graph changed under the write in a way it cannot be redone on (its schema changed). */
    CONFLICT
  }

  /** The entity a key conflict is about: {@code node} or {@code edge}, its type and id. */
  public record Entity(String kind, String typeName, String id) {}

  /** The limit a resource-limit refusal is about. */
  public record Limit(String resource, long limit, long actual) {}

  private final Kind kind;
  private final transient Optional<Entity> entity;
  private final transient Optional<Limit> limit;

  private WriteRejectedException(
      Kind kind, String message, Optional<Entity> entity, Optional<Limit> limit) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.entity = entity;
    this.limit = limit;
  }

  static WriteRejectedException invalid(String message) {
    return new WriteRejectedException(Kind.INVALID, message, Optional.empty(), Optional.empty());
  }

  static WriteRejectedException keyConflict(String message, Entity entity) {
    return new WriteRejectedException(
        Kind.KEY_CONFLICT, message, Optional.of(entity), Optional.empty());
  }

  static WriteRejectedException resourceLimit(String resource, long limit, long actual) {
    return new WriteRejectedException(
        Kind.RESOURCE_LIMIT,
        "resource limit exceeded: "
            + resource
            + " is limited to "
            + limit
            + " per write, this write needs "
            + actual
            + "; nothing was committed, split the write into smaller ones",
        Optional.empty(),
        Optional.of(new Limit(resource, limit, actual)));
  }

  static WriteRejectedException conflict(String message) {
    return new WriteRejectedException(Kind.CONFLICT, message, Optional.empty(), Optional.empty());
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#KEY_CONFLICT}: the entity whose id exists. */
  public Optional<Entity> entity() {
    return entity;
  }

  /** For {@link Kind#RESOURCE_LIMIT}: the limit exceeded. */
  public Optional<Limit> limit() {
    return limit;
  }
}
