package io.hearth.promql.engine;

import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.functions.ExtendedRate;
import io.hearth.promql.histogram.HistogramExtendedRate;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Instant and range selectors over storage, one series at a time: each series' iterator is walked
 * once across all steps (never re-selected per step). Instant selectors honour the lookback delta
 * and staleness markers; range selectors select the left-open window {@code (t - range, t]}.
 */
final class SelectorEval {
  private SelectorEval() {}

  static long offset(Evaluator ev, VectorSelector vs) {
    return DurationValues.millis(vs.offset(), ev.ctx, true);
  }

  static long range(Evaluator ev, MatrixSelector ms) {
    return DurationValues.millis(ms.range(), ev.ctx, false);
  }

  /** An instant selector: one point per step where the series has a visible sample. */
  static List<EvalSeries> vector(Evaluator ev, VectorSelector vs) {
    if (vs.smoothed()) {
      return smoothedVector(ev, vs);
    }
    return eachVisibleSample(ev, vs, false, (es, ts, lookup) -> {
      if (lookup.kind == ValueType.FLOAT) {
        es.addFloat(ts, lookup.v);
      } else {
        es.addHistogram(ts, lookup.h);
      }
    });
  }

  /**
   * {@code timestamp(selector)}: the timestamp (in seconds) of the sample each step would see,
   * with the name dropped.
   */
  static List<EvalSeries> timestamps(Evaluator ev, VectorSelector vs) {
    return eachVisibleSample(ev, vs, true, (es, ts, lookup) -> es.addFloat(ts, lookup.t / 1000.0));
  }

  /** What a step does with the sample it sees. */
  private interface StepPoint {
    void add(EvalSeries series, long ts, PointLookup lookup);
  }

  /**
   * Walks every selected series once across all steps, finding at each step the sample visible
   * within the lookback (after {@code offset} and {@code @}), and hands it to {@code point}.
   */
  private static List<EvalSeries> eachVisibleSample(Evaluator ev, VectorSelector vs, boolean dropName, StepPoint point) {
    QueryContext ctx = ev.ctx;
    List<Series> selected = ctx.select(vs);
    long offset = offset(ev, vs);
    boolean pinned = vs.at() != null;
    long atT = pinned ? ctx.atTime(vs.at()) : 0;
    List<EvalSeries> out = new ArrayList<>(selected.size());
    PointLookup lookup = new PointLookup(ctx.lookbackMs);
    SampleIterator it = null;
    for (Series s : selected) {
      ctx.checkTimeout();
      it = ctx.iterator(vs, s, it);
      lookup.reset(it);
      EvalSeries es = null;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
        long ref = (pinned ? atT : ts) - offset;
        if (!lookup.find(ref)) {
          continue;
        }
        if (es == null) {
          es = new EvalSeries(s.labels(), dropName);
        }
        point.add(es, ts, lookup);
        ctx.addSamples(1);
      }
      if (es != null) {
        out.add(es);
      }
    }
    return out;
  }

  /** A range selector evaluated at a single time (an instant query such as {@code x[5m]}). */
  static List<EvalSeries> matrix(Evaluator ev, MatrixSelector ms) {
    if (ev.start != ev.end) {
      throw new PromQLException(PromQLException.ErrorType.INTERNAL, "cannot do range evaluation of matrix selector");
    }
    VectorSelector vs = ms.selector();
    QueryContext ctx = ev.ctx;
    long offset = offset(ev, vs);
    long maxt = (vs.at() != null ? ctx.atTime(vs.at()) : ev.start) - offset;
    long mint = maxt - range(ev, ms);
    boolean extended = vs.anchored() || vs.smoothed();
    List<EvalSeries> out = new ArrayList<>();
    Window w = new Window(ctx);
    SampleIterator it = null;
    for (Series s : ctx.select(vs)) {
      ctx.checkTimeout();
      it = ctx.iterator(vs, s, it);
      w.reset(it);
      if (extended) {
        w.slide(mint - ctx.lookbackMs, vs.smoothed() ? maxt + ctx.lookbackMs : maxt);
        EvalSeries es = extendedMatrix(w, s.labels(), mint, maxt, vs);
        if (es != null) {
          ctx.addSamples(es.size());
          out.add(es);
        }
        continue;
      }
      w.slide(mint, maxt);
      if (w.floats() + w.histograms() == 0) {
        continue;
      }
      EvalSeries es = new EvalSeries(s.labels(), false);
      for (int i = w.fFrom; i < w.fTo; i++) {
        es.addFloat(w.ft[i], w.fv[i]);
      }
      for (int i = w.hFrom; i < w.hTo; i++) {
        es.addHistogram(w.ht[i], w.hv[i]);
      }
      ctx.addSamples(es.size());
      out.add(es);
    }
    w.release();
    return out;
  }

  /**
   * An anchored or smoothed range selector's points ({@code extendFloats}): the samples strictly
   * inside {@code (mint, maxt)} between synthetic points at both boundaries, picked (anchored) or
   * interpolated (smoothed) from the widened window; null when nothing falls after {@code mint}.
   */
  private static EvalSeries extendedMatrix(Window w, io.hearth.sharding.api.Labels labels, long mint, long maxt,
      VectorSelector vs) {
    if (w.histograms() > 0) {
      throw PromQLException.execution((vs.anchored() ? "anchored" : "smoothed")
          + " modifier is not supported with histograms");
    }
    if (w.floats() == 0) {
      return null;
    }
    long[] t = w.ft;
    double[] v = w.fv;
    boolean smoothed = vs.smoothed();
    int last = w.fTo - 1;
    int first = ExtendedRate.firstIndex(t, w.fFrom, last, mint);
    if (smoothed) {
      last = ExtendedRate.searchAtOrAfter(t, w.fFrom, last, maxt);
    }
    if (t[last] <= mint) {
      return null;
    }
    double left = smoothed && t[first] < mint
        ? ExtendedRate.interpolate(t[first], v[first], t[first + 1], v[first + 1], mint, false) : v[first];
    double right = smoothed && last > w.fFrom && t[last] > maxt
        ? ExtendedRate.interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false) : v[last];
    if (t[first] <= mint) {
      first++;
    }
    if (t[last] >= maxt) {
      last--;
    }
    EvalSeries es = new EvalSeries(labels, false);
    es.addFloat(mint, left);
    for (int i = first; i <= last; i++) {
      es.addFloat(t[i], v[i]);
    }
    es.addFloat(maxt, right);
    return es;
  }

  /**
   * A {@code smoothed} instant selector: at each step the value interpolated between the samples
   * around the reference time (within the lookback delta either side), the last one carried forward
   * when nothing follows yet, nothing when nothing precedes.
   */
  private static List<EvalSeries> smoothedVector(Evaluator ev, VectorSelector vs) {
    QueryContext ctx = ev.ctx;
    List<Series> selected = ctx.select(vs);
    long offset = offset(ev, vs);
    boolean pinned = vs.at() != null;
    long atT = pinned ? ctx.atTime(vs.at()) : 0;
    long lb = ctx.lookbackMs;
    List<EvalSeries> out = new ArrayList<>(selected.size());
    Window w = new Window(ctx);
    SampleIterator it = null;
    int[] flags = new int[1];
    for (Series s : selected) {
      ctx.checkTimeout();
      it = ctx.iterator(vs, s, it);
      w.reset(it);
      EvalSeries es = null;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
        long ref = (pinned ? atT : ts) - offset;
        w.slide(ref - lb, ref + lb);
        if (w.floats() > 0 && w.histograms() > 0) {
          ctx.annotations.warn(Annotations.mixedFloatsHistograms(s.labels().metricName()), vs.posRange());
          continue;
        }
        // The first float and histogram at or after ref, by binary search.
        int fi = ExtendedRate.searchAtOrAfter(w.ft, w.fFrom, w.fTo, ref);
        int hi = ExtendedRate.searchAtOrAfter(w.ht, w.hFrom, w.hTo, ref);
        long prevF = fi > w.fFrom ? w.ft[fi - 1] : Long.MIN_VALUE;
        long prevH = hi > w.hFrom ? w.ht[hi - 1] : Long.MIN_VALUE;
        long nextF = fi < w.fTo ? w.ft[fi] : Long.MAX_VALUE;
        long nextH = hi < w.hTo ? w.ht[hi] : Long.MAX_VALUE;
        boolean nextIsFloat = nextF <= nextH;
        long next = Math.min(nextF, nextH);
        boolean prevIsFloat = prevF >= prevH;
        long prev = Math.max(prevF, prevH);
        double f = 0;
        FloatHistogram h = null;
        if (next == ref) {
          if (nextIsFloat) {
            f = w.fv[fi];
          } else {
            h = w.hv[hi];
          }
        } else if (prev == Long.MIN_VALUE) {
          continue;
        } else if (next != Long.MAX_VALUE && prevIsFloat == nextIsFloat) {
          if (prevIsFloat) {
            f = ExtendedRate.interpolate(prev, w.fv[fi - 1], next, w.fv[fi], ref, false);
          } else {
            try {
              // A histogram is taken for a counter unless it says it is a gauge.
              boolean counter = w.hv[hi].counterResetHint != FloatHistogram.CounterResetHint.GAUGE;
              h = HistogramExtendedRate.interpolate(w.hv[hi - 1], prev, w.hv[hi], next, ref, counter, flags);
            } catch (IncompatibleHistogramsException e) {
              ctx.annotations.warn(Annotations.mixedExponentialCustom(s.labels().metricName()), vs.posRange());
              continue;
            }
          }
        } else if (prevIsFloat) {
          f = w.fv[fi - 1];
        } else {
          h = w.hv[hi - 1];
        }
        if (es == null) {
          es = new EvalSeries(s.labels(), false);
        }
        if (h == null) {
          es.addFloat(ts, f);
        } else {
          es.addHistogram(ts, h);
        }
        ctx.addSamples(1);
      }
      if (es != null) {
        out.add(es);
      }
    }
    w.release();
    return out;
  }
}
