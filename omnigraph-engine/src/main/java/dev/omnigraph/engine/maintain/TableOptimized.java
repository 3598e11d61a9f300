package dev.omnigraph.engine.maintain;

import java.util.List;

/**
 * What optimizing one table did: fragments compacted away and written, indexes built (missing or
 * stale ones), and declared indexes that cannot be built yet because their column holds no value.
 *
 * @param tableKey the table's key in commit records
 * @param typeName the node or edge type
 * @param fragmentsRemoved fragments rewritten away by compaction
 * @param fragmentsAdded fragments compaction wrote
 * @param indexesBuilt names of the indexes built or rebuilt
 * @param pendingIndexes names of declared indexes left for a later run, with nothing to index
 * @param changed whether the table has a new version in the maintenance commit
 */
public record TableOptimized(
    String tableKey,
    String typeName,
    int fragmentsRemoved,
    int fragmentsAdded,
    List<String> indexesBuilt,
    List<String> pendingIndexes,
    boolean changed) {
  public TableOptimized {
    indexesBuilt = List.copyOf(indexesBuilt);
    pendingIndexes = List.copyOf(pendingIndexes);
  }
}
