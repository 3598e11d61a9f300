package dev.omnigraph.engine.txn;

import dev.omnigraph.engine.log.CommitRef;
import java.util.List;
import java.util.Set;

/**
 * A write that did not commit because other writers changed what it depends on: the tables it read
 * or wrote, or the schema. Nothing of it is visible; the caller may retry.
 */
public final class ReadSetChangedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<CommitRef> winners;
  private final transient Set<String> tables;

  ReadSetChangedException(String message, List<CommitRef> winners, Set<String> tables) {
    super(message);
    this.winners = List.copyOf(winners);
    this.tables = Set.copyOf(tables);
  }

  /** The commits that won meanwhile. */
  public List<CommitRef> winners() {
    return winners;
  }

  /** The tables (or {@code schema}) that changed under this write. */
  public Set<String> tables() {
    return tables;
  }
}
