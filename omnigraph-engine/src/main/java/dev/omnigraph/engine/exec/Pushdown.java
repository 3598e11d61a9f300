package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.table.ScanFilter;
import dev.omnigraph.engine.table.ScanFilter.Comparison;
import dev.omnigraph.lang.query.CompOp;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a filter on one scanned node variable into a storage {@link ScanFilter} when, and only
 * when, Lance evaluates it with exactly the semantics of the in-memory evaluator ({@link Values}):
 * a property compared with a constant of a type the column holds exactly, a prefix or substring
 * test on a String property, or membership in a list of String. Anything else (null constants,
 * integers outside the column's range, fractions against integer columns, floats an F32 column
 * cannot hold, sub-millisecond date-times, unsigned columns, two properties) stays in memory.
 */
final class Pushdown {
  private static final long EXACT_DOUBLE_INTEGER = 1L << 53;
  private static final long EXACT_FLOAT_INTEGER = 1L << 24;

  private Pushdown() {}

  /** {@code filter} as a scan filter of {@code type}'s table scanned as {@code variable}. */
  static Optional<ScanFilter> translate(
      IrFilter filter, String variable, Catalog.NodeType type, Map<String, Object> params) {
    CompOp op = filter.op();
    Optional<String> left = property(filter.left(), variable);
    Optional<String> right = property(filter.right(), variable);
    String column;
    IrExpr constant;
    if (left.isPresent() && right.isEmpty()) {
      column = left.get();
      constant = filter.right();
    } else if (right.isPresent() && left.isEmpty() && flipped(op).isPresent()) {
      column = right.get();
      constant = filter.left();
      op = flipped(op).get();
    } else {
      return Optional.empty();
    }
    Optional<Object> value = constant(constant, params);
    Optional<PropType> columnType = columnType(type, column);
    if (value.isEmpty() || columnType.isEmpty()) {
      return Optional.empty();
    }
    PropType t = columnType.get();
    Object v = value.get();
    CompOp applied = op;
    return switch (applied) {
      case EQ, NE, LT, LE, GT, GE ->
          exactValue(t, v).map(x -> new ScanFilter.Compare(column, comparison(applied), x));
      case STARTS_WITH -> text(t, v).map(x -> (ScanFilter) new ScanFilter.StartsWith(column, x));
      case STRING_CONTAINS -> text(t, v).map(x -> (ScanFilter) new ScanFilter.Contains(column, x));
      case CONTAINS -> {
        if (t.list()
            && t.scalar() == BaseType.STRING
            && v instanceof String s
            && representable(s)) {
          yield Optional.of(new ScanFilter.ListHas(column, new ScanFilter.Text(s)));
        }
        yield Optional.empty();
      }
    };
  }

  /** The property of {@code variable} that {@code expr} reads, if it is one. */
  private static Optional<String> property(IrExpr expr, String variable) {
    if (expr instanceof IrExpr.PropAccess p && p.variable().equals(variable)) {
      return Optional.of(p.property());
    }
    return Optional.empty();
  }

  /** The non-null value of a literal or parameter. */
  private static Optional<Object> constant(IrExpr expr, Map<String, Object> params) {
    return switch (expr) {
      case IrExpr.Lit l -> Optional.ofNullable(Values.ofLiteral(l.value()));
      case IrExpr.Param p -> Optional.ofNullable(params.get(p.name()));
      default -> Optional.empty();
    };
  }

  private static Optional<PropType> columnType(Catalog.NodeType type, String column) {
    if (column.equals(Catalog.ID_COLUMN) && !type.properties().containsKey(column)) {
      return Optional.of(PropType.of(BaseType.STRING, false));
    }
    return Optional.ofNullable(type.properties().get(column));
  }

  /** {@code a op b} is {@code b op' a}: only for the order comparisons. */
  private static Optional<CompOp> flipped(CompOp op) {
    return switch (op) {
      case EQ -> Optional.of(CompOp.EQ);
      case NE -> Optional.of(CompOp.NE);
      case LT -> Optional.of(CompOp.GT);
      case LE -> Optional.of(CompOp.GE);
      case GT -> Optional.of(CompOp.LT);
      case GE -> Optional.of(CompOp.LE);
      case CONTAINS, STRING_CONTAINS, STARTS_WITH -> Optional.empty();
    };
  }

  private static Comparison comparison(CompOp op) {
    return switch (op) {
      case EQ -> Comparison.EQ;
      case NE -> Comparison.NE;
      case LT -> Comparison.LT;
      case LE -> Comparison.LE;
      case GT -> Comparison.GT;
      case GE -> Comparison.GE;
      default -> throw new IllegalArgumentException("not a comparison: " + op);
    };
  }

  private static Optional<ScanFilter.Text> text(PropType t, Object v) {
    if (!t.list() && t.scalar() == BaseType.STRING && v instanceof String s && representable(s)) {
      return Optional.of(new ScanFilter.Text(s));
    }
    return Optional.empty();
  }

  private static boolean representable(String s) {
    try {
      new ScanFilter.Text(s);
      return true;
    } catch (IllegalArgumentException controlCharacters) {
      return false;
    }
  }

  /** {@code v} as a constant Lance compares with a column of type {@code t} exactly. */
  private static Optional<ScanFilter.Value> exactValue(PropType t, Object v) {
    if (t.list() || !(t.scalar() instanceof BaseType base)) {
      return Optional.empty();
    }
    return switch (base) {
      case STRING ->
          v instanceof String s && representable(s)
              ? Optional.of(new ScanFilter.Text(s))
              : Optional.empty();
      case BOOL -> v instanceof Boolean b ? Optional.of(new ScanFilter.Bool(b)) : Optional.empty();
      case I32 ->
          integral(v)
              .filter(n -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE)
              .map(ScanFilter.Int::new);
      case I64 -> integral(v).map(ScanFilter.Int::new);
      case F64 -> {
        if (v instanceof Double || v instanceof Float) {
          double d = ((Number) v).doubleValue();
          yield ScanFilter.Real.representable(d)
              ? Optional.of(new ScanFilter.Real(d))
              : Optional.empty();
        }
        yield integral(v)
            .filter(n -> Math.abs(n) <= EXACT_DOUBLE_INTEGER)
            .map(n -> new ScanFilter.Real(n));
      }
      case F32 -> {
        if (v instanceof Double || v instanceof Float) {
          double d = ((Number) v).doubleValue();
          // Lance narrows the constant to the column's F32, which is exact only for these.
          yield ScanFilter.Real.representable(d) && (double) (float) d == d
              ? Optional.of(new ScanFilter.Real(d))
              : Optional.empty();
        }
        yield integral(v)
            .filter(n -> Math.abs(n) <= EXACT_FLOAT_INTEGER)
            .map(n -> new ScanFilter.Real(n));
      }
      case DATE -> v instanceof LocalDate d ? Optional.of(new ScanFilter.Day(d)) : Optional.empty();
      case DATE_TIME ->
          v instanceof Instant i && i.truncatedTo(ChronoUnit.MILLIS).equals(i)
              ? Optional.of(new ScanFilter.Millis(i))
              : Optional.empty();
      case U32, U64, BLOB -> Optional.empty();
    };
  }

  private static Optional<Long> integral(Object v) {
    return v instanceof Integer || v instanceof Long
        ? Optional.of(((Number) v).longValue())
        : Optional.empty();
  }
}
