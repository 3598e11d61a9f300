package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.Span;

/**
 * A value a property is matched against or assigned: a literal, a {@code $variable} or {@code
 * now()}.
 */
public sealed interface MatchValue permits Expr.Lit, Expr.Variable, Expr.Now {
  Span span();
}
