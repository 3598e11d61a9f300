package dev.omnigraph.engine.txn;

import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A write prepared against one base state: the tables it read (its validation depended on them),
 * the new versions of the tables it wrote (already committed detached, so invisible until the
 * record names them), the tables it removed, a new schema if it changes the schema, and the change
 * counts and result to report. An empty write commits nothing.
 */
public record Prepared<R>(
    Set<String> reads,
    Map<String, TableVersion> writes,
    Set<String> removes,
    Optional<String> newSchemaHash,
    OperationKind operation,
    Map<String, ChangeCount> changes,
    R result) {
  public Prepared {
    reads = Set.copyOf(reads);
    writes = Map.copyOf(writes);
    removes = Set.copyOf(removes);
    changes = Map.copyOf(changes);
  }

  /** A write with nothing to commit, reporting {@code result}. */
  public static <R> Prepared<R> nothing(R result) {
    return new Prepared<>(
        Set.of(), Map.of(), Set.of(), Optional.empty(), OperationKind.LOGICAL, Map.of(), result);
  }

  /** Whether there is nothing to commit. */
  public boolean isEmpty() {
    return writes.isEmpty() && removes.isEmpty() && newSchemaHash.isEmpty();
  }

  /** Every table this write depends on: what it read, wrote or removed. */
  Set<String> footprint() {
    Set<String> all = new java.util.HashSet<>(reads);
    all.addAll(writes.keySet());
    all.addAll(removes);
    return all;
  }
}
