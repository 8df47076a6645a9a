package io.hearth.promql.engine;

import io.hearth.promql.functions.KahanSum;
import io.hearth.promql.histogram.HistogramKahanSum;
import io.hearth.promql.histogram.HistogramMean;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import java.util.Arrays;

/**
 * The per-group state of {@link FoldAggregation} at one step, in parallel arrays indexed by group
 * (reused across steps: {@link #init} starts a group at its first sample of a step). The meaning
 * of {@link #value} depends on the operator: the Kahan sum ({@code sum}, {@code avg}), the extreme
 * ({@code min}, {@code max}), the sum of squared deviations ({@code stddev}, {@code stdvar}).
 * Not thread-safe.
 */
final class FoldState {
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

  FoldState(int n) {
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
