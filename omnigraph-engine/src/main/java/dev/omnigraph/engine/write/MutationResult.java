package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What a mutation query did: the nodes and edges its statements affected (an insert counts one even
 * when it replaced a held node; a cascade counts every edge it removed), and the commit it made,
 * empty when it changed nothing.
 */
public record MutationResult(
    long affectedNodes, long affectedEdges, Optional<CommitRecord> commit) {
  public MutationResult {
    Objects.requireNonNull(commit, "commit");
  }

  /** This result reporting {@code record} as its commit. */
  public MutationResult withCommit(Optional<CommitRecord> record) {
    return new MutationResult(affectedNodes, affectedEdges, record);
  }
}
