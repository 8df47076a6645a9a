package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.Printing;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;

/**
 * The selecting aggregations {@code topk}, {@code bottomk}, {@code limitk} and {@code
 * limit_ratio}: per step and group they keep some of the input samples with the input series'
 * own labels instead of computing a value.
 *
 * <p>Contract: {@code topk}/{@code bottomk} keep the k largest/smallest floats of each group (NaN
 * last; histograms are ignored with an info annotation), {@code limitk} the first k samples of each
 * group in input order, {@code limit_ratio} the samples whose series' deterministic offset ({@link
 * #sampleOffset}) falls in the ratio. A NaN or out-of-int64 k and a NaN ratio fail the query as in
 * Prometheus; k below 1 or a ratio of 0 select nothing. An instant query's output lists the winners
 * in rank order (one series per winner); a range query's has one series per selected input series,
 * in first-selection order. One instance per evaluation; not thread-safe.
 */
final class KAggregation {
  private static final LongHashFunction XX64 = LongHashFunction.xx();

  private final Evaluator ev;
  private final AggregateExpr e;
  private final AggregateOp op;
  private final Grouping grouping;

  KAggregation(Evaluator ev, AggregateExpr e, Grouping grouping) {
    this.ev = ev;
    this.e = e;
    this.op = e.op();
    this.grouping = grouping;
  }

  /** Selects from {@code input} (rewound here) with the per-step parameters {@code params} (k or the ratio). */
  List<EvalSeries> run(List<EvalSeries> input, double[] params) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (double p : params) {
      nan |= Double.isNaN(p);
      if (!Double.isNaN(p)) {
        max = Math.max(max, p);
        min = Math.min(min, p);
      }
    }
    PosRange pp = Expr.unwrapParens(e.param()).posRange();
    if (op == AggregateOp.LIMIT_RATIO) {
      if (max == 0 && min == 0 && !nan) {
        return new ArrayList<>();
      }
      if (nan) {
        throw PromQLException.execution("Ratio value is NaN");
      }
      if (max > 1.0) {
        ev.ctx.annotations.warn(Annotations.invalidRatio(max, 1.0), pp);
      }
      if (min < -1.0) {
        ev.ctx.annotations.warn(Annotations.invalidRatio(min, -1.0), pp);
      }
    } else {
      if (!nan && max < 1) {
        return new ArrayList<>();
      }
      if (nan) {
        throw PromQLException.execution("Parameter value is NaN");
      }
      if (min <= -9.223372036854775808E18) {
        throw PromQLException.execution("Scalar value " + Printing.goFloat(min) + " underflows int64");
      }
      if (max >= 9223372036854774784.0) {
        throw PromQLException.execution("Scalar value " + Printing.goFloat(max) + " overflows int64");
      }
    }
    Map<String, Integer> groupIdx = new HashMap<>();
    int[] toGroup = new int[input.size()];
    for (int i = 0; i < input.size(); i++) {
      String key = grouping.key(input.get(i).labels);
      Integer g = groupIdx.get(key);
      if (g == null) {
        g = groupIdx.size();
        groupIdx.put(key, g);
      }
      toGroup[i] = g;
      input.get(i).rewind();
    }
    int ng = groupIdx.size();
    double[] ratioOffset = null;
    if (op == AggregateOp.LIMIT_RATIO) {
      ratioOffset = new double[input.size()];
      for (int i = 0; i < input.size(); i++) {
        ratioOffset[i] = sampleOffset(input.get(i).labels);
      }
    }
    boolean single = ev.start == ev.end;
    List<EvalSeries> ordered = new ArrayList<>();
    Map<Labels, EvalSeries> byLabels = new LinkedHashMap<>();
    // Per step: candidates per group as input indices with their values.
    int[][] cand = new int[ng][];
    int[] candN = new int[ng];
    double[] val = new double[input.size()];
    FloatHistogram[] hval = new FloatHistogram[input.size()];
    Annotations an = ev.ctx.annotations;
    int step = 0;
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
      ev.ctx.checkTimeout();
      double p = params[step];
      Arrays.fill(candN, 0);
      long k = 0;
      double r = 0;
      if (op == AggregateOp.LIMIT_RATIO) {
        r = Math.max(-1.0, Math.min(1.0, p));
      } else {
        k = Math.min((long) p, input.size());
      }
      for (int si = 0; si < input.size(); si++) {
        EvalSeries s = input.get(si);
        int kind = s.takeAt(ts);
        if (kind == EvalSeries.NO_POINT) {
          continue;
        }
        double f = kind == EvalSeries.FLOAT_POINT ? s.fv[s.fCursor - 1] : 0;
        FloatHistogram h = kind == EvalSeries.HISTOGRAM_POINT ? s.hv[s.hCursor - 1] : null;
        if (op == AggregateOp.LIMIT_RATIO ? p == 0 : k < 1) {
          continue;
        }
        if (h != null && (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK)) {
          an.info(Annotations.histogramIgnoredInAggregation(op.keyword), e.posRange());
          continue;
        }
        if (op == AggregateOp.LIMIT_RATIO && !addRatioSample(r, ratioOffset[si])) {
          continue;
        }
        int g = toGroup[si];
        if (op == AggregateOp.LIMITK && candN[g] >= k) {
          continue;
        }
        if (cand[g] == null || candN[g] == cand[g].length) {
          cand[g] = cand[g] == null ? new int[8] : Arrays.copyOf(cand[g], cand[g].length * 2);
        }
        cand[g][candN[g]++] = si;
        val[si] = f;
        hval[si] = h;
      }
      for (int g = 0; g < ng; g++) {
        int n = candN[g];
        if (n == 0) {
          continue;
        }
        int[] c = cand[g];
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
          boolean top = op == AggregateOp.TOPK;
          Integer[] boxed = new Integer[n];
          for (int i = 0; i < n; i++) {
            boxed[i] = c[i];
          }
          Arrays.sort(boxed, (a, b) -> compareK(val[a], val[b], top));
          n = (int) Math.min(n, k);
          for (int i = 0; i < n; i++) {
            c[i] = boxed[i];
          }
        }
        for (int i = 0; i < n; i++) {
          int si = c[i];
          EvalSeries src = input.get(si);
          if (single) {
            EvalSeries o = new EvalSeries(src.labels, src.dropName);
            add(o, ts, val[si], hval[si]);
            ordered.add(o);
          } else {
            EvalSeries o = byLabels.get(src.labels);
            if (o == null) {
              o = new EvalSeries(src.labels, src.dropName);
              byLabels.put(src.labels, o);
            }
            add(o, ts, val[si], hval[si]);
          }
          ev.ctx.addSamples(1);
        }
      }
    }
    return single ? ordered : new ArrayList<>(byLabels.values());
  }

  /**
   * The shard side of {@code topk}/{@code bottomk}: each local winner of {@link #run} as a partial
   * ordered by its group's first series in {@code input}, appended to {@code partials}.
   */
  void winnersToPartials(List<EvalSeries> winners, List<EvalSeries> input, List<PartialSeries> partials) {
    Map<String, Labels> first = new HashMap<>();
    for (EvalSeries s : input) {
      first.putIfAbsent(grouping.key(s.labels), s.labels);
    }
    for (EvalSeries w : winners) {
      partials.add(AggregationEval.toPartial(w, first.get(grouping.key(w.labels))));
    }
  }

  private static void add(EvalSeries o, long ts, double f, FloatHistogram h) {
    if (h == null) {
      o.addFloat(ts, f);
    } else {
      o.addHistogram(ts, h);
    }
  }

  /** Descending for topk, ascending for bottomk; NaN always last. */
  private static int compareK(double a, double b, boolean top) {
    boolean an = Double.isNaN(a);
    boolean bn = Double.isNaN(b);
    if (an || bn) {
      return an == bn ? 0 : (an ? 1 : -1);
    }
    return top ? Double.compare(b, a) : Double.compare(a, b);
  }

  /** Prometheus's deterministic sampling offset in [0, 1): the label set's XXH64 over 2^64. */
  static double sampleOffset(Labels l) {
    long h = XX64.hashBytes(l.canonicalBytes());
    double d = (double) (h >>> 1) * 2.0 + (h & 1);
    return d / 18446744073709551615.0;
  }

  private static boolean addRatioSample(double ratio, double offset) {
    return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
  }
}
