package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.Expr.AggregateFunction;
import dev.omnigraph.lang.schema.PropType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.SequencedMap;

/** The type of a result column: a scalar value, a node's columns, or an aggregate's result. */
public sealed interface ResultType {
  /** The type as messages and tools show it, e.g. {@code I32?}, {@code Person}, {@code count}. */
  String displayName();

  /** A property, parameter, literal or {@code now()} value of {@code type}. */
  record Scalar(PropType type) implements ResultType {
    public Scalar {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String displayName() {
      return type.displayName();
    }
  }

  /**
   * A bare node variable: a struct of the node's readable columns in the catalog's column order
   * ({@code id}, then every non-Blob property by name).
   */
  record Node(String typeName, SequencedMap<String, PropType> columns) implements ResultType {
    public Node {
      Objects.requireNonNull(typeName, "typeName");
      columns = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(columns));
    }

    @Override
    public String displayName() {
      return typeName;
    }
  }

  /**
   * The result of {@code function}: {@code I64} for count, {@code F64} for sum and avg, the
   * argument's type for min and max; always nullable.
   */
  record Aggregate(AggregateFunction function, PropType type) implements ResultType {
    public Aggregate {
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String displayName() {
      return function.word() + " " + type.displayName();
    }
  }
}
