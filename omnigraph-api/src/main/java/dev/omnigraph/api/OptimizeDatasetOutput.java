package dev.omnigraph.api;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * What {@code optimize} did to one type's dataset: fragments compacted, indexes built, and declared
 * indexes left pending because their property holds no value yet.
 *
 * @param typeKey the type as {@code node:<Type>} or {@code edge:<Type>}
 * @param fragmentsRemoved fragments compaction rewrote away
 * @param fragmentsAdded fragments compaction wrote
 * @param committed whether the dataset has a new version in the maintenance commit
 * @param skipped why the dataset was left alone, or {@code null} when it was not
 * @param publishedDatasetVersion the dataset version the branch names once optimize is done, an
 *     unsigned 64-bit number
 * @param builtIndexes the properties whose index was built or rebuilt
 * @param pendingIndexes the declared indexes not built yet
 */
public record OptimizeDatasetOutput(
    String typeKey,
    long fragmentsRemoved,
    long fragmentsAdded,
    boolean committed,
    String skipped,
    BigInteger publishedDatasetVersion,
    List<String> builtIndexes,
    List<PendingIndexOutput> pendingIndexes) {
  public OptimizeDatasetOutput {
    Objects.requireNonNull(typeKey, "typeKey");
    Objects.requireNonNull(publishedDatasetVersion, "publishedDatasetVersion");
    if (publishedDatasetVersion.signum() < 0 || publishedDatasetVersion.bitLength() > 64) {
      throw new IllegalArgumentException(
          "dataset version must be an unsigned 64-bit number, got " + publishedDatasetVersion);
    }
    builtIndexes = List.copyOf(builtIndexes);
    pendingIndexes = List.copyOf(pendingIndexes);
  }
}
