package dev.omnigraph.lang.query;

import dev.omnigraph.lang.schema.PropType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;

/**
 * A read query lowered for execution: its parameters in declaration order, the pipeline that builds
 * the binding table, then the projections, ordering and limit applied to that table.
 */
public record QueryIr(
    String name,
    SequencedMap<String, PropType> params,
    List<IrOp> pipeline,
    List<IrProjection> returns,
    List<IrOrdering> order,
    OptionalLong limit) {
  public QueryIr {
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
    pipeline = List.copyOf(pipeline);
    returns = List.copyOf(returns);
    order = List.copyOf(order);
    Objects.requireNonNull(limit, "limit");
  }

  /** One result column: an expression and its alias, if the query gave one. */
  public record IrProjection(IrExpr expr, Optional<String> alias) {
    public IrProjection {
      Objects.requireNonNull(expr, "expr");
      Objects.requireNonNull(alias, "alias");
    }
  }

  /** One sort key. */
  public record IrOrdering(IrExpr expr, boolean descending) {
    public IrOrdering {
      Objects.requireNonNull(expr, "expr");
    }
  }
}
