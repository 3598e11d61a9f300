package dev.omnigraph.engine.table;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.log.TableVersion;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Transaction;
import org.lance.operation.Operation;

/**
 * Commits one Lance operation as a detached version on top of an open version: the table head never
 * moves, and the returned handle is already at the new version, so several steps chain without
 * opening the table again.
 */
final class DetachedCommits {
  private DetachedCommits() {}

  /** Commits {@code operation} on {@code base}; the caller closes the returned handle. */
  static Dataset commit(Dataset base, Operation operation) {
    Failpoints.hit(Failpoint.TABLE_BEFORE_DETACHED_COMMIT);
    try (Transaction txn =
        new Transaction.Builder().readVersion(base.version()).operation(operation).build()) {
      return new CommitBuilder(base).detached(true).maxRetries(0).execute(txn);
    }
  }

  /** Commits {@code operation} on {@code base} and returns the new version of table {@code at}. */
  static TableVersion commitToVersion(Dataset base, TableVersion at, Operation operation) {
    try (Dataset out = commit(base, operation)) {
      return versionOf(at.path(), out);
    }
  }

  static TableVersion versionOf(String path, Dataset ds) {
    return new TableVersion(path, Long.toUnsignedString(ds.version()));
  }
}
