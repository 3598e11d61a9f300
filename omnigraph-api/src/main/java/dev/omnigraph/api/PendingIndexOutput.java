package dev.omnigraph.api;

import java.util.Objects;

/**
 * A declared index that maintenance could not build yet; the next run after data arrives builds it.
 *
 * @param property the indexed property (or {@code id}, {@code src}, {@code dst})
 * @param reason why it is pending
 */
public record PendingIndexOutput(String property, String reason) {
  public PendingIndexOutput {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(reason, "reason");
  }
}
