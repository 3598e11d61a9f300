package dev.omnigraph.lang.query;

import java.util.Objects;

/**
 * One column of a read query's result: the name the executor gives it, its type, and whether it may
 * hold nulls (per the schema for properties; always for aggregates).
 */
public record ResultField(String name, ResultType type, boolean nullable) {
  public ResultField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
