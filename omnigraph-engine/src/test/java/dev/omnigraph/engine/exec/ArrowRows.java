package dev.omnigraph.engine.exec;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Test rows as an Arrow batch, lists and vectors included, written without the engine's own batch
 * writer, so the read path is tested on every column type the catalog maps independently of it.
 */
final class ArrowRows {
  private ArrowRows() {}

  /** The rows as a batch of {@code schema}; the caller closes it. */
  static VectorSchemaRoot batch(
      Schema schema, List<Map<String, Object>> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (FieldVector vector : root.getFieldVectors()) {
      for (int i = 0; i < rows.size(); i++) {
        Object value = rows.get(i).get(vector.getName());
        if (value != null) {
          set(vector, i, value);
        } else if (vector instanceof ListVector list) {
          list.setNull(i);
        }
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  private static void set(FieldVector vector, int i, Object value) {
    switch (vector) {
      case VarCharVector v -> v.setSafe(i, new Text((String) value));
      case BitVector v -> v.setSafe(i, (Boolean) value ? 1 : 0);
      case IntVector v -> v.setSafe(i, (Integer) value);
      case BigIntVector v -> v.setSafe(i, (Long) value);
      case Float4Vector v -> v.setSafe(i, (Float) value);
      case Float8Vector v -> v.setSafe(i, (Double) value);
      case DateDayVector v -> v.setSafe(i, (int) ((LocalDate) value).toEpochDay());
      case DateMilliVector v -> v.setSafe(i, ((Instant) value).toEpochMilli());
      case FixedSizeListVector v -> {
        List<?> items = (List<?>) value;
        Float4Vector data = (Float4Vector) v.getDataVector();
        for (int j = 0; j < items.size(); j++) {
          data.setSafe(i * v.getListSize() + j, (Float) items.get(j));
        }
        v.setNotNull(i);
      }
      case ListVector v -> {
        UnionListWriter w = v.getWriter();
        w.setPosition(i);
        w.startList();
        for (Object item : (List<?>) value) {
          switch (item) {
            case String s -> w.writeVarChar(s);
            case Integer n -> w.writeInt(n);
            case LocalDate d -> w.writeDateDay((int) d.toEpochDay());
            default -> throw new IllegalArgumentException("no list item of " + item.getClass());
          }
        }
        w.endList();
      }
      default -> throw new IllegalArgumentException("no test writer for " + vector.getClass());
    }
  }
}
