package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What a CLI load did (upstream's CLI load output): the graph, the branch and mode, the branch it
 * was created from when {@code --from} was given, the records per type and the commit, {@code null}
 * when the input held no record. Unlike the HTTP body it has no actor.
 *
 * @param uri the graph loaded into
 * @param branch the branch loaded into
 * @param mode {@code overwrite}, {@code append} or {@code merge}
 * @param baseBranch the {@code --from} branch; left out of the JSON when {@code --from} was not
 *     given
 * @param branchCreated whether the load created {@code branch} from {@code baseBranch}
 * @param nodes records per node type, by name
 * @param edges records per edge type, by name
 * @param totalEntities every record loaded
 * @param commit the commit made, or {@code null} when the input held no record
 */
public record LoadOutput(
    String uri,
    String branch,
    String mode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String baseBranch,
    boolean branchCreated,
    List<LoadTypeOutput> nodes,
    List<LoadTypeOutput> edges,
    long totalEntities,
    CommitOutput commit) {
  public LoadOutput {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(mode, "mode");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
