package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lance.Dataset;
import org.lance.compaction.Compaction;
import org.lance.compaction.CompactionOptions;
import org.lance.compaction.CompactionPlan;
import org.lance.compaction.CompactionTask;
import org.lance.compaction.RewriteResult;
import org.lance.operation.CreateIndex;
import org.lance.operation.Rewrite;
import org.lance.operation.RewriteGroup;

/**
 * Compacts a table version into a detached one and rebuilds its indexes there. Lance's {@code
 * compact()} commits to the table head (and refuses a handle at a detached version), so this runs
 * its steps by hand: plan, execute each task (new files, nothing committed), one detached {@code
 * Rewrite}, then one detached {@code CreateIndex} that swaps every index for one built over the new
 * fragments, since a Rewrite leaves the old indexes covering fragments that no longer exist.
 */
final class TableCompaction {
  private TableCompaction() {}

  /**
   * Lance's default policy: fragments under 1 Mi rows are merged up to that size, and a fragment
   * with more than a tenth of its rows deleted is rewritten without them. Lance plans fragments
   * with different index coverage in separate groups, so a stale index's unindexed tail is merged
   * into the rest only by the next compaction, after this one has rebuilt the index.
   */
  static Compacted compact(Dataset ds, TableVersion at, String where) {
    List<TableIndex> indexes = TableIndexes.list(ds);
    List<String> foreign =
        indexes.stream().filter(i -> i.spec().isEmpty()).map(TableIndex::name).toList();
    if (!foreign.isEmpty()) {
      throw TableException.invalid(
          where,
          "indexes "
              + foreign
              + " were not built by Omnigraph, so compaction could not rebuild them over the new"
              + " fragments; drop them first");
    }
    CompactionOptions options = CompactionOptions.builder().build();
    CompactionPlan plan = Compaction.planCompaction(ds, options);
    if (plan.getCompactionTasks().isEmpty()) {
      return new Compacted(at, 0, 0, List.of(), List.of());
    }
    List<RewriteGroup> groups = new ArrayList<>();
    int removed = 0;
    int added = 0;
    for (CompactionTask task : plan.getCompactionTasks()) {
      RewriteResult result = task.execute(ds);
      groups.add(
          RewriteGroup.builder()
              .oldFragments(result.getOriginalFragments())
              .newFragments(result.getNewFragments())
              .build());
      removed += result.getOriginalFragments().size();
      added += result.getNewFragments().size();
    }
    // No rewrittenIndices: the indexes are rebuilt below rather than remapped.
    Rewrite rewrite = Rewrite.builder().groups(groups).rewrittenIndices(List.of()).build();
    List<IndexSpec> specs =
        indexes.stream().map(TableIndex::spec).flatMap(Optional::stream).toList();
    try (Dataset rewritten = DetachedCommits.commit(ds, rewrite)) {
      TableIndexes.Rebuild rebuild = TableIndexes.rebuild(rewritten, specs);
      if (rebuild.fresh().isEmpty()) {
        return new Compacted(
            DetachedCommits.versionOf(at.path(), rewritten),
            removed,
            added,
            List.of(),
            rebuild.pending());
      }
      CreateIndex swap =
          CreateIndex.builder()
              .withNewIndices(rebuild.fresh())
              .withRemovedIndices(rebuild.stale())
              .build();
      return new Compacted(
          DetachedCommits.commitToVersion(rewritten, at, swap),
          removed,
          added,
          rebuild.rebuilt(),
          rebuild.pending());
    }
  }
}
