package dev.omnigraph.api;

import java.util.Objects;

/** A graph's accepted schema, as the {@code .pg} source text it was given in. */
public record SchemaOutput(String schemaSource) {
  public SchemaOutput {
    Objects.requireNonNull(schemaSource, "schemaSource");
  }
}
