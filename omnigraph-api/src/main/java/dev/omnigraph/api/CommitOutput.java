package dev.omnigraph.api;

import java.util.Objects;

/**
 * One graph commit. Optional fields are written as JSON {@code null}, never left out.
 *
 * @param graphCommitId the commit's id (a ULID)
 * @param graphBranch the branch it was committed on, or {@code null} for {@code main}
 * @param graphManifestVersion the commit's number on its branch (1 for the branch's first commit)
 * @param parentCommitId the commit it follows, or {@code null} for a graph's first commit
 * @param mergedParentCommitId the second parent of a merge commit, else {@code null}
 * @param actorId who made the commit, or {@code null} when unknown
 * @param createdAt when it was committed, in microseconds since the Unix epoch
 */
public record CommitOutput(
    String graphCommitId,
    String graphBranch,
    long graphManifestVersion,
    String parentCommitId,
    String mergedParentCommitId,
    String actorId,
    long createdAt) {
  public CommitOutput {
    Objects.requireNonNull(graphCommitId, "graphCommitId");
  }
}
