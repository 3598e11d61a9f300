package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.Span;
import java.util.List;

/** One statement of a mutation query. */
public sealed interface Mutation {
  /** The node or edge type the statement targets. */
  String typeName();

  Span span();

  /** {@code insert Type { prop: value ... }}. */
  record Insert(String typeName, List<Assignment> assignments, Span span) implements Mutation {
    public Insert {
      assignments = List.copyOf(assignments);
    }
  }

  /** {@code update Type set { prop: value ... } where predicate}. */
  record Update(String typeName, List<Assignment> assignments, Predicate predicate, Span span)
      implements Mutation {
    public Update {
      assignments = List.copyOf(assignments);
    }
  }

  /** {@code delete Type where predicate}. */
  record Delete(String typeName, Predicate predicate, Span span) implements Mutation {}

  /** {@code prop: value}. */
  record Assignment(String property, MatchValue value, Span span) {}

  /** {@code prop op value}: exactly one comparison. */
  record Predicate(String property, CompOp op, MatchValue value, Span span) {}
}
