package dev.omnigraph.engine.maintain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a cleanup removed ({@code confirmed}) or would remove (a preview): per table incarnation the
 * files and bytes, the stray temp files of interrupted writes, and how many commits lost their data
 * ({@code expiredCommits}, newly in this run) or keep it ({@code retainedCommits}). {@code runId}
 * names the run record {@code gc/<runId>.json} of a confirmed run that deleted anything.
 */
public record CleanupReport(
    boolean confirmed,
    Optional<String> runId,
    RetentionPolicy policy,
    int retainedCommits,
    int expiredCommits,
    List<TableCleanup> tables,
    long strayTempFiles,
    long strayTempBytes) {
  public CleanupReport {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(policy, "policy");
    tables = List.copyOf(tables);
  }

  /**
   * The files of one table incarnation (its {@code path} under the graph root) that go; {@code
   * unreferenced} when no kept commit names the incarnation at all (a deleted branch's or an
   * aborted attempt's table), so all of it goes.
   */
  public record TableCleanup(String path, boolean unreferenced, long files, long bytes) {}

  /** Files removed (or to be removed) in all, stray temp files included. */
  public long files() {
    return tables.stream().mapToLong(TableCleanup::files).sum() + strayTempFiles;
  }

  /** Bytes removed (or to be removed) in all, stray temp files included. */
  public long bytes() {
    return tables.stream().mapToLong(TableCleanup::bytes).sum() + strayTempBytes;
  }
}
