package dev.omnigraph.engine.exec;

import dev.omnigraph.lang.query.CompOp;
import dev.omnigraph.lang.query.Direction;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.query.IrOp;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.schema.Catalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive reading of the spec's read semantics (§4), used as the oracle of the
 * executor's property test: rows are maps from variable to record, every lookup scans a list,
 * negation runs its inner pipeline once per outer row, and values compare through BigDecimal and
 * UTF-8 bytes. It shares no code with the executor.
 */
final class NaiveReads {
  /** The graph: node records by type and edge records by type, each with its {@code id}. */
  record Graph(
      Catalog catalog,
      Map<String, List<Map<String, Object>>> nodes,
      Map<String, List<Map<String, Object>>> edges) {}

  private final Graph graph;
  private final Map<String, Object> params;

  private NaiveReads(Graph graph, Map<String, Object> params) {
    this.graph = graph;
    this.params = params;
  }

  /** The result rows of {@code ir}. */
  static List<List<Object>> run(Graph graph, QueryIr ir, Map<String, Object> params) {
    NaiveReads n = new NaiveReads(graph, params);
    List<Map<String, Map<String, Object>>> rows = new ArrayList<>();
    rows.add(new LinkedHashMap<>());
    rows = n.pipeline(ir.pipeline(), rows);
    return n.result(ir, rows);
  }

  private List<Map<String, Map<String, Object>>> pipeline(
      List<IrOp> ops, List<Map<String, Map<String, Object>>> rows) {
    for (IrOp op : ops) {
      List<Map<String, Map<String, Object>>> next = new ArrayList<>();
      for (Map<String, Map<String, Object>> row : rows) {
        switch (op) {
          case IrOp.NodeScan s -> {
            for (Map<String, Object> node : graph.nodes().get(type(s.typeName()))) {
              Map<String, Map<String, Object>> r = with(row, s.variable(), node);
              if (s.filters().stream().allMatch(f -> holds(f, r))) {
                next.add(r);
              }
            }
          }
          case IrOp.Expand e -> next.addAll(expand(e, row));
          case IrOp.Filter f -> {
            if (holds(f.filter(), row)) {
              next.add(row);
            }
          }
          case IrOp.AntiJoin a -> {
            if (pipeline(a.inner(), List.of(row)).isEmpty()) {
              next.add(row);
            }
          }
        }
      }
      rows = next;
    }
    return rows;
  }

  private String type(String name) {
    return graph.catalog().node(name).orElseThrow().name();
  }

  private static Map<String, Map<String, Object>> with(
      Map<String, Map<String, Object>> row, String var, Map<String, Object> record) {
    Map<String, Map<String, Object>> r = new LinkedHashMap<>(row);
    r.put(var, record);
    return r;
  }

  private List<Map<String, Map<String, Object>>> expand(
      IrOp.Expand e, Map<String, Map<String, Object>> row) {
    Catalog.EdgeType edgeType = graph.catalog().edge(e.edgeType()).orElseThrow();
    List<Map<String, Object>> edges = graph.edges().get(edgeType.name());
    List<Map<String, Object>> targets = graph.nodes().get(type(e.targetType()));
    String start = (String) row.get(e.sourceVar()).get("id");
    List<Map<String, Map<String, Object>>> out = new ArrayList<>();
    if (e.edgeBinding().isPresent()) {
      List<Object[]> hits = new ArrayList<>();
      for (int i = 0; i < edges.size(); i++) {
        Map<String, Object> edge = edges.get(i);
        boolean loop = edge.get("src").equals(edge.get("dst"));
        if (e.direction() != Direction.IN && edge.get("src").equals(start)) {
          hits.add(new Object[] {edge, edge.get("dst"), i});
        }
        if (e.direction() != Direction.OUT
            && edge.get("dst").equals(start)
            && !(e.direction() == Direction.BOTH && loop)) {
          hits.add(new Object[] {edge, edge.get("src"), i});
        }
      }
      hits.sort(
          Comparator.<Object[], byte[]>comparing(
                  h -> utf8(((Map<?, ?>) h[0]).get("id")), NaiveReads::bytes)
              .thenComparing(h -> utf8(h[1]), NaiveReads::bytes)
              .thenComparing(h -> (Integer) h[2]));
      for (Object[] h : hits) {
        for (Map<String, Object> node : targets) {
          if (node.get("id").equals(h[1])) {
            @SuppressWarnings("unchecked") // the hit's first element is an edge record
            Map<String, Object> edge = (Map<String, Object>) h[0];
            Map<String, Map<String, Object>> r =
                with(with(row, e.targetVar(), node), e.edgeBinding().get(), edge);
            if (e.targetFilters().stream().allMatch(f -> holds(f, r))) {
              out.add(r);
            }
          }
        }
      }
      return out;
    }
    boolean same = edgeType.fromType().equals(edgeType.toType());
    Set<String> visited = new HashSet<>();
    if (same) {
      visited.add(start);
    }
    Set<String> emitted = new LinkedHashSet<>();
    List<String> frontier = List.of(start);
    long hops = same ? e.maxHops().getAsLong() : 1;
    for (long hop = 1; hop <= hops; hop++) {
      List<String> next = new ArrayList<>();
      for (String node : frontier) {
        List<String> neighbours = new ArrayList<>();
        for (Map<String, Object> edge : edges) {
          if (e.direction() != Direction.IN && edge.get("src").equals(node)) {
            neighbours.add((String) edge.get("dst"));
          }
        }
        for (Map<String, Object> edge : edges) {
          if (e.direction() != Direction.OUT && edge.get("dst").equals(node)) {
            neighbours.add((String) edge.get("src"));
          }
        }
        for (String nb : neighbours) {
          if (same && nb.equals(node)) {
            if (hop >= e.minHops()) {
              emitted.add(nb);
            }
          } else if (!same || !visited.contains(nb)) {
            visited.add(nb);
            next.add(nb);
            if (hop >= e.minHops()) {
              emitted.add(nb);
            }
          }
        }
      }
      frontier = next;
    }
    for (String id : emitted) {
      for (Map<String, Object> node : targets) {
        if (node.get("id").equals(id)) {
          Map<String, Map<String, Object>> r = with(row, e.targetVar(), node);
          if (e.targetFilters().stream().allMatch(f -> holds(f, r))) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  // ---- values ----

  private Object value(IrExpr e, Map<String, Map<String, Object>> row) {
    return switch (e) {
      case IrExpr.PropAccess p -> row.get(p.variable()).get(p.property());
      case IrExpr.Variable v -> row.get(v.name()).get("id");
      case IrExpr.Param p -> params.get(p.name());
      case IrExpr.Lit l -> literal(l.value());
      default -> throw new IllegalArgumentException("naive reads cannot evaluate " + e);
    };
  }

  private static Object literal(Literal l) {
    return switch (l) {
      case Literal.StringLiteral s -> s.value();
      case Literal.IntegerLiteral i -> i.value();
      case Literal.FloatLiteral f -> f.value();
      case Literal.BoolLiteral b -> b.value();
      case Literal.NullLiteral n -> null;
      default -> throw new IllegalArgumentException("naive reads do not parse " + l);
    };
  }

  private boolean holds(IrFilter f, Map<String, Map<String, Object>> row) {
    Object a = value(f.left(), row);
    Object b = value(f.right(), row);
    if (a == null || b == null) {
      return false;
    }
    CompOp op = f.op();
    return switch (op) {
      case EQ -> order(a, b) == 0;
      case NE -> order(a, b) != 0;
      case LT -> order(a, b) < 0;
      case LE -> order(a, b) <= 0;
      case GT -> order(a, b) > 0;
      case GE -> order(a, b) >= 0;
      case STARTS_WITH -> ((String) a).startsWith((String) b);
      case STRING_CONTAINS -> ((String) a).contains((String) b);
      case CONTAINS -> ((List<?>) a).stream().anyMatch(x -> x != null && order(x, b) == 0);
    };
  }

  /**
   * Strings by UTF-8 bytes; numbers exactly, except that floats follow IEEE total order (NaN above
   * everything, -0.0 below 0), the order Arrow uses.
   */
  static int order(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return bytes(utf8(x), utf8(y));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof Number x && b instanceof Number y) {
      boolean xf = x instanceof Double || x instanceof Float;
      boolean yf = y instanceof Double || y instanceof Float;
      if (xf && yf) {
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
      if (xf) {
        return floatVsInteger(x.doubleValue(), y.longValue());
      }
      if (yf) {
        return -floatVsInteger(y.doubleValue(), x.longValue());
      }
      return BigDecimal.valueOf(x.longValue()).compareTo(BigDecimal.valueOf(y.longValue()));
    }
    throw new IllegalArgumentException("naive reads cannot order " + a + " and " + b);
  }

  private static int floatVsInteger(double d, long n) {
    if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
      return 1;
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return -1;
    }
    int c = new BigDecimal(d).compareTo(BigDecimal.valueOf(n));
    if (c == 0 && n == 0 && Double.doubleToRawLongBits(d) != 0) {
      return -1; // -0.0 sits below 0 in total order
    }
    return c;
  }

  private static byte[] utf8(Object s) {
    return ((String) s).getBytes(StandardCharsets.UTF_8);
  }

  private static int bytes(byte[] a, byte[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static int nullsFirst(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return order(a, b);
  }

  // ---- results ----

  private List<List<Object>> result(QueryIr ir, List<Map<String, Map<String, Object>>> rows) {
    boolean aggregate = ir.returns().stream().anyMatch(p -> p.expr() instanceof IrExpr.Aggregate);
    List<List<Object>> out = new ArrayList<>();
    if (aggregate) {
      Map<List<Object>, List<Map<String, Map<String, Object>>>> groups = new LinkedHashMap<>();
      for (Map<String, Map<String, Object>> row : rows) {
        List<Object> key = new ArrayList<>();
        for (QueryIr.IrProjection p : ir.returns()) {
          if (!(p.expr() instanceof IrExpr.Aggregate)) {
            key.add(value(p.expr(), row));
          }
        }
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      }
      boolean keyless = ir.returns().stream().allMatch(p -> p.expr() instanceof IrExpr.Aggregate);
      if (groups.isEmpty() && keyless) {
        groups.put(List.of(), List.of());
      }
      for (Map.Entry<List<Object>, List<Map<String, Map<String, Object>>>> g : groups.entrySet()) {
        List<Object> values = new ArrayList<>();
        int k = 0;
        for (QueryIr.IrProjection p : ir.returns()) {
          values.add(
              p.expr() instanceof IrExpr.Aggregate a
                  ? aggregate(a, g.getValue())
                  : g.getKey().get(k++));
        }
        out.add(values);
      }
      sortGrouped(ir, out);
    } else {
      List<Map<String, Map<String, Object>>> sorted = new ArrayList<>(rows);
      if (!ir.order().isEmpty()) {
        sorted.sort(rowOrder(ir));
      }
      for (Map<String, Map<String, Object>> row : sorted) {
        List<Object> values = new ArrayList<>();
        for (QueryIr.IrProjection p : ir.returns()) {
          values.add(value(p.expr(), row));
        }
        out.add(values);
      }
    }
    long limit = ir.limit().orElse(Long.MAX_VALUE);
    return out.size() > limit ? out.subList(0, (int) limit) : out;
  }

  private Comparator<Map<String, Map<String, Object>>> rowOrder(QueryIr ir) {
    return (a, b) -> {
      for (QueryIr.IrOrdering o : ir.order()) {
        int c =
            switch (o.expr()) {
              case IrExpr.PropAccess p -> nullsFirst(value(p, a), value(p, b));
              case IrExpr.AliasRef ref -> {
                IrExpr target =
                    ir.returns().stream()
                        .filter(p -> p.alias().filter(ref.name()::equals).isPresent())
                        .findFirst()
                        .orElseThrow()
                        .expr();
                yield nullsFirst(value(target, a), value(target, b));
              }
              default -> throw new IllegalArgumentException("naive order " + o.expr());
            };
        if (c != 0) {
          return o.descending() ? -c : c;
        }
      }
      List<String> vars = new ArrayList<>(a.keySet());
      vars.sort(Comparator.comparing(v -> v + ".id"));
      for (String v : vars) {
        int c = nullsFirst(a.get(v).get("id"), b.get(v).get("id"));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  private static void sortGrouped(QueryIr ir, List<List<Object>> rows) {
    rows.sort((a, b) -> {
      for (QueryIr.IrOrdering o : ir.order()) {
        int column = -1;
        for (int i = 0; i < ir.returns().size(); i++) {
          QueryIr.IrProjection p = ir.returns().get(i);
          boolean byAlias =
              o.expr() instanceof IrExpr.AliasRef ref
                  && p.alias().filter(ref.name()::equals).isPresent();
          boolean byKey = p.alias().isEmpty() && p.expr().equals(o.expr());
          if (byAlias || byKey) {
            column = i;
            break;
          }
        }
        int c = nullsFirst(a.get(column), b.get(column));
        if (c != 0) {
          return o.descending() ? -c : c;
        }
      }
      return 0;
    });
  }

  private Object aggregate(IrExpr.Aggregate a, List<Map<String, Map<String, Object>>> rows) {
    List<Object> values = new ArrayList<>();
    for (Map<String, Map<String, Object>> row : rows) {
      Object v = value(a.argument(), row);
      if (v != null) {
        values.add(v);
      }
    }
    return switch (a.function()) {
      case COUNT -> (long) values.size();
      case SUM, AVG -> {
        if (values.isEmpty()) {
          yield null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Object v : values) {
          sum = sum.add(new BigDecimal(((Number) v).toString()));
        }
        yield a.function() == dev.omnigraph.lang.query.Expr.AggregateFunction.SUM
            ? sum.doubleValue()
            : sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128).doubleValue();
      }
      case MIN -> values.stream().min(NaiveReads::order).orElse(null);
      case MAX -> values.stream().max(NaiveReads::order).orElse(null);
    };
  }
}
