package dev.omnigraph.api;

import java.util.Objects;

/**
 * A branch was created.
 *
 * @param uri the graph's address as the caller gave it
 * @param from the branch it was created from
 * @param name the new branch
 * @param actorId who created it, or {@code null} when the request named no actor
 */
public record BranchCreateOutput(String uri, String from, String name, String actorId) {
  public BranchCreateOutput {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(name, "name");
  }
}
