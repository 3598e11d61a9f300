package dev.omnigraph.api;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One node or edge type's dataset in a snapshot, enough to read it outside Omnigraph at exactly
 * that version.
 *
 * @param entityKind whether the type is a node or an edge type
 * @param typeName the type's name in the schema
 * @param datasetPath where the dataset lives (a folder path or an object-store URI)
 * @param publishedDatasetVersion the dataset version of this state, an unsigned 64-bit number (it
 *     may exceed 2^63; read it as an unsigned integer)
 * @param nativeDatasetBranch the dataset's own branch, or {@code null} when it has none
 * @param entityCount how many entities of the type the state holds
 */
public record SnapshotDatasetOutput(
    EntityKind entityKind,
    String typeName,
    String datasetPath,
    BigInteger publishedDatasetVersion,
    String nativeDatasetBranch,
    long entityCount) {
  public SnapshotDatasetOutput {
    Objects.requireNonNull(entityKind, "entityKind");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(datasetPath, "datasetPath");
    Objects.requireNonNull(publishedDatasetVersion, "publishedDatasetVersion");
    if (publishedDatasetVersion.signum() < 0 || publishedDatasetVersion.bitLength() > 64) {
      throw new IllegalArgumentException(
          "dataset version must be an unsigned 64-bit number, got " + publishedDatasetVersion);
    }
  }
}
