package dev.omnigraph.server;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for graph ids: 1 to 64 ASCII letters, digits and hyphens, and not a name the server uses
 * for its own routes.
 */
final class GraphId {
  private static final Pattern SHAPE = Pattern.compile("[a-zA-Z0-9-]{1,64}");
  private static final Set<String> RESERVED = Set.of("policies", "healthz", "openapi", "graphs");

  private GraphId() {}

  /** Why {@code id} is not a valid graph id, or empty when it is. */
  static Optional<String> problem(String id) {
    if (!SHAPE.matcher(id).matches()) {
      return Optional.of(
          "invalid graph id '"
              + id
              + "': use 1 to 64 ASCII letters, digits and hyphens (no underscores)");
    }
    if (RESERVED.contains(id)) {
      return Optional.of("invalid graph id '" + id + "': the name is reserved by the server");
    }
    return Optional.empty();
  }
}
