package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.functions.KahanSum;
import io.hearth.promql.histogram.HistogramKahanSum;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.promql.planner.Fragment;
import io.hearth.promql.planner.FragmentExecutor;
import io.hearth.promql.planner.FragmentResult;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coordinator side of a pushed-down aggregation: sends the {@link Fragment} through the query's
 * {@link FragmentExecutor} and folds the shards' {@link PartialSeries} into the result a single node
 * computes. Groups are ordered by their first input series (as a single node's input order would);
 * partials of one group are folded in that order too. {@code sum}: Kahan sum of the partial sums
 * with their compensations added to the compensation; {@code avg}: the same over the sum of counts
 * (histograms: compensated sum of sums divided by the count, or the count-weighted mean of the
 * partial means where a sum overflows); {@code count}: sum; {@code min}/{@code max}: the same
 * operator; {@code topk}/{@code bottomk}: the same operator over the union of local winners sorted
 * by labels; {@code count_values}: sum per output label set.
 */
final class PartialMerge {
  private final Evaluator ev;
  private final AggregateExpr a;
  private final AggregateOp op;
  private final PosRange exprPos;

  private PartialMerge(Evaluator ev, AggregateExpr a) {
    this.ev = ev;
    this.a = a;
    this.op = a.op();
    this.exprPos = Expr.unwrapParens(a.expr()).posRange();
  }

  static List<EvalSeries> evaluate(Evaluator ev, AggregateExpr a) {
    QueryContext ctx = ev.ctx;
    long leftMs = Math.max(1, (ctx.deadlineNanos - System.nanoTime()) / 1_000_000L);
    Fragment f = new Fragment(ctx.query, a.posRange().start(), a.posRange().end(), ev.start, ev.end, ev.interval,
        ctx.queryStart, ctx.queryEnd, ctx.queryStep, ctx.rangeQuery, ctx.lookbackMs, leftMs);
    FragmentResult r = ctx.fragments.execute(f);
    ctx.annotations.addRendered(r.warnings(), r.infos());
    PartialMerge m = new PartialMerge(ev, a);
    switch (a.op()) {
      case TOPK:
      case BOTTOMK:
        return m.topk(r.series());
      case COUNT_VALUES:
        return m.countValues(r.series());
      default:
        return m.fold(r.series());
    }
  }

  private List<EvalSeries> topk(List<PartialSeries> parts) {
    Map<PartialSeries, Labels> groupOrder = new IdentityHashMap<>();
    Map<String, Labels> minOrder = new HashMap<>();
    Map<PartialSeries, String> keys = new IdentityHashMap<>();
    for (PartialSeries p : parts) {
      String k = AggregationEval.groupKeyOf(a, p.labels);
      keys.put(p, k);
      minOrder.merge(k, p.order, PartialMerge::min);
    }
    for (PartialSeries p : parts) {
      groupOrder.put(p, minOrder.get(keys.get(p)));
    }
    List<PartialSeries> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparing((PartialSeries p) -> groupOrder.get(p)).thenComparing(p -> p.labels));
    List<EvalSeries> input = new ArrayList<>(sorted.size());
    for (PartialSeries p : sorted) {
      EvalSeries s = new EvalSeries(p.labels, p.n > 0 && p.has(0, PartialSeries.DROP_NAME));
      for (int i = 0; i < p.n; i++) {
        if (p.hist[i] == null) {
          s.addFloat(p.t[i], p.value[i]);
        } else {
          s.addHistogram(p.t[i], p.hist[i]);
        }
      }
      input.add(s);
    }
    return AggregationEval.kOver(ev, a, input);
  }

  private List<EvalSeries> countValues(List<PartialSeries> parts) {
    Map<Labels, TreeMap<Long, Double>> counts = new LinkedHashMap<>();
    Map<Labels, PartialSeries> first = new HashMap<>();
    for (PartialSeries p : parts) {
      if (p.n == 0) {
        continue;
      }
      TreeMap<Long, Double> c = counts.computeIfAbsent(p.labels, k -> new TreeMap<>());
      for (int i = 0; i < p.n; i++) {
        c.merge(p.t[i], p.value[i], Double::sum);
      }
      first.merge(p.labels, p, (x, y) -> x.t[0] < y.t[0] || (x.t[0] == y.t[0] && x.order.compareTo(y.order) <= 0) ? x : y);
    }
    List<Labels> order = new ArrayList<>(counts.keySet());
    order.sort(Comparator.comparingLong((Labels l) -> first.get(l).t[0]).thenComparing(l -> first.get(l).order));
    List<EvalSeries> out = new ArrayList<>(order.size());
    for (Labels l : order) {
      EvalSeries s = new EvalSeries(l, false);
      counts.get(l).forEach(s::addFloat);
      ev.ctx.addSamples(s.size());
      out.add(s);
    }
    return out;
  }

  private List<EvalSeries> fold(List<PartialSeries> parts) {
    Map<Labels, List<PartialSeries>> byGroup = new HashMap<>();
    for (PartialSeries p : parts) {
      byGroup.computeIfAbsent(p.labels, k -> new ArrayList<>()).add(p);
    }
    List<List<PartialSeries>> groups = new ArrayList<>(byGroup.values());
    for (List<PartialSeries> g : groups) {
      g.sort(Comparator.comparing(p -> p.order));
    }
    groups.sort(Comparator.comparing(g -> g.get(0).order));
    List<EvalSeries> out = new ArrayList<>(groups.size());
    State st = new State();
    for (List<PartialSeries> g : groups) {
      EvalSeries s = new EvalSeries(g.get(0).labels, false);
      int[] cursor = new int[g.size()];
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
        ev.ctx.checkTimeout();
        st.seen = false;
        for (int k = 0; k < g.size(); k++) {
          PartialSeries p = g.get(k);
          if (cursor[k] < p.n && p.t[cursor[k]] == ts) {
            st.fold(p, cursor[k]++);
          }
        }
        if (st.seen) {
          emit(st, s, ts);
        }
      }
      if (s.size() > 0) {
        out.add(s);
      }
    }
    return out;
  }

  private void emit(State st, EvalSeries s, long ts) {
    Annotations an = ev.ctx.annotations;
    double f = st.value;
    FloatHistogram h = null;
    switch (op) {
      case SUM:
      case AVG:
        if (st.has(PartialSeries.HAS_FLOAT) && st.has(PartialSeries.HAS_HIST)) {
          an.warn(Annotations.mixedFloatsHistogramsAgg(), exprPos);
          return;
        }
        if (st.has(PartialSeries.INCOMPATIBLE)) {
          return;
        }
        if (st.has(PartialSeries.HAS_HIST)) {
          if (op == AggregateOp.SUM) {
            h = st.hist.result();
          } else if (st.has(PartialSeries.HISTOGRAM_MEAN) || st.hist.hasOverflow()) {
            h = st.histogramMean();
          } else {
            h = st.hist.result(st.count);
          }
        } else if (op == AggregateOp.SUM) {
          f = st.value + st.comp;
        } else if (st.has(PartialSeries.INCREMENTAL_MEAN) || Double.isInfinite(st.value)) {
          f = st.mean;
        } else {
          f = KahanSum.mean(st.value, st.comp, st.count);
        }
        break;
      case COUNT:
        f = st.count;
        break;
      default:
        break;
    }
    if (st.has(PartialSeries.RESET_SEEN) && st.has(PartialSeries.NOT_RESET_SEEN)) {
      an.warn(Annotations.counterResetCollision("aggregation"), exprPos);
    }
    if (h == null) {
      s.addFloat(ts, f);
    } else {
      s.addHistogram(ts, h);
    }
    s.dropName = st.has(PartialSeries.DROP_NAME);
    ev.ctx.addSamples(1);
  }

  private static Labels min(Labels x, Labels y) {
    return x.compareTo(y) <= 0 ? x : y;
  }

  /** The merged state of one group at one step. */
  private final class State {
    boolean seen;
    int flags;
    double value;
    double comp;
    double count;
    /** Count-weighted running mean of the partial means (avg when a sum overflows). */
    double mean;
    /** The compensated sum of the partial histogram sums. */
    HistogramKahanSum hist;
    /** {@code avg}: the partial histograms (sums or means) and their counts, for a mean instead of the sum. */
    final List<FloatHistogram> avgParts = new ArrayList<>();
    final List<Double> avgCounts = new ArrayList<>();
    final List<Boolean> avgMeans = new ArrayList<>();
    Labels order;

    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    void fold(PartialSeries p, int i) {
      double partMean = p.has(i, PartialSeries.INCREMENTAL_MEAN) ? p.value[i] + p.comp[i]
          : p.value[i] / p.count[i] + p.comp[i] / p.count[i];
      if (!seen) {
        seen = true;
        flags = p.flags[i];
        value = p.value[i];
        comp = p.comp[i];
        count = p.count[i];
        mean = partMean;
        hist = null;
        avgParts.clear();
        avgCounts.clear();
        avgMeans.clear();
        if (p.hist[i] != null) {
          hist = new HistogramKahanSum();
          hist.add(p.hist[i], null);
          if (p.histComp[i] != null) {
            hist.add(p.histComp[i], null);
          }
          keepForMean(p, i);
        }
        order = p.order;
        return;
      }
      boolean wasIncompatible = has(PartialSeries.INCOMPATIBLE);
      flags |= p.flags[i];
      switch (op) {
        case SUM:
        case AVG:
          if (wasIncompatible) {
            return;
          }
          double[] c = {comp};
          value = KahanSum.inc(p.value[i], value, c);
          comp = c[0] + p.comp[i];
          count += p.count[i];
          // As the single node's incremental mean (mean*(n-1)/n + x/n), per partial: an infinite
          // mean stays infinite instead of turning into Inf - Inf.
          mean = mean * ((count - p.count[i]) / count) + partMean * (p.count[i] / count);
          if (hist != null && p.hist[i] != null) {
            addHistogram(p.hist[i]);
            if (p.histComp[i] != null) {
              addHistogram(p.histComp[i]);
            }
            keepForMean(p, i);
          }
          break;
        case COUNT:
          count += p.count[i];
          break;
        case MAX:
          if (value < p.value[i] || Double.isNaN(value)) {
            value = p.value[i];
          }
          break;
        case MIN:
          if (value > p.value[i] || Double.isNaN(value)) {
            value = p.value[i];
          }
          break;
        default:
          break;
      }
    }

    private void keepForMean(PartialSeries p, int i) {
      if (op == AggregateOp.AVG) {
        FloatHistogram part = p.hist[i];
        if (p.histComp[i] != null) {
          HistogramKahanSum whole = new HistogramKahanSum();
          whole.add(p.hist[i], null);
          whole.add(p.histComp[i], null);
          part = whole.result();
        }
        avgParts.add(part);
        avgCounts.add(p.count[i]);
        avgMeans.add(p.has(i, PartialSeries.HISTOGRAM_MEAN));
      }
    }

    /**
     * The count-weighted mean of the partial means, as a single node's incremental mean when the
     * sum overflows: {@code mean·(n-k)/n + partMean·k/n} per partial of {@code k} inputs.
     */
    FloatHistogram histogramMean() {
      HistogramKahanSum mean = new HistogramKahanSum();
      double n = 0;
      for (int k = 0; k < avgParts.size(); k++) {
        double c = avgCounts.get(k);
        FloatHistogram part = avgParts.get(k).copy();
        if (!avgMeans.get(k)) {
          HistogramMath.div(part, c);
        }
        n += c;
        mean.mul((n - c) / n);
        mean.add(HistogramMath.mul(part, c / n), null);
      }
      return mean.result();
    }

    private void addHistogram(FloatHistogram h) {
      try {
        HistogramMath.Flags fl = new HistogramMath.Flags();
        hist.add(h, fl);
        if (fl.customBucketsReconciled) {
          ev.ctx.annotations.info(Annotations.customBucketsReconciled("aggregation"), exprPos);
        }
      } catch (IncompatibleHistogramsException x) {
        ev.ctx.annotations.warn(Annotations.mixedExponentialCustom(order.metricName()), exprPos);
        flags |= PartialSeries.INCOMPATIBLE;
      }
    }
  }
}
