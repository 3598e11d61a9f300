package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a dataset or an entity is a node type's or an edge type's. */
public enum EntityKind {
  NODE,
  EDGE;

  /** The kind as it appears on the wire: {@code node} or {@code edge}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
