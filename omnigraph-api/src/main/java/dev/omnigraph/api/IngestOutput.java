package dev.omnigraph.api;

import java.util.List;
import java.util.Objects;

/**
 * What a load over HTTP did ({@code POST /load}): the graph, the branch and whether the load
 * created it, the requested {@code from} (echoed even when the branch existed), the mode, the
 * records per type, the actor and the commit, {@code null} when the input held no record.
 *
 * @param uri the graph loaded into
 * @param branch the branch loaded into
 * @param baseBranch the request's {@code from}, or {@code null} when it gave none
 * @param branchCreated whether the load created {@code branch} from {@code baseBranch}
 * @param mode {@code overwrite}, {@code append} or {@code merge}
 * @param nodes records per node type, by name
 * @param edges records per edge type, by name
 * @param totalEntities every record loaded
 * @param actorId the authenticated actor, or {@code null} in open mode
 * @param commit the commit made, or {@code null} when the input held no record
 */
public record IngestOutput(
    String uri,
    String branch,
    String baseBranch,
    boolean branchCreated,
    String mode,
    List<LoadTypeOutput> nodes,
    List<LoadTypeOutput> edges,
    long totalEntities,
    String actorId,
    CommitOutput commit) {
  public IngestOutput {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(mode, "mode");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
