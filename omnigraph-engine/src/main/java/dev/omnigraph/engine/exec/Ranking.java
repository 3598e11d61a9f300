package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrText;
import dev.omnigraph.lang.query.QueryIr;
import java.util.List;
import java.util.Optional;

/**
 * The ranking that orders a query in search mode (spec §4.6, §4.9): its first {@code order} item
 * when that is {@code nearest}, {@code bm25} or {@code rrf}. The ranking orders the scan of one
 * variable; the query's other order keys only break its ties.
 */
sealed interface Ranking {
  /** The rrf constant when a query gives none (spec §4.9). */
  long DEFAULT_RRF_K = 60;

  /** The variable whose scan is ranked. */
  String variable();

  /** One ranking of a variable's nodes by a score of one property. */
  sealed interface Arm extends Ranking {
    String property();

    /** The call as the query wrote it, for messages. */
    IrExpr call();
  }

  /** Nodes by ascending distance of {@code property} to a query vector. */
  record Nearest(String variable, String property, IrExpr query, IrExpr call) implements Arm {}

  /** Nodes matching a text query, by descending BM25 score of {@code property}. */
  record Bm25(String variable, String property, IrExpr query, IrExpr call) implements Arm {}

  /** Reciprocal rank fusion of two arms over the same variable. */
  record Fused(Arm primary, Arm secondary, Optional<IrExpr> k) implements Ranking {
    @Override
    public String variable() {
      return primary.variable();
    }
  }

  /**
   * The ranking of {@code ir}, if its first order item ranks; any ranking call elsewhere in {@code
   * order} is refused, as is ranking an aggregate query.
   */
  static Optional<Ranking> of(QueryIr ir) {
    List<QueryIr.IrOrdering> order = ir.order();
    for (int i = 1; i < order.size(); i++) {
      IrExpr later = order.get(i).expr();
      Expressions.searchCall(later)
          .ifPresent(c -> {
            throw new QueryExecutionException(
                Reason.UNSUPPORTED_EXPRESSION,
                "unsupported ordering expression `"
                    + IrText.expr(c)
                    + "`: a ranking (nearest, bm25, rrf) must be the first order item; move it"
                    + " first");
          });
    }
    if (order.isEmpty()) {
      return Optional.empty();
    }
    IrExpr first = order.getFirst().expr();
    Optional<Ranking> ranking =
        switch (first) {
          case IrExpr.Nearest n -> Optional.of(arm(first));
          case IrExpr.Bm25 b -> Optional.of(arm(first));
          case IrExpr.Rrf r -> {
            Arm a = arm(r.primary());
            Arm b = arm(r.secondary());
            if (!a.variable().equals(b.variable())) {
              throw new QueryExecutionException(
                  Reason.UNSUPPORTED_EXPRESSION,
                  "rrf() fuses two rankings of one variable, but `"
                      + IrText.expr(first)
                      + "` ranks `$"
                      + a.variable()
                      + "` and `$"
                      + b.variable()
                      + "`; rank the same variable in both arms");
            }
            yield Optional.of(new Fused(a, b, r.k()));
          }
          default -> Optional.empty();
        };
    if (ranking.isPresent()
        && ir.returns().stream().anyMatch(p -> p.expr() instanceof IrExpr.Aggregate)) {
      throw new QueryExecutionException(
          Reason.UNSUPPORTED_EXPRESSION,
          "`"
              + IrText.expr(first)
              + "` cannot order an aggregate query: a ranking orders rows of the match, and"
              + " aggregation leaves none; order by an aggregate's alias instead");
    }
    return ranking;
  }

  private static Arm arm(IrExpr call) {
    return switch (call) {
      case IrExpr.Nearest n -> new Nearest(n.variable(), n.property(), n.query(), call);
      case IrExpr.Bm25 b -> {
        IrExpr.PropAccess field = field(b.field(), call);
        yield new Bm25(field.variable(), field.property(), b.query(), call);
      }
      default ->
          throw new QueryExecutionException(
              Reason.UNSUPPORTED_EXPRESSION,
              "rrf() fuses nearest() and bm25() rankings, not `" + IrText.expr(call) + "`");
    };
  }

  /** The property a search or ranking call reads, which lowering guarantees is {@code $v.p}. */
  static IrExpr.PropAccess field(IrExpr field, IrExpr call) {
    if (field instanceof IrExpr.PropAccess p) {
      return p;
    }
    throw new QueryExecutionException(
        Reason.UNSUPPORTED_EXPRESSION,
        "`" + IrText.expr(call) + "` must search a property of a bound variable, like `$d.title`");
  }
}
