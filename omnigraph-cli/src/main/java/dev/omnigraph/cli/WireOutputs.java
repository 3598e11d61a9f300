package dev.omnigraph.cli;

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

/** Engine values as upstream's wire records, with upstream's vocabulary and conventions. */
final class WireOutputs {
  private WireOutputs() {}

  /**
   * {@code snapshot} of the graph at {@code location}: datasets in upstream's internal-key order
   * (every edge type, then every node type, each by name), each with its full location.
   */
  static SnapshotOutput snapshot(Snapshot snapshot, String location) {
    List<SnapshotDatasetOutput> datasets = new ArrayList<>();
    for (Snapshot.TableState t : snapshot.tables()) {
      datasets.add(
          new SnapshotDatasetOutput(
              kind(t.kind()),
              t.typeName(),
              join(location, t.path()),
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

  private static EntityKind kind(Snapshot.EntityKind kind) {
    return switch (kind) {
      case NODE -> EntityKind.NODE;
      case EDGE -> EntityKind.EDGE;
    };
  }

  private static String join(String location, String path) {
    return location.endsWith("/") ? location + path : location + "/" + path;
  }

  /**
   * {@code record} as a commit: {@code main} is written as a null branch (upstream represents main
   * by absence), the first parent is the parent, a second one the merged parent.
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
