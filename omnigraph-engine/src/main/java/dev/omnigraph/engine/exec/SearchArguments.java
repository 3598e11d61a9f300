package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The constant arguments of search and ranking calls (query text, query vector, fuzzy edits, rrf
 * constant): literals or parameters, evaluated once per query, never per row.
 */
final class SearchArguments {
  /** Edits a fuzzy match allows when the query does not say (spec §4.9). */
  static final long DEFAULT_MAX_EDITS = 2;

  private SearchArguments() {}

  /** The text of a query argument; empty when it is null, which matches nothing. */
  static Optional<String> text(IrExpr query, IrExpr call, Map<String, Object> params) {
    Object value = constant(query, call, params);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      return Optional.of(s);
    }
    throw invalid(call, "its query must be a String, got " + value);
  }

  /** The query vector of {@code nearest}, which must have {@code dimension} finite components. */
  static List<Float> vector(IrExpr query, IrExpr call, int dimension, Map<String, Object> params) {
    Object value = constant(query, call, params);
    return switch (value) {
      case null ->
          throw invalid(call, "its query vector is null; pass a Vector(" + dimension + ")");
      case String s ->
          throw new QueryExecutionException(
              Reason.NOT_SUPPORTED,
              "`"
                  + IrText.expr(call)
                  + "` ranks by a text query, which needs an embedding model to turn the text into"
                  + " a vector, and this engine has none yet; pass a Vector("
                  + dimension
                  + ") parameter instead");
      case List<?> items -> floats(items, call, dimension);
      default -> throw invalid(call, "its query must be a vector, got " + value);
    };
  }

  private static List<Float> floats(List<?> items, IrExpr call, int dimension) {
    if (items.size() != dimension) {
      throw invalid(
          call,
          "its query vector has "
              + items.size()
              + " components, and the property holds Vector("
              + dimension
              + ")");
    }
    List<Float> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof Number n) || !Float.isFinite(n.floatValue())) {
        throw invalid(call, "its query vector must hold finite numbers, got " + item);
      }
      out.add(n.floatValue());
    }
    return out;
  }

  /** An integer argument, or {@code fallback} when it is absent or null. */
  static long integer(
      Optional<IrExpr> argument, IrExpr call, long fallback, Map<String, Object> params) {
    if (argument.isEmpty()) {
      return fallback;
    }
    Object value = constant(argument.get(), call, params);
    return switch (value) {
      case null -> fallback;
      case Integer i -> i;
      case Long l -> l;
      default -> throw invalid(call, "its integer argument is " + value);
    };
  }

  private static Object constant(IrExpr expr, IrExpr call, Map<String, Object> params) {
    return switch (expr) {
      case IrExpr.Lit l -> Values.ofLiteral(l.value());
      case IrExpr.Param p -> Expressions.param(p.name(), params);
      default ->
          throw new QueryExecutionException(
              Reason.UNSUPPORTED_EXPRESSION,
              "`"
                  + IrText.expr(call)
                  + "` takes its query and options as literals or parameters, not `"
                  + IrText.expr(expr)
                  + "`; pass the value as a parameter");
    };
  }

  static QueryExecutionException invalid(IrExpr call, String problem) {
    return new QueryExecutionException(
        Reason.INVALID_VALUE, "cannot run `" + IrText.expr(call) + "`: " + problem);
  }
}
