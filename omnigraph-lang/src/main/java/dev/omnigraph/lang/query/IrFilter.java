package dev.omnigraph.lang.query;

import java.util.Objects;

/**
 * One comparison {@code left op right} of the query IR; {@link CompOp#CONTAINS} always means list
 * membership and {@link CompOp#STRING_CONTAINS} substring, so the executor dispatches on the op.
 */
public record IrFilter(IrExpr left, CompOp op, IrExpr right) {
  public IrFilter {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(right, "right");
  }
}
