package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.Printing;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.functions.KahanSum;
import io.hearth.promql.functions.LabelFunctions;
import io.hearth.promql.functions.Quantiles;
import io.hearth.promql.histogram.HistogramKahanSum;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.histogram.HistogramMean;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;

/**
 * Aggregation operators with {@code by}/{@code without}: the grouping of each input series is
 * computed once, then each step folds the series' values into per-group state held in primitive
 * arrays. Numerics follow Prometheus: Kahan-compensated sums, the direct-then-incremental mean of
 * {@code avg}, Welford's variance, NaN ordering in {@code min}/{@code max}/{@code topk}.
 */
final class AggregationEval {
  private static final LongHashFunction XX64 = LongHashFunction.xx();

  private final Evaluator ev;
  private final AggregateExpr e;
  private final AggregateOp op;
  private final List<String> grouping;
  private final PosRange exprPos;
  /** Non-null on a shard evaluating a pushed-down fragment: receives per-group partial states. */
  private final List<PartialSeries> partials;

  private AggregationEval(Evaluator ev, AggregateExpr e, List<PartialSeries> partials) {
    this.ev = ev;
    this.e = e;
    this.partials = partials;
    this.op = e.op();
    List<String> g = new ArrayList<>(e.grouping());
    g.sort(null);
    this.grouping = g;
    this.exprPos = Expr.unwrapParens(e.expr()).posRange();
  }

  static List<EvalSeries> evaluate(Evaluator ev, AggregateExpr e) {
    return new AggregationEval(ev, e, null).run();
  }

  /**
   * The shard side of a pushed-down aggregation (see {@link Pushdown}): per group and step the raw
   * aggregation state instead of the final value, for {@link PartialMerge} to combine.
   */
  static List<PartialSeries> partial(Evaluator ev, AggregateExpr e) {
    List<PartialSeries> out = new ArrayList<>();
    new AggregationEval(ev, e, out).run();
    return out;
  }

  /** {@code topk}/{@code bottomk} of {@code e} over the given input instead of its inner expression. */
  static List<EvalSeries> kOver(Evaluator ev, AggregateExpr e, List<EvalSeries> input) {
    AggregationEval a = new AggregationEval(ev, e, null);
    return a.kAggregation(input, ev.scalarValues(e.param()));
  }

  /** The grouping key {@code e} assigns to a series with labels {@code l}. */
  static String groupKeyOf(AggregateExpr e, Labels l) {
    AggregationEval a = new AggregationEval(null, e, null);
    return a.groupKey(l, a.grouping);
  }

  private String groupKey(Labels l, List<String> names) {
    if (!e.without() && names.isEmpty()) {
      return "";
    }
    return LabelText.signature(l, names, !e.without(), e.without() ? LabelText.NAME : null);
  }

  private Labels groupLabels(Labels l, List<String> names) {
    if (e.without()) {
      Labels.Builder b = l.toBuilder();
      for (String n : names) {
        b.del(n);
      }
      b.del(LabelText.NAME);
      return b.build();
    }
    if (names.isEmpty()) {
      return Labels.EMPTY;
    }
    return l.toBuilder().keep(names).build();
  }

  private List<EvalSeries> run() {
    if (op == AggregateOp.COUNT_VALUES) {
      return countValues();
    }
    double[] params = null;
    if (e.param() != null) {
      params = ev.scalarValues(e.param());
    }
    List<EvalSeries> input = ev.series(e.expr());
    List<EvalSeries> out;
    switch (op) {
      case TOPK:
      case BOTTOMK:
      case LIMITK:
      case LIMIT_RATIO:
        out = kAggregation(input, params);
        if (partials != null) {
          winnersToPartials(out, input);
        }
        break;
      default:
        out = foldAggregation(input, params);
    }
    ev.release(input);
    return out;
  }

  private List<EvalSeries> foldAggregation(List<EvalSeries> input, double[] params) {
    Map<String, Integer> groupIdx = new HashMap<>();
    int[] toGroup = new int[input.size()];
    List<EvalSeries> result = new ArrayList<>();
    List<Labels> firstMember = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      Labels l = input.get(i).labels;
      String key = groupKey(l, grouping);
      Integer g = groupIdx.get(key);
      if (g == null) {
        g = result.size();
        groupIdx.put(key, g);
        result.add(new EvalSeries(groupLabels(l, grouping), false));
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
    Groups gs = new Groups(ng);
    PartialSeries[] partialOut = new PartialSeries[ng];
    Annotations an = ev.ctx.annotations;
    int step = 0;
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
      ev.ctx.checkTimeout();
      Arrays.fill(gs.seen, false);
      for (int si = 0; si < input.size(); si++) {
        EvalSeries s = input.get(si);
        double f = 0;
        FloatHistogram h = null;
        if (s.fCursor < s.fn && s.ft[s.fCursor] == ts) {
          f = s.fv[s.fCursor++];
        } else if (s.hCursor < s.hn && s.ht[s.hCursor] == ts) {
          h = s.hv[s.hCursor++];
        } else {
          continue;
        }
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

  private void addHistogram(Groups gs, int g, FloatHistogram h, Labels labels) {
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

  /** Per-group state of the folding aggregations, in parallel arrays. */
  private static final class Groups {
    final boolean[] seen;
    final double[] value;
    final double[] mean;
    final double[] kahanC;
    final double[] count;
    /** The histogram sum of {@code sum}. */
    final HistogramKahanSum[] hist;
    /** The histogram mean of {@code avg}. */
    final HistogramMean[] histMean;
    final boolean[] hasFloat;
    final boolean[] hasHist;
    final boolean[] incompatible;
    final boolean[] incrementalMean;
    final boolean[] resetSeen;
    final boolean[] notResetSeen;
    final boolean[] dropName;
    final double[][] quantileValues;
    final int[] values;

    Groups(int n) {
      seen = new boolean[n];
      value = new double[n];
      mean = new double[n];
      kahanC = new double[n];
      count = new double[n];
      hist = new HistogramKahanSum[n];
      histMean = new HistogramMean[n];
      hasFloat = new boolean[n];
      hasHist = new boolean[n];
      incompatible = new boolean[n];
      incrementalMean = new boolean[n];
      resetSeen = new boolean[n];
      notResetSeen = new boolean[n];
      dropName = new boolean[n];
      quantileValues = new double[n][];
      values = new int[n];
    }

    void init(int g, double f, boolean drop) {
      seen[g] = true;
      value[g] = f;
      mean[g] = f;
      kahanC[g] = 0;
      count[g] = 1;
      hist[g] = null;
      histMean[g] = null;
      hasFloat[g] = false;
      hasHist[g] = false;
      incompatible[g] = false;
      incrementalMean[g] = false;
      resetSeen[g] = false;
      notResetSeen[g] = false;
      dropName[g] = drop;
    }

    /** Appends group {@code g}'s raw state at {@code ts} to its partial. */
    void emit(int g, long ts, PartialSeries p) {
      int fl = (dropName[g] ? PartialSeries.DROP_NAME : 0) | (hasFloat[g] ? PartialSeries.HAS_FLOAT : 0)
          | (hasHist[g] ? PartialSeries.HAS_HIST : 0) | (incompatible[g] ? PartialSeries.INCOMPATIBLE : 0)
          | (resetSeen[g] ? PartialSeries.RESET_SEEN : 0) | (notResetSeen[g] ? PartialSeries.NOT_RESET_SEEN : 0)
          | (incrementalMean[g] ? PartialSeries.INCREMENTAL_MEAN : 0)
          | (histMean[g] != null && histMean[g].incremental() ? PartialSeries.HISTOGRAM_MEAN : 0);
      // Histogram sums travel as running values plus compensation, so the coordinator continues the
      // compensated sum exactly (a value cancelled by another shard's keeps what it absorbed).
      FloatHistogram h = null;
      FloatHistogram hc = null;
      if (hist[g] != null) {
        h = hist[g].uncompensated();
        hc = hist[g].compensation();
      } else if (histMean[g] != null) {
        FloatHistogram[] parts = histMean[g].sumOrMeanParts();
        h = parts[0];
        hc = parts[1];
      }
      p.add(ts, fl, incrementalMean[g] ? mean[g] : value[g], kahanC[g], count[g], h, hc);
    }

    /** Starts group {@code g}'s histogram sum, or its mean when {@code mean}, with {@code h}. */
    void startHistogram(int g, FloatHistogram h, boolean mean) {
      if (mean) {
        histMean[g] = new HistogramMean();
        histMean[g].add(h, null);
      } else {
        hist[g] = new HistogramKahanSum();
        hist[g].add(h, null);
      }
    }

    void trackHint(int g, FloatHistogram h) {
      if (h.counterResetHint == CounterResetHint.COUNTER_RESET) {
        resetSeen[g] = true;
      } else if (h.counterResetHint == CounterResetHint.NOT_COUNTER_RESET) {
        notResetSeen[g] = true;
      }
    }

    void push(int g, double f) {
      double[] q = quantileValues[g];
      if (q == null || values[g] == q.length) {
        quantileValues[g] = q = q == null ? new double[8] : Arrays.copyOf(q, q.length * 2);
      }
      q[values[g]++] = f;
    }

    void kahanAdd(int g, double f) {
      double[] c = {kahanC[g]};
      value[g] = KahanSum.inc(f, value[g], c);
      kahanC[g] = c[0];
    }

    void avgAdd(int g, double f) {
      if (!incrementalMean[g]) {
        double[] c = {kahanC[g]};
        double newV = KahanSum.inc(f, value[g], c);
        if (!Double.isInfinite(newV)) {
          value[g] = newV;
          kahanC[g] = c[0];
          return;
        }
        incrementalMean[g] = true;
        mean[g] = value[g] / (count[g] - 1);
        kahanC[g] /= count[g] - 1;
      }
      double q = (count[g] - 1) / count[g];
      double[] c = {q * kahanC[g]};
      mean[g] = KahanSum.inc(f / count[g], q * mean[g], c);
      kahanC[g] = c[0];
    }
  }

  private List<EvalSeries> kAggregation(List<EvalSeries> input, double[] params) {
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
      String key = groupKey(input.get(i).labels, grouping);
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
        FloatHistogram h = null;
        double f = 0;
        if (s.fCursor < s.fn && s.ft[s.fCursor] == ts) {
          f = s.fv[s.fCursor++];
        } else if (s.hCursor < s.hn && s.ht[s.hCursor] == ts) {
          h = s.hv[s.hCursor++];
        } else {
          continue;
        }
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

  /** Shard side of topk/bottomk: each local winner as a partial ordered by its group's first input. */
  private void winnersToPartials(List<EvalSeries> winners, List<EvalSeries> input) {
    Map<String, Labels> first = new HashMap<>();
    for (EvalSeries s : input) {
      first.putIfAbsent(groupKey(s.labels, grouping), s.labels);
    }
    for (EvalSeries w : winners) {
      partials.add(toPartial(w, first.get(groupKey(w.labels, grouping))));
    }
  }

  /** {@code s}'s points in time order as a partial (value or histogram, the drop-name flag on each). */
  static PartialSeries toPartial(EvalSeries s, Labels order) {
    PartialSeries p = new PartialSeries(s.labels, order);
    int fl = s.dropName ? PartialSeries.DROP_NAME : 0;
    int i = 0;
    int j = 0;
    while (i < s.fn || j < s.hn) {
      if (j >= s.hn || (i < s.fn && s.ft[i] < s.ht[j])) {
        p.add(s.ft[i], fl, s.fv[i], 0, 0, null);
        i++;
      } else {
        p.add(s.ht[j], fl, 0, 0, 0, s.hv[j]);
        j++;
      }
    }
    return p;
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

  private List<EvalSeries> countValues() {
    StringLiteral param = (StringLiteral) Expr.unwrapParens(e.param());
    String valueLabel = param.value();
    if (!LabelFunctions.isValidLabelName(valueLabel)) {
      throw PromQLException.execution("invalid label name " + param.quoted());
    }
    List<String> g = new ArrayList<>(grouping);
    if (!e.without()) {
      g.add(valueLabel);
      g.sort(null);
    }
    List<EvalSeries> input = ev.series(e.expr());
    Map<Labels, Labels> firstSource = new HashMap<>();
    List<EvalSeries> out = RangeEval.run(ev, List.of(input), (in, ts, step, o) -> {
      StepVector v = in[0];
      Map<String, Integer> idx = new LinkedHashMap<>();
      List<Labels> labels = new ArrayList<>();
      List<int[]> counts = new ArrayList<>();
      for (int i = 0; i < v.n; i++) {
        Labels.Builder b = v.labels[i].toBuilder();
        b.set(valueLabel, v.h[i] == null ? Printing.number(v.f[i]) : HistogramMath.text(v.h[i]));
        Labels metric = b.build();
        String key = groupKey(metric, g);
        Integer at = idx.get(key);
        if (at == null) {
          idx.put(key, labels.size());
          labels.add(groupLabels(metric, g));
          firstSource.putIfAbsent(labels.get(labels.size() - 1), v.labels[i]);
          counts.add(new int[] {1});
        } else {
          counts.get(at)[0]++;
        }
      }
      for (int i = 0; i < labels.size(); i++) {
        o.add(labels.get(i), false, counts.get(i)[0], null, ts, -1);
      }
    });
    ev.release(input);
    if (partials != null) {
      for (EvalSeries s : out) {
        partials.add(toPartial(s, firstSource.get(s.labels)));
      }
    }
    return out;
  }
}
