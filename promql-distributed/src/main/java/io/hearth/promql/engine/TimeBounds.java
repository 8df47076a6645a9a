package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;

/**
 * The time span a query reads ({@code FindMinMaxTime}): every selector's window, shifted by its
 * offset and {@code @}, through any enclosing subqueries; used to open one querier per query.
 */
final class TimeBounds {
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;
  private final QueryContext ctx;

  private TimeBounds(QueryContext ctx) {
    this.ctx = ctx;
  }

  static long[] of(Expr e, QueryContext ctx, long start, long end) {
    TimeBounds b = new TimeBounds(ctx);
    b.visit(e, start, end);
    if (b.max == Long.MIN_VALUE) {
      return new long[] {0, 0};
    }
    return new long[] {b.min, b.max};
  }

  private void visit(Expr e, long start, long end) {
    long step = ctx.queryStep;
    long range = ctx.durationRange();
    if (e instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) e;
      long off = DurationValues.millis(vs.offset(), ctx, true);
      long s = vs.at() != null ? ctx.atTime(vs.at()) : start;
      long en = vs.at() != null ? ctx.atTime(vs.at()) : end;
      add(s - off - ctx.lookbackMs + 1, en - off + (vs.smoothed() ? ctx.lookbackMs : 0));
    } else if (e instanceof MatrixSelector) {
      MatrixSelector ms = (MatrixSelector) e;
      VectorSelector vs = ms.selector();
      long off = DurationValues.millis(vs.offset(), ctx, true);
      long s = vs.at() != null ? ctx.atTime(vs.at()) : start;
      long en = vs.at() != null ? ctx.atTime(vs.at()) : end;
      boolean extended = vs.anchored() || vs.smoothed();
      add(s - off - DurationValues.millis(ms.range(), ctx, false) + 1 - (extended ? ctx.lookbackMs : 0),
          en - off + (vs.smoothed() ? ctx.lookbackMs : 0));
    } else if (e instanceof SubqueryExpr) {
      SubqueryExpr sq = (SubqueryExpr) e;
      long off = DurationValues.millis(sq.offset(), ctx, true);
      long s = sq.at() != null ? ctx.atTime(sq.at()) : start;
      long en = sq.at() != null ? ctx.atTime(sq.at()) : end;
      visit(sq.expr(), s - off - DurationValues.millis(sq.range(), ctx, false), en - off);
    } else if (e instanceof ParenExpr) {
      visit(((ParenExpr) e).expr(), start, end);
    } else if (e instanceof UnaryExpr) {
      visit(((UnaryExpr) e).expr(), start, end);
    } else if (e instanceof BinaryExpr) {
      visit(((BinaryExpr) e).lhs(), start, end);
      visit(((BinaryExpr) e).rhs(), start, end);
    } else if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      visit(a.expr(), start, end);
      if (a.param() != null) {
        visit(a.param(), start, end);
      }
    } else if (e instanceof Call) {
      for (Expr a : ((Call) e).args()) {
        visit(a, start, end);
      }
    }
  }

  private void add(long s, long e) {
    min = Math.min(min, s);
    max = Math.max(max, e);
  }
}
