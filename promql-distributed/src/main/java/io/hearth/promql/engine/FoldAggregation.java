package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.functions.KahanSum;
import io.hearth.promql.functions.Quantiles;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The folding aggregations: {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max},
 * {@code group}, {@code stddev}, {@code stdvar} and {@code quantile}. The group of each input series
 * is computed once; each step then folds the series' values, in input order, into per-group state
 * ({@link FoldState}) and emits one value per group that had a sample at that step.
 *
 * <p>Contract: the output holds one series per group with at least one value, in the order of the
 * groups' first input series. Numerics are Prometheus's: Kahan-compensated sums, the
 * direct-then-incremental mean of {@code avg}, Welford's variance (a group whose first sample is NaN
 * or infinite has a NaN variance), NaN ordering in {@code min}/{@code max}. Histograms are summed and
 * averaged; the other operators ignore them with an info annotation. With a non-null {@code
 * partials} list (a shard evaluating a pushed-down fragment) each group's raw state per step goes
 * there instead of its final value, and the returned list is empty. One instance per evaluation; not
 * thread-safe.
 */
final class FoldAggregation {
  private final Evaluator ev;
  private final AggregateExpr e;
  private final AggregateOp op;
  private final Grouping grouping;
  private final PosRange exprPos;
  private final List<PartialSeries> partials;

  FoldAggregation(Evaluator ev, AggregateExpr e, Grouping grouping, List<PartialSeries> partials) {
    this.ev = ev;
    this.e = e;
    this.op = e.op();
    this.grouping = grouping;
    this.exprPos = Expr.unwrapParens(e.expr()).posRange();
    this.partials = partials;
  }

  /**
   * Folds {@code input} (rewound here) with the per-step parameters {@code params} ({@code
   * quantile}'s φ; null for the others).
   */
  List<EvalSeries> run(List<EvalSeries> input, double[] params) {
    Map<String, Integer> groupIdx = new HashMap<>();
    int[] toGroup = new int[input.size()];
    List<EvalSeries> result = new ArrayList<>();
    List<Labels> firstMember = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      Labels l = input.get(i).labels;
      String key = grouping.key(l);
      Integer g = groupIdx.get(key);
      if (g == null) {
        g = result.size();
        groupIdx.put(key, g);
        result.add(new EvalSeries(grouping.labels(l), false));
        firstMember.add(l);
      }
      toGroup[i] = g;
      input.get(i).rewind();
    }
    if (op == AggregateOp.QUANTILE && params != null) {
      boolean nan = false;
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (double p : params) {
        nan |= Double.isNaN(p);
        max = Math.max(max, p);
        min = Math.min(min, p);
      }
      PosRange pp = Expr.unwrapParens(e.param()).posRange();
      if (nan) {
        ev.ctx.annotations.warn(Annotations.invalidQuantile(Double.NaN), pp);
      }
      if (max > 1) {
        ev.ctx.annotations.warn(Annotations.invalidQuantile(max), pp);
      }
      if (min < 0) {
        ev.ctx.annotations.warn(Annotations.invalidQuantile(min), pp);
      }
    }
    int ng = result.size();
    FoldState gs = new FoldState(ng);
    PartialSeries[] partialOut = new PartialSeries[ng];
    Annotations an = ev.ctx.annotations;
    int step = 0;
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
      ev.ctx.checkTimeout();
      Arrays.fill(gs.seen, false);
      for (int si = 0; si < input.size(); si++) {
        EvalSeries s = input.get(si);
        int kind = s.takeAt(ts);
        if (kind == EvalSeries.NO_POINT) {
          continue;
        }
        double f = kind == EvalSeries.FLOAT_POINT ? s.fv[s.fCursor - 1] : 0;
        FloatHistogram h = kind == EvalSeries.HISTOGRAM_POINT ? s.hv[s.hCursor - 1] : null;
        int g = toGroup[si];
        if (!gs.seen[g]) {
          gs.init(g, f, s.dropName);
          switch (op) {
            case SUM:
            case AVG:
              if (h == null) {
                gs.hasFloat[g] = true;
              } else {
                gs.startHistogram(g, h, op == AggregateOp.AVG);
                gs.hasHist[g] = true;
                gs.trackHint(g, h);
              }
              break;
            case STDDEV:
            case STDVAR:
              if (h != null) {
                gs.seen[g] = false;
                an.info(Annotations.histogramIgnoredInAggregation(op.keyword), exprPos);
              } else if (Double.isNaN(f) || Double.isInfinite(f)) {
                gs.value[g] = Double.NaN;
              } else {
                gs.value[g] = 0;
              }
              break;
            case QUANTILE:
              if (h != null) {
                gs.seen[g] = false;
                an.info(Annotations.histogramIgnoredInAggregation("quantile"), exprPos);
              }
              gs.values[g] = 0;
              gs.push(g, f);
              break;
            case GROUP:
              gs.value[g] = 1;
              break;
            case MIN:
            case MAX:
              if (h != null) {
                gs.seen[g] = false;
                an.info(Annotations.histogramIgnoredInAggregation(op.keyword), exprPos);
              }
              break;
            default:
              break;
          }
          continue;
        }
        if (gs.incompatible[g]) {
          continue;
        }
        if (s.dropName) {
          gs.dropName[g] = true;
        }
        switch (op) {
          case SUM:
            if (h != null) {
              gs.hasHist[g] = true;
              if (gs.hist[g] != null) {
                gs.trackHint(g, h);
                addHistogram(gs, g, h, s.labels);
              }
            } else {
              gs.hasFloat[g] = true;
              gs.kahanAdd(g, f);
            }
            break;
          case AVG:
            gs.count[g]++;
            if (h != null) {
              gs.hasHist[g] = true;
              if (gs.hist[g] != null || gs.histMean[g] != null) {
                gs.trackHint(g, h);
                addHistogram(gs, g, h, s.labels);
              }
            } else {
              gs.hasFloat[g] = true;
              gs.avgAdd(g, f);
            }
            break;
          case GROUP:
            break;
          case MAX:
            if (h != null) {
              an.info(Annotations.histogramIgnoredInAggregation("max"), exprPos);
              continue;
            }
            if (gs.value[g] < f || Double.isNaN(gs.value[g])) {
              gs.value[g] = f;
            }
            break;
          case MIN:
            if (h != null) {
              an.info(Annotations.histogramIgnoredInAggregation("min"), exprPos);
              continue;
            }
            if (gs.value[g] > f || Double.isNaN(gs.value[g])) {
              gs.value[g] = f;
            }
            break;
          case COUNT:
            gs.count[g]++;
            break;
          case STDDEV:
          case STDVAR:
            if (h == null) {
              gs.count[g]++;
              double delta = f - gs.mean[g];
              gs.mean[g] += delta / gs.count[g];
              gs.value[g] += delta * (f - gs.mean[g]);
            } else {
              an.info(Annotations.histogramIgnoredInAggregation(op.keyword), exprPos);
            }
            break;
          case QUANTILE:
            if (h != null) {
              an.info(Annotations.histogramIgnoredInAggregation("quantile"), exprPos);
              continue;
            }
            gs.push(g, f);
            break;
          default:
            throw new PromQLException(PromQLException.ErrorType.INTERNAL, "unexpected aggregation " + op);
        }
      }
      for (int g = 0; g < ng; g++) {
        if (!gs.seen[g]) {
          continue;
        }
        if (partials != null) {
          if (partialOut[g] == null) {
            partialOut[g] = new PartialSeries(result.get(g).labels, firstMember.get(g));
          }
          gs.emit(g, ts, partialOut[g]);
          ev.ctx.addSamples(1);
          continue;
        }
        double f = gs.value[g];
        FloatHistogram h = null;
        switch (op) {
          case AVG:
          case SUM:
            if (gs.hasFloat[g] && gs.hasHist[g]) {
              an.warn(Annotations.mixedFloatsHistogramsAgg(), exprPos);
              continue;
            }
            if (gs.incompatible[g]) {
              continue;
            }
            if (gs.hasHist[g]) {
              h = gs.histMean[g] != null ? gs.histMean[g].result() : gs.hist[g].result();
            } else if (op == AggregateOp.SUM) {
              f = gs.value[g] + gs.kahanC[g];
            } else if (gs.incrementalMean[g]) {
              f = gs.mean[g] + gs.kahanC[g];
            } else {
              f = KahanSum.mean(gs.value[g], gs.kahanC[g], gs.count[g]);
            }
            break;
          case COUNT:
            f = gs.count[g];
            break;
          case STDVAR:
            f = gs.value[g] / gs.count[g];
            break;
          case STDDEV:
            f = Math.sqrt(gs.value[g] / gs.count[g]);
            break;
          case QUANTILE:
            f = Quantiles.quantile(params[step], gs.quantileValues[g], gs.values[g]);
            break;
          default:
            break;
        }
        if (gs.resetSeen[g] && gs.notResetSeen[g]) {
          an.warn(Annotations.counterResetCollision("aggregation"), exprPos);
        }
        EvalSeries out = result.get(g);
        if (h == null) {
          out.addFloat(ts, f);
        } else {
          out.addHistogram(ts, h);
        }
        out.dropName = gs.dropName[g];
        ev.ctx.addSamples(1);
      }
    }
    if (partials != null) {
      for (PartialSeries p : partialOut) {
        if (p != null) {
          partials.add(p);
        }
      }
    }
    List<EvalSeries> nonEmpty = new ArrayList<>(result.size());
    for (EvalSeries s : result) {
      if (s.size() > 0) {
        nonEmpty.add(s);
      }
    }
    return nonEmpty;
  }

  private void addHistogram(FoldState gs, int g, FloatHistogram h, Labels labels) {
    try {
      HistogramMath.Flags fl = new HistogramMath.Flags();
      if (gs.histMean[g] != null) {
        gs.histMean[g].add(h, fl);
      } else {
        gs.hist[g].add(h, fl);
      }
      if (fl.customBucketsReconciled) {
        ev.ctx.annotations.info(Annotations.customBucketsReconciled("aggregation"), exprPos);
      }
    } catch (IncompatibleHistogramsException x) {
      ev.ctx.annotations.warn(Annotations.mixedExponentialCustom(labels.metricName()), exprPos);
      gs.incompatible[g] = true;
    }
  }
}
