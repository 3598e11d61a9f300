package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.OpenTable;
import dev.omnigraph.engine.table.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Streams the rows a table holds in a commit, as cell arrays, one Arrow batch at a time. */
final class HeldRows {
  /** Rows per batch of these scans. */
  static final int BATCH = 8192;

  private HeldRows() {}

  /**
   * Streams {@code columns} of {@code table} as held in {@code record} to {@code visit}, as rows
   * aligned with the table's columns (the other cells null); the array is reused between calls, so
   * a visitor that keeps a row clones it.
   */
  static void scan(
      Tables tables,
      CommitRecord record,
      TypeTable table,
      List<String> columns,
      Consumer<Object[]> visit) {
    tables.streamRows(
        table.versionIn(record), columns, List.of(), BATCH, cellsOf(table, columns, visit));
  }

  /**
   * {@link #scan} on a version already held open, so a write that reads the rows it then changes
   * opens its table once.
   */
  static void scan(
      OpenTable open, TypeTable table, List<String> columns, Consumer<Object[]> visit) {
    open.scanBatches(columns, Optional.empty(), cellsOf(table, columns, visit));
  }

  private static Consumer<VectorSchemaRoot> cellsOf(
      TypeTable table, List<String> columns, Consumer<Object[]> visit) {
    int[] positions = columns.stream().mapToInt(table::position).toArray();
    Object[] row = new Object[table.columns().size()];
    return batch -> {
      List<FieldVector> vectors = new ArrayList<>();
      for (String column : columns) {
        vectors.add(batch.getVector(column));
      }
      for (int i = 0; i < batch.getRowCount(); i++) {
        for (int k = 0; k < positions.length; k++) {
          row[positions[k]] = Cells.read(vectors.get(k), i);
        }
        visit.accept(row);
      }
    };
  }
}
