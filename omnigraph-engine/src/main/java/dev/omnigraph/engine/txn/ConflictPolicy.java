package dev.omnigraph.engine.txn;

/** What a write does when another writer changed a table it depends on before it committed. */
public enum ConflictPolicy {
  /** Prepare again on the new state (a bounded number of times). */
  REDO,
  /** Fail with {@link ReadSetChangedException}: for strict operations and conditional writes. */
  STRICT
}
