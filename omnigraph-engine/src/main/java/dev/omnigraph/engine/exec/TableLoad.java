package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.OpenTable;
import dev.omnigraph.engine.table.ScanFilter;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Consumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Reads the columns a query needs from one table version into a {@link LoadedTable}, copying each
 * Arrow batch into Java values typed by the catalog (see {@link QueryResult} for the mapping).
 */
final class TableLoad {
  private TableLoad() {}

  /**
   * The rows of {@code version} that pass {@code filter}, with {@code columns} (name to type; the
   * system columns are non-null Strings).
   */
  static LoadedTable load(
      Tables tables,
      TableVersion version,
      String typeName,
      SequencedMap<String, PropType> columns,
      Optional<ScanFilter> filter) {
    Copy copy = new Copy(typeName, columns, Optional.empty());
    tables.scanBatches(version, List.copyOf(columns.keySet()), filter, copy::add);
    return copy.table();
  }

  /**
   * The rows of the open {@code table} that pass each of {@code filters} in turn (every row for
   * {@code Optional.empty()}), in that order, with {@code columns}.
   */
  static LoadedTable load(
      OpenTable table,
      String typeName,
      SequencedMap<String, PropType> columns,
      List<Optional<ScanFilter>> filters) {
    Copy copy = new Copy(typeName, columns, Optional.empty());
    List<String> names = List.copyOf(columns.keySet());
    for (Optional<ScanFilter> filter : filters) {
      table.scanBatches(names, filter, copy::add);
    }
    return copy.table();
  }

  /** Rows a search found, each with the score the search gave it. */
  // An array: one score per row, passed along and never compared or hashed.
  @SuppressWarnings("ArrayRecordComponent")
  record Scored(LoadedTable table, float[] scores) {}

  /**
   * The rows a search streams to the consumer {@code search} is given, with {@code columns} and the
   * Float32 {@code scoreColumn} Lance adds to each batch.
   */
  static Scored loadScored(
      String typeName,
      SequencedMap<String, PropType> columns,
      String scoreColumn,
      Consumer<Consumer<VectorSchemaRoot>> search) {
    Copy copy = new Copy(typeName, columns, Optional.of(scoreColumn));
    search.accept(copy::add);
    LoadedTable table = copy.table();
    float[] scores = new float[copy.scores.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = copy.scores.get(i);
    }
    return new Scored(table, scores);
  }

  /** Copies batches into Java values, column by column. */
  private static final class Copy {
    private final String typeName;
    private final SequencedMap<String, PropType> columns;
    private final Optional<String> scoreColumn;
    private final Map<String, List<Object>> values = new LinkedHashMap<>();
    private final List<Float> scores = new ArrayList<>();
    private int rows;

    Copy(String typeName, SequencedMap<String, PropType> columns, Optional<String> scoreColumn) {
      this.typeName = typeName;
      this.columns = columns;
      this.scoreColumn = scoreColumn;
      columns.keySet().forEach(c -> values.put(c, new ArrayList<>()));
    }

    void add(VectorSchemaRoot batch) {
      int n = batch.getRowCount();
      for (Map.Entry<String, PropType> c : columns.entrySet()) {
        FieldVector vector = vector(batch, typeName, c.getKey());
        List<Object> into = values.get(c.getKey());
        for (int i = 0; i < n; i++) {
          into.add(read(vector, i, c.getValue(), typeName, c.getKey()));
        }
      }
      if (scoreColumn.isPresent()) {
        Float4Vector score = (Float4Vector) vector(batch, typeName, scoreColumn.get());
        for (int i = 0; i < n; i++) {
          if (score.isNull(i)) {
            throw new QueryExecutionException(
                Reason.STATE_MISMATCH,
                "a search of " + typeName + " returned a row without its " + scoreColumn.get());
          }
          scores.add(score.get(i));
        }
      }
      rows += n;
    }

    LoadedTable table() {
      Map<String, Object[]> arrays = HashMap.newHashMap(values.size());
      values.forEach((name, list) -> arrays.put(name, list.toArray()));
      return new LoadedTable(typeName, rows, arrays);
    }
  }

  private static FieldVector vector(VectorSchemaRoot batch, String typeName, String column) {
    FieldVector v = batch.getVector(column);
    if (v == null) {
      throw new QueryExecutionException(
          Reason.STATE_MISMATCH, "the table of " + typeName + " has no column " + column);
    }
    return v;
  }

  private static Object read(
      ValueVector vector, int i, PropType type, String typeName, String column) {
    if (vector.isNull(i)) {
      return null;
    }
    if (type.list()) {
      ListVector list = (ListVector) vector;
      int start = list.getElementStartIndex(i);
      int end = list.getElementEndIndex(i);
      PropType element = PropType.of(type.scalar(), true);
      List<Object> items = new ArrayList<>(end - start);
      for (int j = start; j < end; j++) {
        items.add(read(list.getDataVector(), j, element, typeName, column));
      }
      return Collections.unmodifiableList(items);
    }
    if (type.scalar() instanceof VectorType) {
      FixedSizeListVector fixed = (FixedSizeListVector) vector;
      Float4Vector data = (Float4Vector) fixed.getDataVector();
      int size = fixed.getListSize();
      List<Object> items = new ArrayList<>(size);
      for (int j = i * size; j < (i + 1) * size; j++) {
        items.add(data.isNull(j) ? null : data.get(j));
      }
      return Collections.unmodifiableList(items);
    }
    BaseType base = (BaseType) type.scalar();
    return switch (base) {
      case STRING -> new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
      case BOOL -> ((BitVector) vector).get(i) != 0;
      case I32 -> ((IntVector) vector).get(i);
      case I64 -> ((BigIntVector) vector).get(i);
      case U32 -> Integer.toUnsignedLong(((UInt4Vector) vector).get(i));
      case U64 -> {
        long raw = ((UInt8Vector) vector).get(i);
        if (raw < 0) {
          throw new QueryExecutionException(
              Reason.STATE_MISMATCH,
              "value "
                  + Long.toUnsignedString(raw)
                  + " of "
                  + typeName
                  + "."
                  + column
                  + " exceeds the engine's U64 range (max "
                  + Long.MAX_VALUE
                  + ")");
        }
        yield raw;
      }
      case F32 -> ((Float4Vector) vector).get(i);
      case F64 -> ((Float8Vector) vector).get(i);
      case DATE -> LocalDate.ofEpochDay(((DateDayVector) vector).get(i));
      case DATE_TIME -> Instant.ofEpochMilli(((DateMilliVector) vector).get(i));
      case BLOB ->
          throw new QueryExecutionException(
              Reason.UNSUPPORTED_EXPRESSION,
              "Blob column " + typeName + "." + column + " cannot be read by a query");
    };
  }
}
