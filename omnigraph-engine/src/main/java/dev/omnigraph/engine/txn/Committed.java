package dev.omnigraph.engine.txn;

import dev.omnigraph.engine.log.CommitRecord;
import java.util.Optional;

/**
 * The outcome of a write: the record it committed (empty when there was nothing to commit), its
 * result, how many times it was prepared, and how many times its prepared effects were put again on
 * a newer state without being prepared again.
 */
public record Committed<R>(Optional<CommitRecord> record, R result, int prepares, int reputs) {}
