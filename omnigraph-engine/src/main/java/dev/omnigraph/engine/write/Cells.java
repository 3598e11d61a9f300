package dev.omnigraph.engine.write;

import dev.omnigraph.engine.exec.ValueOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Cell values of the write side as plain Java objects, and their Arrow encoding: {@code String},
 * {@code Boolean}, {@code Integer} (I32), {@code Long} (I64, U32, U64), {@code Float} (F32), {@code
 * Double} (F64), {@link LocalDate} (Date), {@link Instant} of whole milliseconds (DateTime), an
 * unmodifiable {@code List} (lists, and vectors as {@code Float}s), {@code byte[]} (Blob); null for
 * a missing value. Also the one comparison mutation predicates use (see {@link #test}).
 */
final class Cells {

  private Cells() {}

  /** The value at {@code row} of {@code vector}, or null. */
  static Object read(ValueVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    return switch (vector) {
      case VarCharVector v -> new String(v.get(row), StandardCharsets.UTF_8);
      case BitVector v -> v.get(row) != 0;
      case IntVector v -> v.get(row);
      case BigIntVector v -> v.get(row);
      case UInt4Vector v -> Integer.toUnsignedLong(v.get(row));
      case UInt8Vector v -> v.get(row);
      case Float4Vector v -> v.get(row);
      case Float8Vector v -> v.get(row);
      case DateDayVector v -> LocalDate.ofEpochDay(v.get(row));
      case DateMilliVector v -> Instant.ofEpochMilli(v.get(row));
      case LargeVarBinaryVector v -> v.get(row);
      case ListVector v -> {
        int start = v.getOffsetBuffer().getInt((long) row * ListVector.OFFSET_WIDTH);
        int end = v.getOffsetBuffer().getInt((long) (row + 1) * ListVector.OFFSET_WIDTH);
        List<Object> items = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          items.add(read(v.getDataVector(), i));
        }
        yield Collections.unmodifiableList(items);
      }
      case FixedSizeListVector v -> {
        int size = v.getListSize();
        List<Object> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          items.add(read(v.getDataVector(), row * size + i));
        }
        yield Collections.unmodifiableList(items);
      }
      default ->
          throw new IllegalStateException(
              "column " + vector.getName() + " has an Arrow type the engine does not store");
    };
  }

  /** Sets {@code row} of {@code vector} to the non-null cell {@code value}. */
  static void write(FieldVector vector, int row, Object value) {
    switch (vector) {
      case VarCharVector v when value instanceof String s ->
          v.setSafe(row, s.getBytes(StandardCharsets.UTF_8));
      case BitVector v when value instanceof Boolean b -> v.setSafe(row, b ? 1 : 0);
      case IntVector v when value instanceof Integer n -> v.setSafe(row, n);
      case BigIntVector v when value instanceof Long n -> v.setSafe(row, n);
      case UInt4Vector v when value instanceof Long n -> v.setSafe(row, (int) n.longValue());
      case UInt8Vector v when value instanceof Long n -> v.setSafe(row, n);
      case Float4Vector v when value instanceof Float n -> v.setSafe(row, n);
      case Float8Vector v when value instanceof Double n -> v.setSafe(row, n);
      case DateDayVector v when value instanceof LocalDate d ->
          v.setSafe(row, Math.toIntExact(d.toEpochDay()));
      case DateMilliVector v when value instanceof Instant t -> v.setSafe(row, t.toEpochMilli());
      case LargeVarBinaryVector v when value instanceof byte[] bytes -> v.setSafe(row, bytes);
      case ListVector v when value instanceof List<?> items -> {
        int start = v.startNewValue(row);
        FieldVector data = v.getDataVector();
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) == null) {
            data.setNull(start + i);
          } else {
            write(data, start + i, items.get(i));
          }
        }
        v.endValue(row, items.size());
      }
      case FixedSizeListVector v when value instanceof List<?> items -> {
        int size = v.getListSize();
        if (items.size() != size) {
          throw new IllegalArgumentException(
              "column " + v.getName() + " holds " + size + " values per row, got " + items.size());
        }
        v.setNotNull(row);
        FieldVector data = v.getDataVector();
        for (int i = 0; i < size; i++) {
          write(data, row * size + i, items.get(i));
        }
      }
      default ->
          throw new IllegalStateException(
              "column "
                  + vector.getName()
                  + " of Arrow type "
                  + vector.getField().getType()
                  + " cannot hold a "
                  + value.getClass().getSimpleName());
    }
  }

  /** A rough count of the bytes {@code value} takes in a batch, for the staging limit. */
  static long size(Object value) {
    return switch (value) {
      case null -> 1;
      case String s -> 4L + s.length();
      case byte[] b -> 8L + b.length;
      case List<?> l -> {
        long n = 4;
        for (Object item : l) {
          n += size(item);
        }
        yield n;
      }
      default -> 8;
    };
  }

  /**
   * Whether {@code left op right} holds under SQL three-valued logic collapsed to a row filter: a
   * null operand never matches (so {@code !=} also drops nulls).
   */
  static boolean test(dev.omnigraph.lang.query.CompOp op, Object left, Object right) {
    if (left == null || right == null) {
      return false;
    }
    return switch (op) {
      case EQ -> compare(left, right) == 0;
      case NE -> compare(left, right) != 0;
      case LT -> compare(left, right) < 0;
      case LE -> compare(left, right) <= 0;
      case GT -> compare(left, right) > 0;
      case GE -> compare(left, right) >= 0;
      case CONTAINS -> {
        if (!(left instanceof List<?> items)) {
          throw incomparable("test list membership of", left, right);
        }
        for (Object item : items) {
          if (item != null && compare(item, right) == 0) {
            yield true;
          }
        }
        yield false;
      }
      case STRING_CONTAINS -> text(left, right).contains((String) right);
      case STARTS_WITH -> text(left, right).startsWith((String) right);
    };
  }

  private static String text(Object left, Object right) {
    if (!(left instanceof String s) || !(right instanceof String)) {
      throw incomparable("test a substring of", left, right);
    }
    return s;
  }

  /**
   * The order of two non-null values of comparable kinds: numbers by exact value across integer and
   * float types, strings by code point (UTF-8 byte order), {@code false < true}, dates and
   * date-times chronologically, lists element by element (null first).
   */
  static int compare(Object a, Object b) {
    return switch (a) {
      case Number x when b instanceof Number y -> ValueOrder.compareNumbers(x, y);
      case String x when b instanceof String y -> ValueOrder.compareStrings(x, y);
      case Boolean x when b instanceof Boolean y -> Boolean.compare(x, y);
      case LocalDate x when b instanceof LocalDate y -> x.compareTo(y);
      case Instant x when b instanceof Instant y -> x.compareTo(y);
      case List<?> x when b instanceof List<?> y -> compareLists(x, y);
      default -> throw incomparable("compare", a, b);
    };
  }

  private static int compareLists(List<?> a, List<?> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c = x == null || y == null ? Boolean.compare(x != null, y != null) : compare(x, y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static IllegalArgumentException incomparable(String what, Object a, Object b) {
    return new IllegalArgumentException(
        "cannot "
            + what
            + " a "
            + a.getClass().getSimpleName()
            + " value with a "
            + b.getClass().getSimpleName()
            + " value");
  }
}
