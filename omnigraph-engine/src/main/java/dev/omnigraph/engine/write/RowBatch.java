package dev.omnigraph.engine.write;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An Arrow batch of one type's table filled row by row from cell arrays aligned with the table's
 * columns; {@link #close} releases it. The caller bounds its size with {@link #rows} and {@link
 * #bytes}.
 */
final class RowBatch implements AutoCloseable {
  private final VectorSchemaRoot root;
  private final List<FieldVector> vectors;
  private int rows;
  private long bytes;

  RowBatch(TypeTable table, BufferAllocator allocator) {
    this.root = VectorSchemaRoot.create(table.schema(), allocator);
    try {
      root.allocateNew();
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
    this.vectors = root.getFieldVectors();
  }

  /** Appends one row whose cells are in table column order. */
  void add(Object[] row) {
    for (int i = 0; i < vectors.size(); i++) {
      Object value = row[i];
      if (value == null) {
        vectors.get(i).setNull(rows);
      } else {
        Cells.write(vectors.get(i), rows, value);
      }
      bytes += Cells.size(value);
    }
    rows++;
  }

  int rows() {
    return rows;
  }

  /** A rough size of the rows added, for the staging limit and the flush threshold. */
  long bytes() {
    return bytes;
  }

  /** The batch with its row count set; still owned by this object. */
  VectorSchemaRoot root() {
    root.setRowCount(rows);
    return root;
  }

  @Override
  public void close() {
    root.close();
  }
}
