package io.hearth.promql.engine;

import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.functions.ExtendedRate;
import io.hearth.promql.functions.Extrapolation;
import io.hearth.promql.functions.LinearRegression;
import io.hearth.promql.functions.OverTime;
import io.hearth.promql.functions.Smoothing;
import io.hearth.promql.histogram.HistogramExtendedRate;
import io.hearth.promql.histogram.HistogramKahanSum;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.histogram.HistogramMean;
import io.hearth.promql.histogram.HistogramRate;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Functions over range vectors ({@code rate}, {@code *_over_time}, {@code deriv}, ...), evaluated
 * series-at-a-time: each source series (stored, or a subquery's result) is read once through a
 * sliding {@link Window} that moves across the steps, and the function kernel runs on the window's
 * primitive arrays at each step.
 */
final class RangeFunctionEval {
  private final Evaluator ev;
  private final Call call;
  private final String fn;
  private final PosRange argPos;
  private final double[][] params;
  private final LinearRegression regression = new LinearRegression();
  private final int[] flags = new int[1];
  private final ExtendedRate extendedRate = new ExtendedRate();
  /** The {@code anchored}/{@code smoothed} modifier of a matrix-selector argument. */
  private boolean anchored;
  private VectorSelector selector;
  private boolean smoothed;
  private double[] scratch;
  private String metric;
  private Labels seriesLabels;
  // The outcome of one kernel call.
  private boolean has;
  private double outF;
  private FloatHistogram outH;

  private RangeFunctionEval(Evaluator ev, Call call, int matrixArg) {
    this.ev = ev;
    this.call = call;
    this.fn = call.function().name();
    this.argPos = unwrap(call.args().get(matrixArg)).posRange();
    this.params = new double[call.args().size()][];
    for (int i = 0; i < call.args().size(); i++) {
      if (i != matrixArg) {
        params[i] = ev.scalarValues(call.args().get(i));
      }
    }
  }

  static Expr unwrap(Expr e) {
    return Expr.unwrapParens(e);
  }

  /** The index of the range-vector argument, or -1. */
  static int matrixArg(Call call) {
    for (int i = 0; i < call.args().size(); i++) {
      Expr a = unwrap(call.args().get(i));
      if (a instanceof MatrixSelector || a instanceof SubqueryExpr) {
        return i;
      }
    }
    return -1;
  }

  static List<EvalSeries> evaluate(Evaluator ev, Call call, int matrixArg) {
    return new RangeFunctionEval(ev, call, matrixArg).run(unwrap(call.args().get(matrixArg)));
  }

  private List<EvalSeries> run(Expr arg) {
    QueryContext ctx = ev.ctx;
    List<Labels> labels = new ArrayList<>();
    List<Boolean> sourceDrop = new ArrayList<>();
    List<Series> stored = null;
    List<EvalSeries> computed = null;
    long offset;
    long range;
    boolean pinned;
    long at;
    if (arg instanceof MatrixSelector) {
      MatrixSelector ms = (MatrixSelector) arg;
      VectorSelector vs = ms.selector();
      checkExtended(vs);
      selector = vs;
      anchored = vs.anchored();
      smoothed = vs.smoothed();
      stored = ctx.select(vs);
      for (Series s : stored) {
        labels.add(s.labels());
        sourceDrop.add(false);
      }
      offset = SelectorEval.offset(ev, vs);
      range = SelectorEval.range(ev, ms);
      pinned = vs.at() != null;
      at = pinned ? ctx.atTime(vs.at()) : 0;
    } else {
      SubqueryExpr sq = (SubqueryExpr) arg;
      SubqueryEval.Timing t = SubqueryEval.timing(ev, sq);
      computed = SubqueryEval.inner(ev, sq, t);
      for (EvalSeries s : computed) {
        labels.add(s.labels);
        sourceDrop.add(s.dropName);
      }
      offset = t.offset;
      range = t.range;
      pinned = t.pinned;
      at = t.at;
    }
    boolean dropName = !fn.equals("last_over_time") && !fn.equals("first_over_time");
    double rangeSeconds = range / 1000.0;
    Window w = new Window(ctx);
    SampleIterator it = null;
    SeriesIterator sit = new SeriesIterator();
    List<EvalSeries> out = new ArrayList<>();
    for (int si = 0; si < labels.size(); si++) {
      ctx.checkTimeout();
      if (stored != null) {
        it = ctx.iterator(selector, stored.get(si), it);
        w.reset(it);
      } else {
        w.reset(sit.reset(computed.get(si)));
      }
      seriesLabels = labels.get(si);
      metric = seriesLabels.metricName();
      EvalSeries es = null;
      int step = 0;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
        long maxt = (pinned ? at : ts) - offset;
        long mint = maxt - range;
        if (anchored || smoothed) {
          // The range widened by the lookback delta: the samples the boundary values come from.
          w.slide(mint - ctx.lookbackMs, smoothed ? maxt + ctx.lookbackMs : maxt);
        } else {
          w.slide(mint, maxt);
        }
        if (w.floats() + w.histograms() == 0) {
          continue;
        }
        compute(w, ts, step, mint, maxt, rangeSeconds);
        if (!has) {
          continue;
        }
        if (es == null) {
          es = new EvalSeries(seriesLabels, dropName || sourceDrop.get(si));
        }
        if (outH == null) {
          es.addFloat(ts, outF);
        } else {
          es.addHistogram(ts, outH);
        }
        ctx.addSamples(1);
      }
      if (es != null) {
        out.add(es);
        if ((fn.equals("rate") || fn.equals("increase")) && !metric.isEmpty() && es.fn > 0
            && !metric.endsWith("_total") && !metric.endsWith("_sum") && !metric.endsWith("_count")
            && !metric.endsWith("_bucket")) {
          ctx.annotations.info(Annotations.possibleNonCounter(metric), argPos);
        }
      }
    }
    w.release();
    if (computed != null) {
      ev.release(computed);
    }
    if (fn.equals("absent_over_time")) {
      return absentOverTime(out, arg);
    }
    return out;
  }

  private static final Set<String> ANCHORED_SAFE = Set.of("changes", "delta", "increase", "rate", "resets");
  private static final Set<String> SMOOTHED_SAFE = Set.of("delta", "increase", "rate");

  /** Rejects functions the widened ranges of {@code anchored} and {@code smoothed} would mislead. */
  private void checkExtended(VectorSelector vs) {
    if (vs.anchored() && !ANCHORED_SAFE.contains(fn)) {
      throw PromQLException.execution(
          "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with " + fn);
    }
    if (vs.smoothed() && !SMOOTHED_SAFE.contains(fn)) {
      throw PromQLException.execution("smoothed modifier can only be used with: delta, increase, rate - not with " + fn);
    }
  }

  private List<EvalSeries> absentOverTime(List<EvalSeries> found, Expr arg) {
    int steps = ev.numSteps();
    Set<Long> seen = new HashSet<>();
    for (EvalSeries s : found) {
      if (s.size() == steps) {
        ev.release(found);
        return new ArrayList<>();
      }
      for (int i = 0; i < s.fn; i++) {
        seen.add(s.ft[i]);
      }
      for (int i = 0; i < s.hn; i++) {
        seen.add(s.ht[i]);
      }
    }
    ev.release(found);
    List<EvalSeries> out = new ArrayList<>();
    if (seen.size() == steps) {
      return out;
    }
    EvalSeries s = new EvalSeries(FunctionEval.absentLabels(arg), true);
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
      if (!seen.contains(ts)) {
        s.addFloat(ts, 1);
      }
    }
    ev.ctx.addSamples(s.size());
    out.add(s);
    return out;
  }

  private void none() {
    has = false;
    outH = null;
  }

  private void value(double f) {
    has = true;
    outF = f;
    outH = null;
  }

  private void histogram(FloatHistogram h) {
    has = h != null;
    outH = h;
  }

  private double param(int arg, int step) {
    double[] p = params[arg];
    return p == null ? Double.NaN : p[step];
  }

  private void compute(Window w, long ts, int step, long mint, long maxt, double rangeSeconds) {
    int nf = w.floats();
    int nh = w.histograms();
    long[] t = w.ft;
    double[] v = w.fv;
    int from = w.fFrom;
    int to = w.fTo;
    Annotations an = ev.ctx.annotations;
    none();
    switch (fn) {
      case "rate":
      case "increase":
      case "delta": {
        boolean isCounter = !fn.equals("delta");
        boolean isRate = fn.equals("rate");
        if (nf > 0 && nh > 0) {
          an.warn(Annotations.mixedFloatsHistograms(metric), argPos);
          return;
        }
        if (anchored || smoothed) {
          extendedRate(w, mint, maxt, isCounter, isRate, rangeSeconds);
          return;
        }
        if (nh > 1) {
          flags[0] = 0;
          FloatHistogram h = HistogramRate.increase(w.hv, w.hFrom, w.hTo, isCounter, flags);
          histogramFlags(isCounter ? "counter" : "gauge");
          if (h == null) {
            return;
          }
          double factor = Extrapolation.factor(w.ht[w.hFrom], w.ht[w.hTo - 1], nh - 1, mint, maxt, isCounter,
              w.hv[w.hFrom].count, h.count, isRate, rangeSeconds);
          histogram(HistogramMath.mul(h, factor));
        } else if (nf > 1) {
          value(Extrapolation.rate(t, v, from, to, mint, maxt, rangeSeconds, isCounter, isRate));
        }
        return;
      }
      case "irate":
      case "idelta":
        instantValue(w, fn.equals("irate"));
        return;
      case "deriv":
      case "predict_linear": {
        if (nf < 2) {
          if (nf == 1 && nh > 0) {
            an.info(Annotations.histogramIgnoredInMixedRange(metric), argPos);
          }
          return;
        }
        if (fn.equals("deriv")) {
          value(regression.fit(t, v, from, to, t[from]).slope);
        } else {
          regression.fit(t, v, from, to, ts);
          value(regression.slope * param(1, step) + regression.intercept);
        }
        if (nh > 0) {
          an.info(Annotations.histogramIgnoredInMixedRange(metric), argPos);
        }
        return;
      }
      case "double_exponential_smoothing": {
        double sf = param(1, step);
        double tf = param(2, step);
        if (sf <= 0 || sf >= 1) {
          throw PromQLException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: "
              + String.format(Locale.ROOT, "%f", sf));
        }
        if (tf <= 0 || tf >= 1) {
          throw PromQLException.execution("invalid trend factor. Expected: 0 < tf < 1, got: "
              + String.format(Locale.ROOT, "%f", tf));
        }
        if (nf < 2) {
          if (nf == 1 && nh > 0) {
            an.info(Annotations.histogramIgnoredInMixedRange(metric), argPos);
          }
          return;
        }
        value(Smoothing.doubleExponential(v, from, to, sf, tf));
        if (nh > 0) {
          an.info(Annotations.histogramIgnoredInMixedRange(metric), argPos);
        }
        return;
      }
      case "sum_over_time":
      case "avg_over_time": {
        if (nf > 0 && nh > 0) {
          an.warn(Annotations.mixedFloatsHistograms(metric), argPos);
          return;
        }
        boolean avg = fn.equals("avg_over_time");
        if (nf == 0) {
          histogramSumOrAvg(w, avg);
          return;
        }
        value(avg ? OverTime.avg(v, from, to) : OverTime.sum(v, from, to));
        return;
      }
      case "count_over_time":
        value(nf + nh);
        return;
      case "present_over_time":
      case "absent_over_time":
        value(1);
        return;
      case "last_over_time":
        if (nh == 0 || (nf > 0 && w.ht[w.hTo - 1] < t[to - 1])) {
          value(v[to - 1]);
        } else {
          histogram(w.hv[w.hTo - 1]);
        }
        return;
      case "first_over_time":
        if (nh == 0 || (nf > 0 && t[from] < w.ht[w.hFrom])) {
          value(v[from]);
        } else {
          histogram(w.hv[w.hFrom]);
        }
        return;
      case "ts_of_first_over_time": {
        long tf = nf > 0 ? t[from] : Long.MAX_VALUE;
        long th = nh > 0 ? w.ht[w.hFrom] : Long.MAX_VALUE;
        value(Math.min(tf, th) / 1000.0);
        return;
      }
      case "ts_of_last_over_time": {
        long tf = nf > 0 ? t[to - 1] : 0;
        long th = nh > 0 ? w.ht[w.hTo - 1] : 0;
        value(Math.max(tf, th) / 1000.0);
        return;
      }
      case "max_over_time":
      case "min_over_time":
      case "ts_of_max_over_time":
      case "ts_of_min_over_time":
      case "stddev_over_time":
      case "stdvar_over_time":
      case "mad_over_time":
      case "quantile_over_time": {
        if (nf == 0) {
          return;
        }
        if (fn.equals("quantile_over_time")) {
          double q = param(0, step);
          if (Double.isNaN(q) || q < 0 || q > 1) {
            an.warn(Annotations.invalidQuantile(q), unwrap(call.args().get(0)).posRange());
          }
        }
        if (nh > 0) {
          an.info(Annotations.histogramIgnoredInMixedRange(metric), argPos);
        }
        switch (fn) {
          case "max_over_time": value(OverTime.extreme(v, from, to, true)); return;
          case "min_over_time": value(OverTime.extreme(v, from, to, false)); return;
          case "ts_of_max_over_time": value(OverTime.timeOfExtreme(t, v, from, to, true)); return;
          case "ts_of_min_over_time": value(OverTime.timeOfExtreme(t, v, from, to, false)); return;
          case "stddev_over_time": value(OverTime.variance(v, from, to, true)); return;
          case "stdvar_over_time": value(OverTime.variance(v, from, to, false)); return;
          case "mad_over_time":
            for (int i = from; i < to; i++) {
              if (Double.isNaN(v[i])) {
                value(Double.NaN);
                return;
              }
            }
            scratch = OverTime.scratch(scratch, nf);
            value(OverTime.mad(v, from, to, scratch));
            return;
          default:
            scratch = OverTime.scratch(scratch, nf);
            value(OverTime.quantile(param(0, step), v, from, to, scratch));
            return;
        }
      }
      case "resets":
      case "changes":
        if (anchored) {
          anchoredChanges(w, mint, fn.equals("resets"));
          return;
        }
        value(countChanges(w, w.fFrom, w.hFrom, fn.equals("resets")));
        return;
      default:
        throw PromQLException.execution("function " + fn + " is not supported over range vectors");
    }
  }

  private void histogramFlags(String expected) {
    int f = flags[0];
    Annotations an = ev.ctx.annotations;
    if ((f & HistogramRate.WARN_NOT_COUNTER) != 0) {
      an.warn(Annotations.notCounter(metric), argPos);
    }
    if ((f & HistogramRate.WARN_NOT_GAUGE) != 0) {
      an.warn(Annotations.notGauge(metric), argPos);
    }
    if ((f & HistogramRate.WARN_MIXED_EXPONENTIAL_CUSTOM) != 0) {
      an.warn(Annotations.mixedExponentialCustom(metric), argPos);
    }
    if ((f & HistogramRate.INFO_RECONCILED_SUB) != 0) {
      an.info(Annotations.customBucketsReconciled("subtraction"), argPos);
    }
    if ((f & HistogramRate.INFO_RECONCILED_ADD) != 0) {
      an.info(Annotations.customBucketsReconciled("addition"), argPos);
    }
  }

  private void histogramSumOrAvg(Window w, boolean avg) {
    boolean resetSeen = false;
    boolean notResetSeen = false;
    boolean reconciled = false;
    HistogramMath.Flags f = new HistogramMath.Flags();
    HistogramKahanSum sumAcc = avg ? null : new HistogramKahanSum();
    HistogramMean meanAcc = avg ? new HistogramMean() : null;
    try {
      for (int i = w.hFrom; i < w.hTo; i++) {
        FloatHistogram h = w.hv[i];
        if (h.counterResetHint == CounterResetHint.COUNTER_RESET) {
          resetSeen = true;
        } else if (h.counterResetHint == CounterResetHint.NOT_COUNTER_RESET) {
          notResetSeen = true;
        }
        f.clear();
        if (avg) {
          meanAcc.add(h, f);
        } else {
          sumAcc.add(h, f);
        }
        reconciled |= f.customBucketsReconciled;
      }
    } catch (IncompatibleHistogramsException e) {
      ev.ctx.annotations.warn(Annotations.mixedExponentialCustom(metric), argPos);
      return;
    }
    FloatHistogram result = avg ? meanAcc.result() : sumAcc.result();
    if (resetSeen && notResetSeen) {
      ev.ctx.annotations.warn(Annotations.counterResetCollision("aggregation"), argPos);
    }
    if (reconciled) {
      ev.ctx.annotations.info(Annotations.customBucketsReconciled("aggregation"), argPos);
    }
    histogram(result);
  }

  /** {@code irate}/{@code idelta}: the last two samples of the window. */
  private void instantValue(Window w, boolean isRate) {
    int nf = w.floats();
    int nh = w.histograms();
    if (nf + nh < 2) {
      return;
    }
    // The last two samples by time, across floats and histograms.
    int fi = w.fTo - 1;
    int hi = w.hTo - 1;
    long[] ts = new long[2];
    double[] fs = new double[2];
    FloatHistogram[] hs = new FloatHistogram[2];
    for (int k = 1; k >= 0; k--) {
      boolean takeFloat = fi >= w.fFrom && (hi < w.hFrom || w.ft[fi] >= w.ht[hi]);
      if (takeFloat) {
        ts[k] = w.ft[fi];
        fs[k] = w.fv[fi];
        hs[k] = null;
        fi--;
      } else {
        ts[k] = w.ht[hi];
        hs[k] = w.hv[hi];
        hi--;
      }
    }
    long interval = ts[1] - ts[0];
    if (interval == 0) {
      return;
    }
    Annotations an = ev.ctx.annotations;
    if (hs[0] == null && hs[1] == null) {
      double r = fs[1];
      if (!isRate || !(fs[1] < fs[0])) {
        r = fs[1] - fs[0];
      }
      value(isRate ? r / (interval / 1000.0) : r);
      return;
    }
    if (hs[0] != null && hs[1] != null) {
      if (isRate && (hs[1].counterResetHint == CounterResetHint.GAUGE
          || hs[0].counterResetHint == CounterResetHint.GAUGE)) {
        an.warn(Annotations.notCounter(metric), argPos);
      }
      if (!isRate && (hs[1].counterResetHint != CounterResetHint.GAUGE
          || hs[0].counterResetHint != CounterResetHint.GAUGE)) {
        an.warn(Annotations.notGauge(metric), argPos);
      }
      FloatHistogram r = hs[1].copy();
      if (!isRate || !HistogramMath.detectReset(hs[1], hs[0])) {
        HistogramMath.Flags f = new HistogramMath.Flags();
        try {
          r = HistogramMath.sub(hs[1], hs[0], f);
        } catch (IncompatibleHistogramsException e) {
          an.warn(Annotations.mixedExponentialCustom(metric), argPos);
          return;
        }
        if (f.customBucketsReconciled) {
          an.info(Annotations.customBucketsReconciled("subtraction"), argPos);
        }
      }
      r.counterResetHint = CounterResetHint.GAUGE;
      HistogramMath.compact(r);
      if (isRate) {
        HistogramMath.div(r, interval / 1000.0);
      }
      histogram(r);
      return;
    }
    an.warn(Annotations.mixedFloatsHistograms(metric), argPos);
  }

  /** {@code rate}, {@code increase} or {@code delta} over an anchored or smoothed range. */
  private void extendedRate(Window w, long mint, long maxt, boolean isCounter, boolean isRate, double rangeSeconds) {
    if (w.histograms() > 0) {
      flags[0] = 0;
      FloatHistogram h = HistogramExtendedRate.compute(w.ht, w.hv, w.hFrom, w.hTo, mint, maxt, smoothed, isCounter,
          isRate, rangeSeconds, flags);
      histogramFlags(isCounter ? "counter" : "gauge");
      histogram(h);
    } else if (extendedRate.compute(w.ft, w.fv, w.fFrom, w.fTo, mint, maxt, smoothed, isCounter, isRate,
        rangeSeconds)) {
      value(extendedRate.value);
    }
  }

  /**
   * {@code changes} or {@code resets} over an anchored range: the samples in the range preceded by
   * the last one at or before its start (the window reaches back by the lookback delta).
   */
  private void anchoredChanges(Window w, long mint, boolean resets) {
    // The first float and histogram after the range start.
    int fStart = ExtendedRate.searchAtOrAfter(w.ft, w.fFrom, w.fTo, mint + 1);
    int hStart = ExtendedRate.searchAtOrAfter(w.ht, w.hFrom, w.hTo, mint + 1);
    if (fStart == w.fTo && hStart == w.hTo) {
      return;
    }
    // The anchor is the latest sample at or before the start, of either kind.
    long fPrev = fStart > w.fFrom ? w.ft[fStart - 1] : Long.MIN_VALUE;
    long hPrev = hStart > w.hFrom ? w.ht[hStart - 1] : Long.MIN_VALUE;
    if (fPrev != Long.MIN_VALUE && fPrev >= hPrev) {
      fStart--;
    } else if (hPrev != Long.MIN_VALUE) {
      hStart--;
    }
    value(countChanges(w, fStart, hStart, resets));
  }

  /** {@code resets} or {@code changes} across the window's floats and histograms in time order. */
  private static double countChanges(Window w, int fFrom, int hFrom, boolean resets) {
    int fi = fFrom;
    int hi = hFrom;
    int count = 0;
    boolean first = true;
    double prevF = 0;
    FloatHistogram prevH = null;
    while (fi < w.fTo || hi < w.hTo) {
      double curF = 0;
      FloatHistogram curH = null;
      if (hi >= w.hTo || (fi < w.fTo && w.ft[fi] < w.ht[hi])) {
        curF = w.fv[fi++];
      } else {
        curH = w.hv[hi++];
      }
      if (!first) {
        if (prevH == null && curH == null) {
          if (resets ? curF < prevF : (curF != prevF && !(Double.isNaN(curF) && Double.isNaN(prevF)))) {
            count++;
          }
        } else if (prevH == null || curH == null) {
          count++;
        } else if (resets ? HistogramMath.detectReset(curH, prevH) : !HistogramMath.equalsCompacted(curH, prevH)) {
          count++;
        }
      }
      first = false;
      prevF = curF;
      prevH = curH;
    }
    return count;
  }
}
