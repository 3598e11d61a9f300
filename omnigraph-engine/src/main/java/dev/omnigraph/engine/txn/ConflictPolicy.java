package dev.omnigraph.engine.txn;

/** What a write does when another writer changed a table it depends on before it committed. */
public enum ConflictPolicy {
  /** Prepare again on the new state (a bounded number of times). */
  REDO,
  /** Fail with {@link ReadSetChangedException}: for strict operations and conditional writes. */
  STRICT,
  /**
   * Fail with {@link ReadSetChangedException} as soon as any other commit lands on the branch
   * first, even one this write does not depend on: for writes conditional on the branch head (a
   * compare-and-swap such as {@code --if-commit}).
   */
  EXACT
}
