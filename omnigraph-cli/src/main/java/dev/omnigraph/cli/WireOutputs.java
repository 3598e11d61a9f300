package dev.omnigraph.cli;

import dev.omnigraph.api.CleanupDatasetOutput;
import dev.omnigraph.api.CleanupOutput;
import dev.omnigraph.api.CommitOutput;
import dev.omnigraph.api.EntityKind;
import dev.omnigraph.api.OptimizeDatasetOutput;
import dev.omnigraph.api.OptimizeOutput;
import dev.omnigraph.api.PendingIndexOutput;
import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadTargetOutput;
import dev.omnigraph.api.ResultValues;
import dev.omnigraph.api.SnapshotDatasetOutput;
import dev.omnigraph.api.SnapshotOutput;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.maintain.CleanupReport;
import dev.omnigraph.engine.maintain.RetentionPolicy;
import dev.omnigraph.engine.maintain.TableOptimized;
import dev.omnigraph.lang.query.ResultField;
import dev.omnigraph.lang.query.ResultType;
import dev.omnigraph.lang.schema.BaseType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * {@code result}, read against {@code target}, as upstream's read output: one object per row
   * keyed by column name in column order (a repeated name keeps its first place and its last value,
   * as a JSON object can hold a key once), values encoded as upstream encodes them.
   */
  static ReadOutput read(QueryResult result, ReadTargetOutput target) {
    List<ResultField> fields = result.schema().fields();
    List<Map<String, Object>> rows = new ArrayList<>(result.rowCount());
    for (List<Object> values : result.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < fields.size(); c++) {
        ResultField field = fields.get(c);
        row.put(field.name(), ResultValues.encode(values.get(c), unsigned(field.type())));
      }
      rows.add(row);
    }
    return new ReadOutput(
        result.queryName(), target, result.rowCount(), result.columns(), rows, result.commitId());
  }

  // A U64 column's values are unsigned; the engine hands them over as Longs.
  private static boolean unsigned(ResultType type) {
    return switch (type) {
      case ResultType.Scalar s -> s.type().scalar() == BaseType.U64;
      case ResultType.Aggregate a -> a.type().scalar() == BaseType.U64;
      case ResultType.Node n -> false;
    };
  }

  /** Why optimize leaves a declared index pending: its column holds no value to index. */
  static final String PENDING_REASON = "property has no non-null values to index yet";

  private static final String INDEX_SUFFIX = "_idx";

  /**
   * What optimize did to the graph at {@code uri}, whose state afterwards is {@code state} (the
   * maintenance commit, or the head when nothing was committed); tables in upstream's order.
   */
  static OptimizeOutput optimize(
      List<TableOptimized> tables, CommitRecord state, boolean committed, String uri) {
    List<OptimizeDatasetOutput> datasets = new ArrayList<>();
    for (TableOptimized t : tables) {
      String kind = t.tableKey().substring(0, t.tableKey().indexOf(':'));
      List<PendingIndexOutput> pending = new ArrayList<>();
      for (String index : t.pendingIndexes()) {
        pending.add(new PendingIndexOutput(property(index), PENDING_REASON));
      }
      datasets.add(
          new OptimizeDatasetOutput(
              kind + ":" + t.typeName(),
              t.fragmentsRemoved(),
              t.fragmentsAdded(),
              t.changed(),
              null,
              new BigInteger(state.tables().get(t.tableKey()).version()),
              t.indexesBuilt().stream().map(WireOutputs::property).toList(),
              pending));
    }
    datasets.sort(
        Comparator.comparing((OptimizeDatasetOutput d) -> d.typeKey().startsWith("node:"))
            .thenComparing(d -> d.typeKey().substring(d.typeKey().indexOf(':') + 1)));
    return new OptimizeOutput(uri, datasets, committed ? state.commitId() : null);
  }

  // The engine names the index of column c "c_idx" (IndexIntent.indexName), so the name gives the
  // property back.
  private static String property(String indexName) {
    return indexName.endsWith(INDEX_SUFFIX)
        ? indexName.substring(0, indexName.length() - INDEX_SUFFIX.length())
        : indexName;
  }

  /** {@code report} of a cleanup of the graph at {@code uri}, stored at {@code location}. */
  static CleanupOutput cleanup(CleanupReport report, String uri, String location) {
    RetentionPolicy policy = report.policy();
    List<CleanupDatasetOutput> datasets = new ArrayList<>();
    for (CleanupReport.TableCleanup t : report.tables()) {
      datasets.add(
          new CleanupDatasetOutput(
              join(location, t.path()), t.unreferenced(), t.files(), t.bytes()));
    }
    datasets.sort(Comparator.comparing(CleanupDatasetOutput::datasetPath));
    return new CleanupOutput(
        uri,
        report.confirmed(),
        policy.keep().isPresent() ? policy.keep().getAsInt() : null,
        policy.olderThan().map(Duration::toSeconds).orElse(null),
        policy.grace().toSeconds(),
        report.runId().orElse(null),
        report.retainedCommits(),
        report.expiredCommits(),
        report.files(),
        report.bytes(),
        datasets,
        report.strayTempFiles(),
        report.strayTempBytes());
  }
}
