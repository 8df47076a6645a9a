package io.hearth.promql.engine;

import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import java.util.List;

/**
 * Subqueries {@code expr[range:step]}: the inner expression is evaluated once, at steps aligned to
 * absolute multiples of the subquery step, over the union of every outer step's window {@code
 * (t - offset - range, t - offset]}. The result then serves as the samples of a range selector.
 */
final class SubqueryEval {
  private SubqueryEval() {}

  /** The resolved timing of one subquery for an evaluator. */
  static final class Timing {
    long offset;
    long range;
    long step;
    boolean pinned;
    long at;

    long ref(long ts) {
      return (pinned ? at : ts) - offset;
    }
  }

  static Timing timing(Evaluator ev, SubqueryExpr sq) {
    QueryContext ctx = ev.ctx;
    Timing t = new Timing();
    t.offset = DurationValues.millis(sq.offset(), ctx, true);
    t.range = DurationValues.millis(sq.range(), ctx, false);
    t.step = sq.step() == null ? 0 : DurationValues.millis(sq.step(), ctx, sq.step().isLiteral());
    if (t.step <= 0) {
      t.step = QueryContext.DEFAULT_SUBQUERY_STEP_MS;
    }
    t.pinned = sq.at() != null;
    t.at = t.pinned ? ctx.atTime(sq.at()) : 0;
    return t;
  }

  /** The inner expression's series over every window the outer steps need. */
  static List<EvalSeries> inner(Evaluator ev, SubqueryExpr sq, Timing t) {
    long refStart = t.ref(ev.start);
    long refEnd = t.ref(ev.end);
    long first = refStart - t.range;
    long subStart = Math.floorDiv(first, t.step) * t.step + t.step;
    List<EvalSeries> res = ev.withRange(subStart, refEnd, t.step).series(sq.expr());
    for (EvalSeries s : res) {
      for (int i = 0; i < s.hn; i++) {
        FloatHistogram h = s.hv[i];
        if (h.counterResetHint == CounterResetHint.COUNTER_RESET
            || h.counterResetHint == CounterResetHint.NOT_COUNTER_RESET) {
          FloatHistogram c = h.copy();
          c.counterResetHint = CounterResetHint.UNKNOWN;
          s.hv[i] = c;
        }
      }
    }
    return res;
  }

  /** A subquery evaluated on its own (an instant query such as {@code rate(x[5m])[30m:1m]}). */
  static List<EvalSeries> evaluate(Evaluator ev, SubqueryExpr sq) {
    return inner(ev, sq, timing(ev, sq));
  }
}
