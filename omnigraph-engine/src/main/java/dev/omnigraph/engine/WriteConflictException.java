package dev.omnigraph.engine;

import dev.omnigraph.engine.log.CommitRef;
import java.util.List;
import java.util.Set;

/**
 * A write that did not commit because other writers changed what it depends on (tables it read or
 * wrote, or the schema) and it could not be redone: nothing of it is visible and it may be retried.
 */
public final class WriteConflictException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "write_conflict";

  private final transient List<CommitRef> winners;
  private final transient Set<String> tables;

  WriteConflictException(
      String message, List<CommitRef> winners, Set<String> tables, Throwable cause) {
    super(message, cause);
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

  @Override
  public String code() {
    return CODE;
  }
}
