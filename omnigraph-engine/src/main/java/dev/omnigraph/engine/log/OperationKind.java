package dev.omnigraph.engine.log;

/**
 * What kind of change a commit is: a logical change of the graph's content or schema, or
 * maintenance that rewrites storage (compaction, index builds) without changing what any query
 * returns.
 */
public enum OperationKind {
  LOGICAL,
  MAINTENANCE;

  String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
