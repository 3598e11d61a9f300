package dev.omnigraph.lang.schema;

import java.util.OptionalLong;

/**
 * How many outgoing edges of one type each source node may have: {@code min..max}, with no max
 * meaning unbounded; both fit in an unsigned 32-bit integer.
 */
public record Cardinality(long min, OptionalLong max) {
  /** The default cardinality {@code 0..}: any number of edges. */
  public static final Cardinality UNBOUNDED = new Cardinality(0, OptionalLong.empty());

  public Cardinality {
    if (min < 0 || (max.isPresent() && max.getAsLong() < min)) {
      throw new IllegalArgumentException("bad cardinality " + min + ".." + max);
    }
  }

  public boolean isDefault() {
    return min == 0 && max.isEmpty();
  }

  @Override
  public String toString() {
    return min + ".." + (max.isPresent() ? String.valueOf(max.getAsLong()) : "");
  }
}
