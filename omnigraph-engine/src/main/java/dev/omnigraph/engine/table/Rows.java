package dev.omnigraph.engine.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Copies Arrow batches into plain Java values, so nothing returned holds allocator memory. */
final class Rows {
  private Rows() {}

  static void copyBatch(VectorSchemaRoot batch, List<Map<String, Object>> into) {
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int row = 0; row < batch.getRowCount(); row++) {
      // LinkedHashMap: keeps projection order and allows null cells, which Map.of does not.
      Map<String, Object> values = LinkedHashMap.newLinkedHashMap(vectors.size());
      for (FieldVector vector : vectors) {
        values.put(vector.getName(), javaValue(vector.getObject(row)));
      }
      into.add(Collections.unmodifiableMap(values));
    }
  }

  private static Object javaValue(Object arrowValue) {
    // Text is a mutable Arrow type backed by a reused byte array; callers want a String.
    return arrowValue instanceof Text text ? text.toString() : arrowValue;
  }
}
