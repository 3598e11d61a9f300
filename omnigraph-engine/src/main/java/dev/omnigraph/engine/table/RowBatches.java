package dev.omnigraph.engine.table;

import dev.omnigraph.lang.schema.Catalog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Builds an Arrow batch of a type's table from rows of plain Java values: {@code String} for Utf8,
 * {@code Boolean}, {@code Integer} (I32), {@code Long} or {@code Integer} (I64), {@code Float}
 * (F32), {@code Double} or {@code Float} (F64), {@link LocalDate} (Date), {@link Instant}
 * (DateTime, millisecond precision), a {@link List} of those for a list column (items may be null),
 * and a {@code List<Float>} or {@code float[]} of exactly the column's dimension, finite and with
 * no null item, for a Vector (fixed-size float list) column. Other column types are not supported
 * yet.
 */
public final class RowBatches {
  private RowBatches() {}

  /**
   * The rows as a batch of {@code schema}, allocated from {@code allocator}; the caller closes it.
   *
   * @throws IllegalArgumentException naming {@code typeName} and the column, if a row names a
   *     column the schema lacks, leaves a non-null column (such as {@code id}, {@code src}, {@code
   *     dst}) null, gives a value of the wrong Java type, or sets a column of an unsupported type
   */
  public static VectorSchemaRoot toBatch(
      String typeName, Schema schema, List<Map<String, Object>> rows, BufferAllocator allocator) {
    check(typeName, schema, rows);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      for (FieldVector vector : root.getFieldVectors()) {
        String column = vector.getName();
        for (int i = 0; i < rows.size(); i++) {
          Object value = rows.get(i).get(column);
          if (value != null) {
            set(typeName, column, vector, i, value);
          } else if (vector instanceof ListVector list) {
            // A null list still needs its offset, or the next list would start in the wrong place.
            list.setNull(i);
          }
        }
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  // Everything that can be refused is refused before any Arrow memory is allocated.
  private static void check(String typeName, Schema schema, List<Map<String, Object>> rows) {
    Set<String> present = new TreeSet<>();
    for (Map<String, Object> row : rows) {
      row.forEach((column, value) -> {
        if (value != null) {
          present.add(column);
        }
      });
      for (String column : row.keySet()) {
        if (!hasField(schema, column)) {
          throw new IllegalArgumentException(
              "type " + typeName + " has no column '" + column + "'");
        }
      }
    }
    for (Field field : schema.getFields()) {
      if (present.contains(field.getName()) && !supported(field)) {
        throw new IllegalArgumentException(
            "column "
                + typeName
                + "."
                + field.getName()
                + " of Arrow type "
                + field.getType()
                + " is not supported yet");
      }
      if (!field.isNullable()) {
        for (Map<String, Object> row : rows) {
          if (row.get(field.getName()) == null) {
            throw new IllegalArgumentException(
                "column "
                    + typeName
                    + "."
                    + field.getName()
                    + " is required"
                    + (isSystemColumn(field.getName()) ? "" : " (not nullable)")
                    + " but a row has no value for it");
          }
        }
      }
    }
  }

  private static boolean isSystemColumn(String name) {
    return name.equals(Catalog.ID_COLUMN)
        || name.equals(Catalog.SRC_COLUMN)
        || name.equals(Catalog.DST_COLUMN);
  }

  private static boolean hasField(Schema schema, String name) {
    return schema.getFields().stream().anyMatch(f -> f.getName().equals(name));
  }

  private static boolean supported(Field field) {
    return switch (field.getType()) {
      case ArrowType.FixedSizeList l -> vectorItem(field);
      case ArrowType.List l ->
          field.getChildren().size() == 1 && scalar(field.getChildren().getFirst().getType());
      default -> scalar(field.getType());
    };
  }

  private static boolean vectorItem(Field field) {
    return field.getChildren().size() == 1
        && field.getChildren().getFirst().getType() instanceof ArrowType.FloatingPoint f
        && f.getPrecision() == FloatingPointPrecision.SINGLE;
  }

  private static boolean scalar(ArrowType type) {
    return switch (type) {
      case ArrowType.Utf8 u -> true;
      case ArrowType.Bool b -> true;
      case ArrowType.Int i -> i.getIsSigned() && (i.getBitWidth() == 32 || i.getBitWidth() == 64);
      case ArrowType.FloatingPoint f ->
          f.getPrecision() == FloatingPointPrecision.SINGLE
              || f.getPrecision() == FloatingPointPrecision.DOUBLE;
      case ArrowType.Date d -> d.getUnit() == DateUnit.DAY || d.getUnit() == DateUnit.MILLISECOND;
      default -> false;
    };
  }

  private static void set(
      String typeName, String column, FieldVector vector, int row, Object value) {
    switch (vector) {
      case FixedSizeListVector v -> setVector(typeName, column, v, row, value);
      case ListVector v when value instanceof List<?> items -> {
        int start = v.startNewValue(row);
        FieldVector data = v.getDataVector();
        for (int j = 0; j < items.size(); j++) {
          Object item = items.get(j);
          if (item != null) {
            set(typeName, column, data, start + j, item);
          }
        }
        v.endValue(row, items.size());
      }
      case VarCharVector v when value instanceof String s -> v.setSafe(row, new Text(s));
      case BitVector v when value instanceof Boolean b -> v.setSafe(row, b ? 1 : 0);
      case IntVector v when value instanceof Integer n -> v.setSafe(row, n);
      case BigIntVector v when value instanceof Long n -> v.setSafe(row, n);
      case BigIntVector v when value instanceof Integer n -> v.setSafe(row, n.longValue());
      case Float4Vector v when value instanceof Float n -> v.setSafe(row, n);
      case Float8Vector v when value instanceof Double n -> v.setSafe(row, n);
      case Float8Vector v when value instanceof Float n -> v.setSafe(row, n.doubleValue());
      case DateDayVector v when value instanceof LocalDate d ->
          v.setSafe(row, Math.toIntExact(d.toEpochDay()));
      case DateMilliVector v when value instanceof Instant t -> v.setSafe(row, t.toEpochMilli());
      default -> throw wrongValue(typeName, column, vector, value);
    }
  }

  private static void setVector(
      String typeName, String column, FixedSizeListVector v, int row, Object value) {
    int dimension = v.getListSize();
    float[] components =
        switch (value) {
          case float[] array -> array.clone();
          case List<?> items -> {
            float[] out = new float[items.size()];
            for (int j = 0; j < out.length; j++) {
              if (!(items.get(j) instanceof Float f)) {
                throw new IllegalArgumentException(
                    "column "
                        + typeName
                        + "."
                        + column
                        + " is a Vector("
                        + dimension
                        + ") and takes Float components, but item "
                        + j
                        + " is "
                        + (items.get(j) == null
                            ? "null"
                            : "a " + items.get(j).getClass().getSimpleName()));
              }
              out[j] = f;
            }
            yield out;
          }
          default -> throw wrongValue(typeName, column, v, value);
        };
    if (components.length != dimension) {
      throw new IllegalArgumentException(
          "column "
              + typeName
              + "."
              + column
              + " is a Vector("
              + dimension
              + ") but a row gives "
              + components.length
              + " components");
    }
    Float4Vector data = (Float4Vector) v.getDataVector();
    for (int j = 0; j < dimension; j++) {
      if (!Float.isFinite(components[j])) {
        throw new IllegalArgumentException(
            "column "
                + typeName
                + "."
                + column
                + " takes finite vector components, but a row has "
                + components[j]
                + " (no distance can be computed to it)");
      }
      data.setSafe(row * dimension + j, components[j]);
    }
    v.setNotNull(row);
  }

  private static IllegalArgumentException wrongValue(
      String typeName, String column, FieldVector vector, Object value) {
    return new IllegalArgumentException(
        "column "
            + typeName
            + "."
            + column
            + " of Arrow type "
            + vector.getField().getType()
            + " cannot take a "
            + value.getClass().getSimpleName()
            + " value: "
            + value);
  }
}
