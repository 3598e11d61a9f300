package dev.omnigraph.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The detail of a strict insert refused because its id already names an entity of the type: the
 * write had no effect, and replaying it will fail the same way (choose another id, or load with
 * mode merge to replace the held row).
 *
 * @param entityKind whether the type is a node or an edge type
 * @param typeName the type that holds the id
 * @param entityId the id that already exists
 */
public record KeyConflictOutput(EntityKind entityKind, String typeName, String entityId) {
  public KeyConflictOutput {
    Objects.requireNonNull(entityKind, "entityKind");
    Objects.requireNonNull(typeName, "typeName");
  }

  /** The detail from the engine's spelling of the kind, {@code node} or {@code edge}. */
  public static KeyConflictOutput of(String entityKind, String typeName, String entityId) {
    return new KeyConflictOutput(
        EntityKind.valueOf(entityKind.toUpperCase(Locale.ROOT)), typeName, entityId);
  }
}
