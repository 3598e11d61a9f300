package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One clause of a {@code match} block. */
public sealed interface Clause {
  Span span();

  /** {@code $var: Type { prop: value, ... }}. */
  record Binding(String variable, String typeName, List<PropMatch> propMatches, Span span)
      implements Clause {
    public Binding {
      propMatches = List.copyOf(propMatches);
    }
  }

  /** One {@code prop: value} inside a binding. */
  record PropMatch(String property, MatchValue value, Span span) {}

  /**
   * {@code $src [$edgeVar:]edge[{min,max}] $dst}, or with {@code <edge>} for either direction. A
   * bare traversal has hops {@code 1..1}; {@code {a,}} leaves the maximum open.
   */
  record Traversal(
      String source,
      String edgeName,
      String target,
      long minHops,
      OptionalLong maxHops,
      boolean undirected,
      Optional<String> edgeBinding,
      Span span)
      implements Clause {}

  /** {@code left op right}; a bare search call is {@code call = true}. */
  record Filter(Expr left, CompOp op, Expr right, Span span) implements Clause {}

  /** {@code not { clauses }}: no match of the inner clauses may exist. */
  record Negation(List<Clause> clauses, Span span) implements Clause {
    public Negation {
      clauses = List.copyOf(clauses);
    }
  }
}
