package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.Compacted;
import dev.omnigraph.engine.table.IndexBuild;
import dev.omnigraph.engine.table.IndexSpec;
import dev.omnigraph.engine.table.TableIndex;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Prepared;
import dev.omnigraph.lang.schema.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The maintenance write that compacts every table of a branch state and builds the indexes its
 * schema declares where they are missing or no longer cover every row: content-preserving, one
 * commit for the whole branch, every effect a detached version built on the captured state.
 */
public final class Optimize {
  private Optimize() {}

  /** Prepares the optimization of {@code base}'s tables, whose schema is {@code catalog}. */
  public static Prepared<List<TableOptimized>> prepare(
      CommitRecord base, Catalog catalog, Tables tables) {
    Map<String, List<IndexIntent>> intents = new LinkedHashMap<>();
    for (IndexIntent intent : IndexIntent.of(catalog)) {
      intents.computeIfAbsent(intent.tableKey(), k -> new ArrayList<>()).add(intent);
    }
    Map<String, TableVersion> writes = new HashMap<>();
    List<TableOptimized> report = new ArrayList<>();
    for (Map.Entry<String, List<IndexIntent>> e : intents.entrySet()) {
      String key = e.getKey();
      TableVersion at = base.tables().get(key);
      if (at == null) {
        throw new IllegalStateException(
            "commit " + base.ref() + " names no table " + key + " that its schema declares");
      }
      Outcome done = optimize(tables, key, e.getValue(), at);
      report.add(done.report());
      if (done.report().changed()) {
        writes.put(key, done.version());
      }
    }
    return new Prepared<>(
        Set.copyOf(writes.keySet()),
        writes,
        Set.of(),
        Optional.empty(),
        OperationKind.MAINTENANCE,
        Map.of(),
        List.copyOf(report));
  }

  private record Outcome(TableOptimized report, TableVersion version) {}

  private static Outcome optimize(
      Tables tables, String key, List<IndexIntent> intents, TableVersion base) {
    String typeName = intents.getFirst().typeName();
    Compacted compacted = tables.compact(base);
    TableVersion v = compacted.version();
    Map<String, TableIndex> existing = new HashMap<>();
    for (TableIndex index : tables.indexes(v)) {
      existing.put(index.name(), index);
    }
    List<String> built = new ArrayList<>(compacted.reindexed());
    List<String> pending = new ArrayList<>(compacted.pendingIndexes());
    boolean first = true;
    for (IndexIntent intent : intents) {
      TableIndex current = existing.get(intent.indexName());
      IndexSpec spec = spec(intent);
      if (current != null
          && current.coversAllFragments()
          && current.spec().equals(Optional.of(spec))) {
        continue;
      }
      if (!first) {
        Failpoints.hit(Failpoint.OPTIMIZE_BETWEEN_INDEX_BUILDS);
      }
      first = false;
      switch (tables.buildIndex(v, spec)) {
        case IndexBuild.Built b -> {
          v = b.version();
          if (!built.contains(intent.indexName())) {
            built.add(intent.indexName());
          }
        }
        case IndexBuild.Pending p -> {
          if (!pending.contains(intent.indexName())) {
            pending.add(intent.indexName());
          }
        }
      }
    }
    return new Outcome(
        new TableOptimized(
            key,
            typeName,
            compacted.fragmentsRemoved(),
            compacted.fragmentsAdded(),
            built,
            pending,
            !v.equals(base)),
        v);
  }

  private static IndexSpec spec(IndexIntent intent) {
    return switch (intent.kind()) {
      case BTREE -> new IndexSpec.BTree(intent.indexName(), intent.column());
      case INVERTED -> new IndexSpec.FullText(intent.indexName(), intent.column());
      case VECTOR ->
          new IndexSpec.Vector(intent.indexName(), intent.column(), IndexSpec.VectorMetric.L2);
    };
  }
}
