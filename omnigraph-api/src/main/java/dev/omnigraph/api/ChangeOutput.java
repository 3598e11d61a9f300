package dev.omnigraph.api;

import java.util.Objects;

/**
 * What a mutation did (upstream's {@code ChangeOutput}): the branch, the query, the nodes and edges
 * it affected, the actor it was recorded under, and its commit, {@code null} when it changed
 * nothing.
 *
 * @param branch the branch written
 * @param queryName the mutation query that ran
 * @param affectedNodes nodes its statements affected
 * @param affectedEdges edges its statements affected (cascades included)
 * @param actorId the actor named for the write, or {@code null} when none was named
 * @param commit the commit made, or {@code null} when nothing changed
 */
public record ChangeOutput(
    String branch,
    String queryName,
    long affectedNodes,
    long affectedEdges,
    String actorId,
    CommitOutput commit) {
  public ChangeOutput {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(queryName, "queryName");
  }
}
