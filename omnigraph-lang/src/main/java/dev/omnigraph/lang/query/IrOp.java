package dev.omnigraph.lang.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One step of a read pipeline, run in order over a table of bindings: scans cross-join node rows
 * in, expands follow edges from a bound variable, filters drop rows, anti-joins drop rows for which
 * an inner pipeline matches.
 */
public sealed interface IrOp {
  /**
   * Scans the nodes of {@code typeName} that pass every filter (AND) into columns {@code
   * variable.*}, cross-joined with the rows so far.
   */
  record NodeScan(String variable, String typeName, List<IrFilter> filters) implements IrOp {
    public NodeScan {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(typeName, "typeName");
      filters = List.copyOf(filters);
    }
  }

  /**
   * Replaces each row by one row per node of {@code targetType} reachable from {@code sourceVar}
   * over {@code edgeType} edges in {@code direction} within {@code minHops..maxHops} hops that
   * passes every target filter, bound to {@code targetVar}; with an edge binding, one row per edge
   * instead, its columns bound to that name.
   */
  record Expand(
      String sourceVar,
      String targetVar,
      String edgeType,
      Direction direction,
      String targetType,
      long minHops,
      OptionalLong maxHops,
      List<IrFilter> targetFilters,
      Optional<String> edgeBinding)
      implements IrOp {
    public Expand {
      Objects.requireNonNull(sourceVar, "sourceVar");
      Objects.requireNonNull(targetVar, "targetVar");
      Objects.requireNonNull(edgeType, "edgeType");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(targetType, "targetType");
      Objects.requireNonNull(maxHops, "maxHops");
      targetFilters = List.copyOf(targetFilters);
      Objects.requireNonNull(edgeBinding, "edgeBinding");
    }
  }

  /** Keeps the rows for which the filter holds. */
  record Filter(IrFilter filter) implements IrOp {
    public Filter {
      Objects.requireNonNull(filter, "filter");
    }
  }

  /**
   * Keeps the rows for which {@code inner}, run with that row's bindings, yields no row; {@code
   * outerVar} is the first outer variable the negation references.
   */
  record AntiJoin(String outerVar, List<IrOp> inner) implements IrOp {
    public AntiJoin {
      Objects.requireNonNull(outerVar, "outerVar");
      inner = List.copyOf(inner);
    }
  }
}
