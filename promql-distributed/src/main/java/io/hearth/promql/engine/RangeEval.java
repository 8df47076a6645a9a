package io.hearth.promql.engine;

import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step-by-step evaluation of operations over instant vectors ({@code rangeEval} in Prometheus): at
 * each step, gathers every input's samples at that step into a {@link StepVector}, lets the
 * operation compute the output vector, and assembles the outputs into series. For a single step
 * (instant queries) the output order is kept; otherwise series are keyed by labels and a repeated
 * label set at one step is the {@code vector cannot contain metrics with the same labelset} error.
 */
final class RangeEval {
  /** One operation applied at one step. */
  interface StepFunction {
    void apply(StepVector[] in, long ts, int step, StepVector out);
  }

  private RangeEval() {}

  static List<EvalSeries> run(Evaluator ev, List<List<EvalSeries>> inputs, StepFunction fn) {
    StepVector[] vecs = new StepVector[inputs.size()];
    for (int i = 0; i < vecs.length; i++) {
      vecs[i] = new StepVector();
      for (EvalSeries s : inputs.get(i)) {
        s.rewind();
      }
    }
    StepVector out = new StepVector();
    QueryContext ctx = ev.ctx;
    boolean single = ev.start == ev.end;
    List<EvalSeries> ordered = single ? new ArrayList<>() : null;
    Map<Labels, EvalSeries> byLabels = single ? null : new HashMap<>();
    List<EvalSeries> result = new ArrayList<>();
    int step = 0;
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
      ctx.checkTimeout();
      for (int i = 0; i < vecs.length; i++) {
        gather(inputs.get(i), ts, vecs[i]);
      }
      out.clear();
      fn.apply(vecs, ts, step, out);
      ctx.addSamples(out.n);
      if (single) {
        for (int k = 0; k < out.n; k++) {
          EvalSeries s = new EvalSeries(out.labels[k], out.dropName[k]);
          add(s, ts, out, k);
          ordered.add(s);
        }
        return ordered;
      }
      for (int k = 0; k < out.n; k++) {
        EvalSeries s = byLabels.get(out.labels[k]);
        if (s == null) {
          s = new EvalSeries(out.labels[k], out.dropName[k]);
          byLabels.put(out.labels[k], s);
          result.add(s);
        } else if (lastT(s) == ts) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
        add(s, ts, out, k);
      }
    }
    return single ? ordered : result;
  }

  private static long lastT(EvalSeries s) {
    long t = Long.MIN_VALUE;
    if (s.fn > 0) {
      t = s.ft[s.fn - 1];
    }
    if (s.hn > 0 && s.ht[s.hn - 1] > t) {
      t = s.ht[s.hn - 1];
    }
    return t;
  }

  private static void add(EvalSeries s, long ts, StepVector out, int k) {
    if (out.h[k] == null) {
      s.addFloat(ts, out.f[k]);
    } else {
      s.addHistogram(ts, out.h[k]);
    }
  }

  /** Collects the samples of {@code input} at exactly {@code ts}, advancing each series' cursors. */
  static void gather(List<EvalSeries> input, long ts, StepVector v) {
    v.clear();
    for (int j = 0, n = input.size(); j < n; j++) {
      EvalSeries s = input.get(j);
      while (s.fCursor < s.fn && s.ft[s.fCursor] < ts) {
        s.fCursor++;
      }
      while (s.hCursor < s.hn && s.ht[s.hCursor] < ts) {
        s.hCursor++;
      }
      if (s.fCursor < s.fn && s.ft[s.fCursor] == ts) {
        v.add(s.labels, s.dropName, s.fv[s.fCursor], null, ts, j);
        s.fCursor++;
      } else if (s.hCursor < s.hn && s.ht[s.hCursor] == ts) {
        v.add(s.labels, s.dropName, 0, s.hv[s.hCursor], ts, j);
        s.hCursor++;
      }
    }
  }

  /** The value of a scalar input (one series, or none) at step {@code ts}; NaN when absent. */
  static double scalarAt(StepVector v) {
    return v.n == 0 ? Double.NaN : v.f[0];
  }
}
