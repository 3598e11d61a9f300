package dev.omnigraph.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@code cleanup} removed ({@code confirm}) or would remove (a preview): the table files no
 * retained commit needs, per dataset, and how many commits keep or lose their data.
 *
 * @param uri the graph's address as the caller gave it
 * @param confirm whether files were deleted ({@code false}: a preview that changed nothing)
 * @param keepVersions {@code --keep}: the newest commits of each branch that keep their data, or
 *     {@code null}
 * @param olderThanSecs {@code --older-than} in seconds: commits younger than this keep their data,
 *     or {@code null}
 * @param graceSecs files younger than this are never deleted, in seconds
 * @param runId the run record of a confirmed run that deleted anything, else {@code null}
 * @param retainedCommits commits whose data is kept
 * @param expiredCommits commits whose data this run reclaimed (or would reclaim)
 * @param filesRemoved files removed in all, stray temp files included
 * @param bytesRemoved bytes removed in all, stray temp files included
 * @param datasets the datasets that lose files, by path
 * @param strayTempFiles temporary files interrupted writes left behind
 * @param strayTempBytes their bytes
 */
public record CleanupOutput(
    String uri,
    boolean confirm,
    Integer keepVersions,
    Long olderThanSecs,
    long graceSecs,
    String runId,
    long retainedCommits,
    long expiredCommits,
    long filesRemoved,
    long bytesRemoved,
    List<CleanupDatasetOutput> datasets,
    long strayTempFiles,
    long strayTempBytes) {
  public CleanupOutput {
    Objects.requireNonNull(uri, "uri");
    datasets = List.copyOf(datasets);
  }
}
