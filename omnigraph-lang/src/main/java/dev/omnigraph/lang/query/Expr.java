package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.Span;
import java.util.Optional;

/** An expression in a filter, projection or ordering. */
public sealed interface Expr {
  Span span();

  /** {@code now()}: the request's timestamp. */
  record Now(Span span) implements Expr, MatchValue {}

  /** {@code $var.prop}. */
  record PropAccess(String variable, String property, Span span) implements Expr {}

  /** {@code nearest($var.prop, query)}: vector distance, for ordering. */
  record Nearest(String variable, String property, Expr query, Span span) implements Expr {}

  /** {@code search(field, query)}: full-text match. */
  record Search(Expr field, Expr query, Span span) implements Expr {}

  /** {@code fuzzy(field, query[, maxEdits])}: fuzzy full-text match. */
  record Fuzzy(Expr field, Expr query, Optional<Expr> maxEdits, Span span) implements Expr {}

  /** {@code match_text(field, query)}: full-text match. */
  record MatchText(Expr field, Expr query, Span span) implements Expr {}

  /** {@code bm25(field, query)}: full-text score, for ordering. */
  record Bm25(Expr field, Expr query, Span span) implements Expr {}

  /** {@code rrf(a, b[, k])}: reciprocal rank fusion of two rankings, for ordering. */
  record Rrf(Expr primary, Expr secondary, Optional<Expr> k, Span span) implements Expr {}

  /** {@code $name}: a parameter or a bound variable. */
  record Variable(String name, Span span) implements Expr, MatchValue {}

  /** A constant. */
  record Lit(Literal value, Span span) implements Expr, MatchValue {}

  /** {@code count|sum|avg|min|max(arg)}. */
  record Aggregate(AggregateFunction function, Expr argument, Span span) implements Expr {}

  /** A bare name: a reference to a projection's alias. */
  record AliasRef(String name, Span span) implements Expr {}

  /** The aggregate functions. */
  enum AggregateFunction {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX;

    /** The function's name as written. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
