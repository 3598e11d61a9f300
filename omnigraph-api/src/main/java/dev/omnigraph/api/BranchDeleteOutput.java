package dev.omnigraph.api;

import java.util.Objects;

/**
 * A branch was deleted.
 *
 * @param uri the graph's address as the caller gave it
 * @param name the deleted branch
 * @param actorId who deleted it, or {@code null} when the request named no actor
 */
public record BranchDeleteOutput(String uri, String name, String actorId) {
  public BranchDeleteOutput {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
  }
}
