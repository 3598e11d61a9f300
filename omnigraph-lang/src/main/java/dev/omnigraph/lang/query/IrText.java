package dev.omnigraph.lang.query;

import dev.omnigraph.lang.schema.PropType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A compact, stable text form of lowered queries, independent of the records' {@code toString}, for
 * golden tests and plan explanations; one op per line at the top level, nested pipelines inline.
 *
 * <p>Ops: {@code NodeScan(p:Person, [p.name = $n])}, {@code Expand(p->f:Person, w:Knows{1,3}, Out,
 * [f.age > 3])} (edge binding, hop bounds other than {@code 1..1} and target filters only when
 * present), {@code Filter(__temp_a.id = a.id)}, {@code AntiJoin(p, [op; op])}. Expressions: {@code
 * p.name}, {@code $param}, {@code var(x)} (a bare variable), {@code alias(x)}, literals as written
 * in a query, calls as written with {@code $v.p} arguments shown as {@code v.p}. {@link
 * CompOp#STRING_CONTAINS} shows as {@code string_contains}, {@link CompOp#CONTAINS} (membership) as
 * {@code contains}.
 */
public final class IrText {
  private IrText() {}

  /**
   * The query on several lines: {@code query name($p: T, ...)}, each pipeline op indented by two
   * spaces, then {@code return ...}, {@code order ...} and {@code limit n} when present.
   */
  public static String render(QueryIr ir) {
    StringBuilder out = new StringBuilder("query ").append(header(ir.name(), ir.params()));
    for (IrOp op : ir.pipeline()) {
      out.append("\n  ").append(op(op));
    }
    out.append("\nreturn ")
        .append(
            join(ir.returns(), p -> expr(p.expr()) + p.alias().map(a -> " as " + a).orElse("")));
    if (!ir.order().isEmpty()) {
      out.append("\norder ")
          .append(join(ir.order(), o -> expr(o.expr()) + (o.descending() ? " desc" : " asc")));
    }
    ir.limit().ifPresent(n -> out.append("\nlimit ").append(n));
    return out.toString();
  }

  /** The mutation on several lines: {@code mutation name(...)}, then one statement per line. */
  public static String render(MutationIr ir) {
    StringBuilder out = new StringBuilder("mutation ").append(header(ir.name(), ir.params()));
    for (MutationIr.Op op : ir.ops()) {
      out.append("\n  ").append(mutationOp(op));
    }
    return out.toString();
  }

  /** A pipeline on one line, ops separated by {@code "; "}. */
  public static String pipeline(List<IrOp> ops) {
    return ops.stream().map(IrText::op).collect(Collectors.joining("; "));
  }

  /** One op on one line. */
  public static String op(IrOp op) {
    return switch (op) {
      case IrOp.NodeScan s ->
          "NodeScan(" + s.variable() + ":" + s.typeName() + filters(s.filters()) + ")";
      case IrOp.Expand e ->
          "Expand("
              + e.sourceVar()
              + "->"
              + e.targetVar()
              + ":"
              + e.targetType()
              + ", "
              + e.edgeBinding().map(b -> b + ":").orElse("")
              + e.edgeType()
              + hops(e.minHops(), e.maxHops())
              + ", "
              + direction(e.direction())
              + filters(e.targetFilters())
              + ")";
      case IrOp.Filter f -> "Filter(" + filter(f.filter()) + ")";
      case IrOp.AntiJoin a -> "AntiJoin(" + a.outerVar() + ", [" + pipeline(a.inner()) + "])";
    };
  }

  /** {@code left op right}. */
  public static String filter(IrFilter f) {
    return expr(f.left()) + " " + op(f.op()) + " " + expr(f.right());
  }

  /** One expression. */
  public static String expr(IrExpr e) {
    return switch (e) {
      case IrExpr.PropAccess p -> p.variable() + "." + p.property();
      case IrExpr.Nearest n ->
          "nearest(" + n.variable() + "." + n.property() + ", " + expr(n.query()) + ")";
      case IrExpr.Search s -> call("search", s.field(), s.query(), Optional.empty());
      case IrExpr.Fuzzy f -> call("fuzzy", f.field(), f.query(), f.maxEdits());
      case IrExpr.MatchText m -> call("match_text", m.field(), m.query(), Optional.empty());
      case IrExpr.Bm25 b -> call("bm25", b.field(), b.query(), Optional.empty());
      case IrExpr.Rrf r -> call("rrf", r.primary(), r.secondary(), r.k());
      case IrExpr.Variable v -> "var(" + v.name() + ")";
      case IrExpr.Aggregate a -> a.function().word() + "(" + expr(a.argument()) + ")";
      case IrExpr.AliasRef a -> "alias(" + a.name() + ")";
      case IrExpr.Lit l -> literal(l.value());
      case IrExpr.Param p -> "$" + p.name();
    };
  }

  /** A literal as a query would write it; {@code null} for the null value. */
  public static String literal(Literal l) {
    return switch (l) {
      case Literal.NullLiteral n -> "null";
      case Literal.StringLiteral s -> quote(s.value());
      case Literal.IntegerLiteral i -> Long.toString(i.value());
      case Literal.FloatLiteral f -> Double.toString(f.value());
      case Literal.BoolLiteral b -> Boolean.toString(b.value());
      case Literal.DateLiteral d -> "date(" + quote(d.text()) + ")";
      case Literal.DateTimeLiteral d -> "datetime(" + quote(d.text()) + ")";
      case Literal.ListLiteral list -> "[" + join(list.items(), IrText::literal) + "]";
    };
  }

  private static String mutationOp(MutationIr.Op op) {
    String kind = op.kind().name().toLowerCase(Locale.ROOT);
    return switch (op) {
      case MutationIr.Insert i ->
          "insert " + kind + " " + i.typeName() + " " + assignments(i.assignments());
      case MutationIr.Update u ->
          "update "
              + kind
              + " "
              + u.typeName()
              + " set "
              + assignments(u.assignments())
              + " where "
              + predicate(u.predicate());
      case MutationIr.Delete d ->
          "delete " + kind + " " + d.typeName() + " where " + predicate(d.predicate());
    };
  }

  private static String assignments(List<MutationIr.Assignment> assignments) {
    return "{" + join(assignments, a -> a.property() + ": " + expr(a.value())) + "}";
  }

  private static String predicate(MutationIr.Predicate p) {
    return p.property() + " " + op(p.op()) + " " + expr(p.value());
  }

  private static String header(String name, SequencedMap<String, PropType> params) {
    return name
        + "("
        + join(
            List.copyOf(params.entrySet()),
            (Map.Entry<String, PropType> p) -> "$" + p.getKey() + ": " + p.getValue().displayName())
        + ")";
  }

  private static String call(String name, IrExpr a, IrExpr b, Optional<IrExpr> c) {
    return name + "(" + expr(a) + ", " + expr(b) + c.map(x -> ", " + expr(x)).orElse("") + ")";
  }

  private static String filters(List<IrFilter> filters) {
    return filters.isEmpty() ? "" : ", [" + join(filters, IrText::filter) + "]";
  }

  private static String hops(long min, OptionalLong max) {
    if (min == 1 && max.isPresent() && max.getAsLong() == 1) {
      return "";
    }
    return "{" + min + "," + (max.isPresent() ? Long.toString(max.getAsLong()) : "") + "}";
  }

  private static String direction(Direction d) {
    return switch (d) {
      case OUT -> "Out";
      case IN -> "In";
      case BOTH -> "Both";
    };
  }

  private static String op(CompOp op) {
    return op == CompOp.STRING_CONTAINS ? "string_contains" : op.symbol();
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static <T> String join(List<T> items, Function<T, String> show) {
    return items.stream().map(show).collect(Collectors.joining(", "));
  }
}
