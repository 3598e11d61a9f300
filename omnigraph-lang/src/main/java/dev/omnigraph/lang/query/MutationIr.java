package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.PropType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * A mutation query lowered for execution: its parameters in declaration order and its statements in
 * source order, every value a literal or a parameter; a mutation either only inserts and updates or
 * only deletes.
 */
public record MutationIr(String name, SequencedMap<String, PropType> params, List<Op> ops) {
  public MutationIr {
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
    ops = List.copyOf(ops);
  }

  /** One statement; its target type is a node type or an edge type as {@code kind} says. */
  public sealed interface Op {
    String typeName();

    TargetKind kind();
  }

  /** Inserts one node or edge (for edges, {@code from} and {@code to} carry the endpoint ids). */
  public record Insert(String typeName, TargetKind kind, List<Assignment> assignments)
      implements Op {
    public Insert {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(kind, "kind");
      assignments = List.copyOf(assignments);
    }
  }

  /** Sets properties on every node of {@code typeName} that matches the predicate. */
  public record Update(String typeName, List<Assignment> assignments, Predicate predicate)
      implements Op {
    public Update {
      Objects.requireNonNull(typeName, "typeName");
      assignments = List.copyOf(assignments);
      Objects.requireNonNull(predicate, "predicate");
    }

    /** Only node types are updated. */
    @Override
    public TargetKind kind() {
      return TargetKind.NODE;
    }
  }

  /** Deletes every node or edge of {@code typeName} that matches the predicate. */
  public record Delete(String typeName, TargetKind kind, Predicate predicate) implements Op {
    public Delete {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(predicate, "predicate");
    }
  }

  /** {@code property: value}. */
  public record Assignment(String property, IrExpr.Value value) {
    public Assignment {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code property op value}. */
  public record Predicate(String property, CompOp op, IrExpr.Value value) {
    public Predicate {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }
  }
}
