package dev.omnigraph.lang.query;

import java.util.Optional;

/**
 * An expression of the query IR: the AST's expressions with {@code now()} and declared parameters
 * turned into {@link Param}s, so the executor never consults the query's declarations.
 */
public sealed interface IrExpr {
  /** The parameter the engine binds to the request's timestamp; {@code now()} lowers to it. */
  String NOW_PARAM = "__nanograph_now";

  /** {@code var.prop}: a column of the binding table. */
  record PropAccess(String variable, String property) implements IrExpr {}

  /** Vector distance of {@code variable.property} to {@code query}, for ordering. */
  record Nearest(String variable, String property, IrExpr query) implements IrExpr {}

  /** Full-text match of {@code query} in {@code field}. */
  record Search(IrExpr field, IrExpr query) implements IrExpr {}

  /** Fuzzy full-text match of {@code query} in {@code field}, within {@code maxEdits} edits. */
  record Fuzzy(IrExpr field, IrExpr query, Optional<IrExpr> maxEdits) implements IrExpr {}

  /** Full-text match of {@code query} in {@code field} (the same match as {@link Search}). */
  record MatchText(IrExpr field, IrExpr query) implements IrExpr {}

  /** BM25 score of {@code query} against {@code field}, for ordering. */
  record Bm25(IrExpr field, IrExpr query) implements IrExpr {}

  /** Reciprocal rank fusion of two rankings with constant {@code k}, for ordering. */
  record Rrf(IrExpr primary, IrExpr secondary, Optional<IrExpr> k) implements IrExpr {}

  /** A bound variable used bare: a node variable (its id) or an undeclared {@code $name}. */
  record Variable(String name) implements IrExpr {}

  /** {@code count|sum|avg|min|max(argument)}. */
  record Aggregate(Expr.AggregateFunction function, IrExpr argument) implements IrExpr {}

  /** A reference to the projection aliased {@code name}. */
  record AliasRef(String name) implements IrExpr {}

  /** A value known before execution: the only operands a mutation's assignments take. */
  sealed interface Value extends IrExpr {}

  /** A constant. */
  record Lit(Literal value) implements Value {}

  /** A declared parameter, or {@link #NOW_PARAM}, bound at run time. */
  record Param(String name) implements Value {}
}
