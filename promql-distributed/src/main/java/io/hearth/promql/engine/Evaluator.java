package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.planner.Pushdown;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates an expression over the steps {@code start, start+interval, ..., end} (one step for
 * instant queries), dispatching by node kind to {@link SelectorEval}, {@link SubqueryEval}, {@link
 * BinaryEval}, {@link AggregationEval}, {@link FunctionEval} and {@link RangeFunctionEval}. Every
 * node evaluates to a list of {@link EvalSeries} (scalars: one label-less series), except string
 * literals. Step-invariant subtrees ({@code @}, literals) are evaluated once and replicated.
 */
final class Evaluator {
  final QueryContext ctx;
  final long start;
  final long end;
  final long interval;

  Evaluator(QueryContext ctx, long start, long end, long interval) {
    this.ctx = ctx;
    this.start = start;
    this.end = end;
    this.interval = interval <= 0 ? 1 : interval;
  }

  Evaluator withRange(long s, long e, long i) {
    return new Evaluator(ctx, s, e, i);
  }

  int numSteps() {
    return (int) ((end - start) / interval) + 1;
  }

  /** Evaluates a node that yields series (everything but string literals). */
  @SuppressWarnings("unchecked")
  List<EvalSeries> series(Expr e) {
    Object v = eval(e);
    if (v instanceof String) {
      throw new PromQLException(PromQLException.ErrorType.INTERNAL, "unexpected string in " + e);
    }
    return (List<EvalSeries>) v;
  }

  Object eval(Expr e) {
    ctx.checkTimeout();
    if (end < start) {
      return new ArrayList<EvalSeries>();
    }
    if (start != end && e.type() != ValueType.MATRIX && e.type() != ValueType.STRING
        && !(e instanceof NumberLiteral) && StepInvariance.isInvariant(e)) {
      return replicate(withRange(start, start, interval).series(e));
    }
    if (e instanceof ParenExpr) {
      return eval(((ParenExpr) e).expr());
    }
    if (e instanceof NumberLiteral) {
      return constant(((NumberLiteral) e).value());
    }
    if (e instanceof StringLiteral) {
      return ((StringLiteral) e).value();
    }
    if (e instanceof VectorSelector) {
      return SelectorEval.vector(this, (VectorSelector) e);
    }
    if (e instanceof MatrixSelector) {
      return SelectorEval.matrix(this, (MatrixSelector) e);
    }
    if (e instanceof SubqueryExpr) {
      return SubqueryEval.evaluate(this, (SubqueryExpr) e);
    }
    if (e instanceof UnaryExpr) {
      return unary((UnaryExpr) e);
    }
    if (e instanceof BinaryExpr) {
      return BinaryEval.evaluate(this, (BinaryExpr) e);
    }
    if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      if (ctx.fragments != null && Pushdown.pushable(a)) {
        return PartialMerge.evaluate(this, a);
      }
      return AggregationEval.evaluate(this, a);
    }
    if (e instanceof Call) {
      return FunctionEval.evaluate(this, (Call) e);
    }
    throw new PromQLException(PromQLException.ErrorType.INTERNAL, "unhandled expression of type " + e.getClass());
  }

  /** A scalar: one label-less series with {@code v} at every step. */
  List<EvalSeries> constant(double v) {
    EvalSeries s = new EvalSeries(Labels.EMPTY, false);
    for (long ts = start; ts <= end; ts += interval) {
      s.addFloat(ts, v);
    }
    ctx.addSamples(s.size());
    List<EvalSeries> out = new ArrayList<>(1);
    out.add(s);
    return out;
  }

  /** The per-step values of a scalar expression, NaN where it has no value. */
  double[] scalarValues(Expr e) {
    List<EvalSeries> l = series(e);
    double[] out = new double[numSteps()];
    java.util.Arrays.fill(out, Double.NaN);
    for (EvalSeries s : l) {
      for (int i = 0; i < s.fn; i++) {
        int step = (int) ((s.ft[i] - start) / interval);
        if (step >= 0 && step < out.length) {
          out[step] = s.fv[i];
        }
      }
      ctx.releaseSamples(s.size());
    }
    return out;
  }

  private List<EvalSeries> unary(UnaryExpr u) {
    List<EvalSeries> l = series(u.expr());
    if (u.op() == UnaryOp.MINUS) {
      for (EvalSeries s : l) {
        s.dropName = true;
        for (int i = 0; i < s.fn; i++) {
          s.fv[i] = -s.fv[i];
        }
        for (int i = 0; i < s.hn; i++) {
          // A negated histogram is no counter any more.
          s.hv[i] = HistogramMath.mul(s.hv[i].copy(), -1);
          s.hv[i].counterResetHint = io.hearth.sharding.api.FloatHistogram.CounterResetHint.GAUGE;
        }
      }
    }
    return l;
  }

  private List<EvalSeries> replicate(List<EvalSeries> one) {
    for (EvalSeries s : one) {
      int added = 0;
      if (s.fn > 0) {
        double v = s.fv[0];
        s.fn = 0;
        for (long ts = start; ts <= end; ts += interval) {
          s.addFloat(ts, v);
          added++;
        }
      } else if (s.hn > 0) {
        io.hearth.sharding.api.FloatHistogram h = s.hv[0];
        s.hn = 0;
        for (long ts = start; ts <= end; ts += interval) {
          s.addHistogram(ts, h);
          added++;
        }
      }
      ctx.addSamples(added - 1);
    }
    return one;
  }

  void release(List<EvalSeries> l) {
    long n = 0;
    for (EvalSeries s : l) {
      n += s.size();
    }
    ctx.releaseSamples(n);
  }
}
