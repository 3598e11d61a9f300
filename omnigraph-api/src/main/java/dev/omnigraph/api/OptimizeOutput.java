package dev.omnigraph.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@code optimize} did to a graph's main branch: one entry per node and edge type's dataset,
 * and the maintenance commit that published the result.
 *
 * @param uri the graph's address as the caller gave it
 * @param datasets every dataset, edge types first, then node types, each by name
 * @param graphCommitId the maintenance commit, or {@code null} when nothing needed doing (then
 *     nothing was committed)
 */
public record OptimizeOutput(
    String uri, List<OptimizeDatasetOutput> datasets, String graphCommitId) {
  public OptimizeOutput {
    Objects.requireNonNull(uri, "uri");
    datasets = List.copyOf(datasets);
  }
}
