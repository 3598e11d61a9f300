package dev.omnigraph.engine.schema;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaIr;
import java.util.Objects;

/**
 * A schema a graph accepted: the source text exactly as the user gave it, its identity-bearing IR,
 * and the hash under which it is stored and which commit records name.
 */
public record AcceptedSchema(String hash, String source, SchemaIr ir) {
  public AcceptedSchema {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(ir, "ir");
  }

  /** The catalog queries and writes are checked against. */
  public Catalog catalog() {
    return SchemaCompiler.catalog(ir);
  }
}
