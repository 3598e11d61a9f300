package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.query.IrText;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles IR expressions against the slots of a binding table into operands that read one row, so
 * a column lookup is resolved once per operator rather than once per row.
 */
final class Expressions {
  private static final String RANKING_PLACE =
      "a ranking (nearest, bm25, rrf) is only the first item of `order`";
  private static final String SEARCH_PLACE =
      "a full-text filter (search, fuzzy, match_text) is only a match clause of its own";

  private Expressions() {}

  /** The value of an expression at one row of a binding table laid out as compiled for. */
  @FunctionalInterface
  interface Operand {
    Object at(Bindings table, int row);
  }

  /** Whether a filter holds at one row of a binding table laid out as compiled for. */
  @FunctionalInterface
  interface RowTest {
    boolean test(Bindings table, int row);
  }

  /** {@code filter} over tables laid out like {@code layout}. */
  static RowTest filter(IrFilter filter, Bindings layout, Map<String, Object> params) {
    Operand left = operand(filter.left(), layout, params);
    Operand right = operand(filter.right(), layout, params);
    return (table, row) -> Values.test(filter.op(), left.at(table, row), right.at(table, row));
  }

  /**
   * {@code expr} over tables laid out like {@code layout}: a property of a bound variable, a bare
   * node variable (its id), a parameter or a literal.
   */
  static Operand operand(IrExpr expr, Bindings layout, Map<String, Object> params) {
    return switch (expr) {
      case IrExpr.PropAccess p -> column(layout, p.variable(), p.property());
      case IrExpr.Variable v -> {
        if (layout.slotOf(v.name()) < 0) {
          throw new QueryExecutionException(
              Reason.UNSUPPORTED_EXPRESSION, "variable `$" + v.name() + "` is not bound here");
        }
        yield column(layout, v.name(), "id");
      }
      case IrExpr.Param p -> {
        Object value = param(p.name(), params);
        yield (table, row) -> value;
      }
      case IrExpr.Lit l -> {
        Object value = Values.ofLiteral(l.value());
        yield (table, row) -> value;
      }
      case IrExpr.Aggregate a -> throw unsupported(expr, "an aggregate is only allowed in return");
      case IrExpr.AliasRef a -> throw unsupported(expr, "an alias can only be referenced in order");
      case IrExpr.Nearest n -> throw unsupported(expr, RANKING_PLACE);
      case IrExpr.Bm25 b -> throw unsupported(expr, RANKING_PLACE);
      case IrExpr.Rrf r -> throw unsupported(expr, RANKING_PLACE);
      case IrExpr.Search s -> throw unsupported(expr, SEARCH_PLACE);
      case IrExpr.Fuzzy f -> throw unsupported(expr, SEARCH_PLACE);
      case IrExpr.MatchText m -> throw unsupported(expr, SEARCH_PLACE);
    };
  }

  private static Operand column(Bindings layout, String variable, String property) {
    int slot = layout.slotOf(variable);
    if (slot < 0) {
      throw new QueryExecutionException(
          Reason.UNSUPPORTED_EXPRESSION,
          "variable `$"
              + variable
              + "` is not bound where `$"
              + variable
              + "."
              + property
              + "` is read");
    }
    Object[] values = layout.slots().get(slot).table().column(property);
    return (table, row) -> values[table.cell(row, slot)];
  }

  /** The value bound to parameter {@code name}. */
  static Object param(String name, Map<String, Object> params) {
    if (!params.containsKey(name)) {
      throw new QueryExecutionException(
          Reason.MISSING_PARAMETER, "parameter '" + name + "' not provided; pass a value for it");
    }
    return params.get(name);
  }

  /** The variables {@code expr} reads (property owners and bare variables). */
  static Set<String> variables(IrExpr expr) {
    Set<String> out = new LinkedHashSet<>();
    collectVariables(expr, out);
    return out;
  }

  /** The variables {@code filter} reads. */
  static Set<String> variables(IrFilter filter) {
    Set<String> out = new LinkedHashSet<>();
    collectVariables(filter.left(), out);
    collectVariables(filter.right(), out);
    return out;
  }

  private static void collectVariables(IrExpr expr, Set<String> out) {
    switch (expr) {
      case IrExpr.PropAccess p -> out.add(p.variable());
      case IrExpr.Variable v -> out.add(v.name());
      case IrExpr.Nearest n -> {
        out.add(n.variable());
        collectVariables(n.query(), out);
      }
      case IrExpr.Search s -> {
        collectVariables(s.field(), out);
        collectVariables(s.query(), out);
      }
      case IrExpr.Fuzzy f -> {
        collectVariables(f.field(), out);
        collectVariables(f.query(), out);
        f.maxEdits().ifPresent(m -> collectVariables(m, out));
      }
      case IrExpr.MatchText m -> {
        collectVariables(m.field(), out);
        collectVariables(m.query(), out);
      }
      case IrExpr.Bm25 b -> {
        collectVariables(b.field(), out);
        collectVariables(b.query(), out);
      }
      case IrExpr.Rrf r -> {
        collectVariables(r.primary(), out);
        collectVariables(r.secondary(), out);
        r.k().ifPresent(k -> collectVariables(k, out));
      }
      case IrExpr.Aggregate a -> collectVariables(a.argument(), out);
      case IrExpr.AliasRef a -> {}
      case IrExpr.Lit l -> {}
      case IrExpr.Param p -> {}
    }
  }

  /** The first search or ranking call in {@code expr}, if any. */
  static Optional<IrExpr> searchCall(IrExpr expr) {
    return switch (expr) {
      case IrExpr.Nearest n -> Optional.of(n);
      case IrExpr.Search s -> Optional.of(s);
      case IrExpr.Fuzzy f -> Optional.of(f);
      case IrExpr.MatchText m -> Optional.of(m);
      case IrExpr.Bm25 b -> Optional.of(b);
      case IrExpr.Rrf r -> Optional.of(r);
      case IrExpr.Aggregate a -> searchCall(a.argument());
      case IrExpr.PropAccess p -> Optional.empty();
      case IrExpr.Variable v -> Optional.empty();
      case IrExpr.AliasRef a -> Optional.empty();
      case IrExpr.Lit l -> Optional.empty();
      case IrExpr.Param p -> Optional.empty();
    };
  }

  private static QueryExecutionException unsupported(IrExpr expr, String why) {
    return new QueryExecutionException(
        Reason.UNSUPPORTED_EXPRESSION, "cannot evaluate `" + IrText.expr(expr) + "`: " + why);
  }
}
