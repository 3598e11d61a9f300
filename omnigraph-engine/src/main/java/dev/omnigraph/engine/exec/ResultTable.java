package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.Expressions.Operand;
import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.lang.query.Expr.AggregateFunction;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrText;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.query.QueryIr.IrOrdering;
import dev.omnigraph.lang.query.QueryIr.IrProjection;
import dev.omnigraph.lang.query.ResultSchema;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the final binding table into result rows (spec §4.7, §4.8): projection, or grouping and
 * aggregation when any projection aggregates; then a total order (the {@code order} keys with nulls
 * smallest, then every {@code *.id} column by name) and the limit. In search mode the ranking is
 * the first key and the other {@code order} keys break its ties.
 */
final class ResultTable {
  /**
   * A ranking's order of the rows: ascending {@code values}, indexed by the row of {@code
   * variable}'s table that a binding row points to.
   */
  // An array: one value per candidate row, passed along and never compared or hashed.
  @SuppressWarnings("ArrayRecordComponent")
  record Rank(String variable, double[] values) {}

  private final QueryIr ir;
  private final ResultSchema schema;
  private final Map<String, Object> params;
  private final Optional<Rank> rank;

  private ResultTable(
      QueryIr ir, ResultSchema schema, Map<String, Object> params, Optional<Rank> rank) {
    this.ir = ir;
    this.schema = schema;
    this.params = params;
    this.rank = rank;
  }

  /** The result rows of {@code ir} over {@code table}. */
  static List<List<Object>> rows(
      QueryIr ir, ResultSchema schema, Bindings table, Map<String, Object> params) {
    return new ResultTable(ir, schema, params, Optional.empty()).build(table);
  }

  /**
   * The result rows of {@code ir}, a query in search mode, over {@code table} ranked by {@code
   * rank}.
   */
  static List<List<Object>> ranked(
      QueryIr ir, ResultSchema schema, Bindings table, Map<String, Object> params, Rank rank) {
    return new ResultTable(ir, schema, params, Optional.of(rank)).build(table);
  }

  private List<List<Object>> build(Bindings table) {
    if (schema.fields().size() != ir.returns().size()) {
      throw new IllegalArgumentException(
          "result schema has "
              + schema.fields().size()
              + " columns for "
              + ir.returns().size()
              + " projections");
    }
    boolean aggregate = ir.returns().stream().anyMatch(p -> p.expr() instanceof IrExpr.Aggregate);
    for (IrProjection p : ir.returns()) {
      checkProjection(p.expr());
    }
    List<Key> keys = new ArrayList<>();
    // In search mode the first order item is the ranking itself, applied below.
    for (IrOrdering o : ir.order().subList(rank.isPresent() ? 1 : 0, ir.order().size())) {
      keys.add(aggregate ? groupedKey(o) : key(o));
    }
    List<Object[]> rows = aggregate ? aggregate(table) : project(table);
    List<Object[]> ordered =
        aggregate ? orderGrouped(rows, keys) : orderProjected(table, rows, keys);
    long limit = ir.limit().orElse(Long.MAX_VALUE);
    List<List<Object>> out = new ArrayList<>();
    for (Object[] row : ordered) {
      if (out.size() >= limit) {
        break;
      }
      out.add(Arrays.asList(row));
    }
    return out;
  }

  // ---- checks ----

  private static void checkProjection(IrExpr expr) {
    switch (expr) {
      case IrExpr.PropAccess p -> {}
      case IrExpr.Variable v -> {}
      case IrExpr.Param p -> {}
      case IrExpr.Lit l -> {}
      case IrExpr.Aggregate a -> {
        if (a.argument() instanceof IrExpr.Aggregate || a.argument() instanceof IrExpr.AliasRef) {
          throw unsupported("projection", expr);
        }
        checkProjection(a.argument());
      }
      default -> throw unsupported("projection", expr);
    }
  }

  /** An order key: a column of the binding table, or a projection by alias. */
  private record Key(Optional<IrExpr.PropAccess> column, int projection, boolean descending) {}

  private Key key(IrOrdering o) {
    return switch (o.expr()) {
      case IrExpr.PropAccess p -> new Key(Optional.of(p), -1, o.descending());
      case IrExpr.AliasRef a -> new Key(Optional.empty(), aliased(a.name(), o), o.descending());
      default -> throw unsupported("ordering", o.expr());
    };
  }

  /** In an aggregate query every key is a result column: an alias, or an unaliased group key. */
  private Key groupedKey(IrOrdering o) {
    return switch (o.expr()) {
      case IrExpr.AliasRef a -> new Key(Optional.empty(), aliased(a.name(), o), o.descending());
      case IrExpr.PropAccess p -> {
        for (int i = 0; i < ir.returns().size(); i++) {
          IrProjection r = ir.returns().get(i);
          if (r.alias().isEmpty() && r.expr().equals(p)) {
            yield new Key(Optional.empty(), i, o.descending());
          }
        }
        throw new QueryExecutionException(
            Reason.UNSUPPORTED_EXPRESSION,
            "cannot order an aggregate query by `$"
                + p.variable()
                + "."
                + p.property()
                + "`: return it as a group key without an alias, or order by an alias of the"
                + " result");
      }
      default -> throw unsupported("ordering", o.expr());
    };
  }

  private int aliased(String alias, IrOrdering o) {
    for (int i = 0; i < ir.returns().size(); i++) {
      if (ir.returns().get(i).alias().filter(alias::equals).isPresent()) {
        return i;
      }
    }
    throw new QueryExecutionException(
        Reason.UNSUPPORTED_EXPRESSION,
        "cannot order by `"
            + IrText.expr(o.expr())
            + "`: no projection in return is aliased `"
            + alias
            + "`");
  }

  private static QueryExecutionException unsupported(String where, IrExpr expr) {
    return new QueryExecutionException(
        Reason.UNSUPPORTED_EXPRESSION,
        "unsupported "
            + where
            + " expression `"
            + IrText.expr(expr)
            + "`; use `$var.prop`"
            + (where.equals("ordering")
                ? " or a return alias"
                : ", `$var`, a parameter or a literal"));
  }

  // ---- projection ----

  private List<Object[]> project(Bindings table) {
    List<Object[]> rows = new ArrayList<>(table.rows());
    if (table.rows() == 0) {
      return rows;
    }
    List<Operand> operands = new ArrayList<>();
    for (IrProjection p : ir.returns()) {
      operands.add(Expressions.operand(p.expr(), table, params));
    }
    for (int row = 0; row < table.rows(); row++) {
      Object[] values = new Object[operands.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = operands.get(i).at(table, row);
      }
      rows.add(values);
    }
    return rows;
  }

  private List<Object[]> orderProjected(Bindings table, List<Object[]> rows, List<Key> keys) {
    if ((keys.isEmpty() && rank.isEmpty()) || rows.size() < 2) {
      return rows;
    }
    Operand ranking = rank.map(r -> rankOperand(table, r)).orElse(null);
    List<Operand> columns = new ArrayList<>();
    for (Key k : keys) {
      columns.add(k.column().map(c -> Expressions.operand(c, table, params)).orElse(null));
    }
    List<Operand> ids = new ArrayList<>();
    // Every `*.id` column by name: node ids, edge-binding ids, wildcard and temp targets.
    table.slots().stream()
        .map(Bindings.Slot::variable)
        .sorted(Comparator.comparing(v -> v + ".id"))
        .forEach(v -> ids.add(Expressions.operand(new IrExpr.PropAccess(v, "id"), table, params)));
    Comparator<Integer> order =
        (a, b) -> {
          if (ranking != null) {
            int c = Double.compare((Double) ranking.at(table, a), (Double) ranking.at(table, b));
            if (c != 0) {
              return c;
            }
          }
          for (int k = 0; k < keys.size(); k++) {
            Key key = keys.get(k);
            Object x =
                columns.get(k) == null
                    ? rows.get(a)[key.projection()]
                    : columns.get(k).at(table, a);
            Object y =
                columns.get(k) == null
                    ? rows.get(b)[key.projection()]
                    : columns.get(k).at(table, b);
            int c = Values.compareNullsFirst(x, y);
            if (c != 0) {
              return key.descending() ? -c : c;
            }
          }
          for (Operand id : ids) {
            int c = Values.compareNullsFirst(id.at(table, a), id.at(table, b));
            if (c != 0) {
              return c;
            }
          }
          return 0;
        };
    return sorted(rows, order);
  }

  private static Operand rankOperand(Bindings layout, Rank rank) {
    int slot = layout.slotOf(rank.variable());
    if (slot < 0) {
      throw new IllegalStateException("ranked variable " + rank.variable() + " is not bound");
    }
    double[] values = rank.values();
    return (table, row) -> values[table.cell(row, slot)];
  }

  private static List<Object[]> sorted(List<Object[]> rows, Comparator<Integer> order) {
    Integer[] index = new Integer[rows.size()];
    Arrays.setAll(index, i -> i);
    // Arrays.sort on objects is stable: rows equal under every key keep pipeline order.
    Arrays.sort(index, order);
    List<Object[]> out = new ArrayList<>(index.length);
    for (Integer i : index) {
      out.add(rows.get(i));
    }
    return out;
  }

  // ---- aggregation ----

  private List<Object[]> aggregate(Bindings table) {
    int n = ir.returns().size();
    List<Integer> groupColumns = new ArrayList<>();
    List<Integer> aggregateColumns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (ir.returns().get(i).expr() instanceof IrExpr.Aggregate ? aggregateColumns : groupColumns)
          .add(i);
    }
    Map<List<Object>, Accumulator[]> groups = new LinkedHashMap<>();
    if (table.rows() > 0) {
      Operand[] operands = new Operand[n];
      for (int i = 0; i < n; i++) {
        IrExpr e = ir.returns().get(i).expr();
        operands[i] =
            Expressions.operand(e instanceof IrExpr.Aggregate a ? a.argument() : e, table, params);
      }
      for (int row = 0; row < table.rows(); row++) {
        List<Object> groupKey = new ArrayList<>(groupColumns.size());
        for (int i : groupColumns) {
          groupKey.add(operands[i].at(table, row));
        }
        Accumulator[] accumulators =
            groups.computeIfAbsent(groupKey, k -> newAccumulators(aggregateColumns));
        for (int j = 0; j < aggregateColumns.size(); j++) {
          accumulators[j].add(operands[aggregateColumns.get(j)].at(table, row));
        }
      }
    }
    if (groups.isEmpty() && groupColumns.isEmpty()) {
      // No group key: one row even over no input, where count is 0 and the rest null.
      groups.put(List.of(), newAccumulators(aggregateColumns));
    }
    List<Object[]> rows = new ArrayList<>(groups.size());
    for (Map.Entry<List<Object>, Accumulator[]> g : groups.entrySet()) {
      Object[] values = new Object[n];
      for (int j = 0; j < groupColumns.size(); j++) {
        values[groupColumns.get(j)] = g.getKey().get(j);
      }
      for (int j = 0; j < aggregateColumns.size(); j++) {
        values[aggregateColumns.get(j)] = g.getValue()[j].result();
      }
      rows.add(values);
    }
    return rows;
  }

  private Accumulator[] newAccumulators(List<Integer> aggregateColumns) {
    Accumulator[] out = new Accumulator[aggregateColumns.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] =
          new Accumulator(
              ((IrExpr.Aggregate) ir.returns().get(aggregateColumns.get(j)).expr()).function());
    }
    return out;
  }

  private List<Object[]> orderGrouped(List<Object[]> rows, List<Key> keys) {
    if (rows.size() < 2) {
      return rows;
    }
    List<Integer> ids = new ArrayList<>();
    List<String> names = schema.names();
    names.stream()
        .filter(name -> name.endsWith(".id"))
        .sorted()
        .distinct()
        .forEach(name -> ids.add(names.indexOf(name)));
    if (keys.isEmpty() && ids.isEmpty()) {
      return rows;
    }
    Comparator<Integer> order =
        (a, b) -> {
          for (Key key : keys) {
            int c =
                Values.compareNullsFirst(
                    rows.get(a)[key.projection()], rows.get(b)[key.projection()]);
            if (c != 0) {
              return key.descending() ? -c : c;
            }
          }
          for (int id : ids) {
            int c = Values.compareNullsFirst(rows.get(a)[id], rows.get(b)[id]);
            if (c != 0) {
              return c;
            }
          }
          return 0;
        };
    return sorted(rows, order);
  }

  /** One aggregate over one group: non-null values only. */
  private static final class Accumulator {
    private final AggregateFunction function;
    private long count;
    private BigDecimal exactSum = BigDecimal.ZERO;
    private double floatSum;
    private boolean nonFinite;
    private Object best;

    Accumulator(AggregateFunction function) {
      this.function = function;
    }

    void add(Object value) {
      if (value == null) {
        return;
      }
      count++;
      switch (function) {
        case COUNT -> {}
        case SUM, AVG -> {
          Number n = (Number) value;
          if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
              nonFinite = true;
              floatSum += d;
              return;
            }
            exactSum = exactSum.add(new BigDecimal(d));
          } else {
            exactSum = exactSum.add(BigDecimal.valueOf(n.longValue()));
          }
        }
        case MIN -> {
          if (best == null || Values.compare(value, best) < 0) {
            best = value;
          }
        }
        case MAX -> {
          if (best == null || Values.compare(value, best) > 0) {
            best = value;
          }
        }
      }
    }

    /** count as Long; sum and avg as Double (null over no value); min and max as the input. */
    Object result() {
      return switch (function) {
        case COUNT -> count;
        case SUM -> count == 0 ? null : (nonFinite ? floatSum : exactSum.doubleValue());
        case AVG -> {
          if (count == 0) {
            yield null;
          }
          if (nonFinite) {
            yield floatSum / count;
          }
          // The exact sum divided once: the mean does not depend on the order rows came in.
          yield exactSum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue();
        }
        case MIN, MAX -> best;
      };
    }
  }
}
