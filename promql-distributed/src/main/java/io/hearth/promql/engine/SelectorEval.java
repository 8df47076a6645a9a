package io.hearth.promql.engine;

import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.VectorSelector;
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

  static void rejectExtended(VectorSelector vs) {
    if (vs.anchored() || vs.smoothed()) {
      throw PromQLException.execution("the anchored and smoothed modifiers are not supported by this engine");
    }
  }

  /** An instant selector: one point per step where the series has a visible sample. */
  static List<EvalSeries> vector(Evaluator ev, VectorSelector vs) {
    rejectExtended(vs);
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
      it = s.iterator(it);
      lookup.reset(it);
      EvalSeries es = null;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
        long ref = (pinned ? atT : ts) - offset;
        if (!lookup.find(ref)) {
          continue;
        }
        if (es == null) {
          es = new EvalSeries(s.labels(), false);
        }
        if (lookup.kind == ValueType.FLOAT) {
          es.addFloat(ts, lookup.v);
        } else {
          es.addHistogram(ts, lookup.h);
        }
        ctx.addSamples(1);
      }
      if (es != null) {
        out.add(es);
      }
    }
    return out;
  }

  /**
   * {@code timestamp(selector)}: the timestamp (in seconds) of the sample each step would see,
   * with the name dropped.
   */
  static List<EvalSeries> timestamps(Evaluator ev, VectorSelector vs) {
    rejectExtended(vs);
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
      it = s.iterator(it);
      lookup.reset(it);
      EvalSeries es = null;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
        long ref = (pinned ? atT : ts) - offset;
        if (!lookup.find(ref)) {
          continue;
        }
        if (es == null) {
          es = new EvalSeries(s.labels(), true);
        }
        es.addFloat(ts, lookup.t / 1000.0);
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
    rejectExtended(vs);
    QueryContext ctx = ev.ctx;
    long offset = offset(ev, vs);
    long maxt = (vs.at() != null ? ctx.atTime(vs.at()) : ev.start) - offset;
    long mint = maxt - range(ev, ms);
    List<EvalSeries> out = new ArrayList<>();
    Window w = new Window(ctx);
    SampleIterator it = null;
    for (Series s : ctx.select(vs)) {
      ctx.checkTimeout();
      it = s.iterator(it);
      w.reset(it);
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
}
