package dev.omnigraph.api;

import java.util.Objects;

/**
 * The files {@code cleanup} removes (or would remove) from one dataset.
 *
 * @param datasetPath where the dataset lives (a folder path or an object-store URI)
 * @param unreferenced whether no retained commit names the dataset at all, so all of it goes
 * @param filesRemoved files removed
 * @param bytesRemoved bytes removed
 */
public record CleanupDatasetOutput(
    String datasetPath, boolean unreferenced, long filesRemoved, long bytesRemoved) {
  public CleanupDatasetOutput {
    Objects.requireNonNull(datasetPath, "datasetPath");
  }
}
