package dev.omnigraph.server;

import dev.omnigraph.api.CommitOutput;
import dev.omnigraph.api.EntityKind;
import dev.omnigraph.api.SnapshotDatasetOutput;
import dev.omnigraph.api.SnapshotOutput;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Engine values as the wire records of the HTTP API, in upstream's vocabulary. */
final class WireViews {
  private WireViews() {}

  /**
   * {@code snapshot} of the graph stored at {@code location}: datasets in upstream's internal-key
   * order (edge types, then node types, each by name), each with its full location.
   */
  static SnapshotOutput snapshot(Snapshot snapshot, String location) {
    List<SnapshotDatasetOutput> datasets = new ArrayList<>();
    for (Snapshot.TableState t : snapshot.tables()) {
      datasets.add(
          new SnapshotDatasetOutput(
              switch (t.kind()) {
                case NODE -> EntityKind.NODE;
                case EDGE -> EntityKind.EDGE;
              },
              t.typeName(),
              location.endsWith("/") ? location + t.path() : location + "/" + t.path(),
              new BigInteger(t.version()),
              null,
              t.rowCount()));
    }
    datasets.sort(
        Comparator.comparing((SnapshotDatasetOutput d) -> d.entityKind() == EntityKind.NODE)
            .thenComparing(SnapshotDatasetOutput::typeName));
    return new SnapshotOutput(
        snapshot.branch(), snapshot.seq(), CommitRecord.FORMAT_VERSION, datasets);
  }

  /**
   * {@code record} as a commit: {@code main} is a null branch (upstream represents main by
   * absence), the first parent is the parent and a second one the merged parent.
   */
  static CommitOutput commit(CommitRecord record) {
    List<CommitRef> parents = record.parents();
    return new CommitOutput(
        record.commitId(),
        record.branch().equals(BranchName.MAIN) ? null : record.branch(),
        record.seq(),
        parents.isEmpty() ? null : parents.get(0).commitId(),
        parents.size() < 2 ? null : parents.get(1).commitId(),
        record.actor(),
        epochMicros(record.createdAt()));
  }

  static long epochMicros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }
}
