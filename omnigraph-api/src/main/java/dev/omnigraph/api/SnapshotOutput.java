package dev.omnigraph.api;

import java.util.List;
import java.util.Objects;

/**
 * One committed state of a branch: the branch, its graph version, the storage format it is stored
 * in, and one dataset per node and edge type (edge types first, then node types, each by name).
 *
 * @param graphBranch the branch the state was read from
 * @param graphManifestVersion the branch's commit number of this state (1 for its first commit)
 * @param internalSchemaVersion the on-disk format version of the graph
 * @param datasets every type's dataset at the state's exact version
 */
public record SnapshotOutput(
    String graphBranch,
    long graphManifestVersion,
    int internalSchemaVersion,
    List<SnapshotDatasetOutput> datasets) {
  public SnapshotOutput {
    Objects.requireNonNull(graphBranch, "graphBranch");
    datasets = List.copyOf(datasets);
  }
}
