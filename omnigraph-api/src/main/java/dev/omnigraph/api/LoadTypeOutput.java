package dev.omnigraph.api;

import java.util.Objects;

/**
 * The records a load held for one node or edge type.
 *
 * @param name the type's name
 * @param entitiesLoaded how many records of the type the input held
 */
public record LoadTypeOutput(String name, long entitiesLoaded) {
  public LoadTypeOutput {
    Objects.requireNonNull(name, "name");
  }
}
