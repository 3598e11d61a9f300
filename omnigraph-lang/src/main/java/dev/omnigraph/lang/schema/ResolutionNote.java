package dev.omnigraph.lang.schema;

import java.util.Objects;

/**
 * A remark made while matching a desired schema to the accepted one that changes nothing, such as a
 * {@code @rename_from} hint ignored because the name already matches.
 *
 * @param code a stable snake_case identifier, e.g. {@code ignored_exact_match_rename_hint}
 * @param entity the declaration it concerns, e.g. {@code node:Person} or {@code node:Person.name}
 * @param message what happened, for people
 */
public record ResolutionNote(String code, String entity, String message) {
  /** A rename hint on a declaration whose name matches an accepted one: the name match wins. */
  public static final String IGNORED_EXACT_MATCH_RENAME_HINT = "ignored_exact_match_rename_hint";

  public ResolutionNote {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(message, "message");
  }
}
