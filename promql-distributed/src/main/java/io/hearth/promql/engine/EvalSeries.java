package io.hearth.promql.engine;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;

/**
 * One series of an intermediate result: its labels, whether its metric name is to be dropped at the
 * end of evaluation (3.x delayed name removal), and its float and histogram points in primitive
 * arrays, each in ascending time order. The read cursors serve {@link RangeEval}'s step-by-step
 * gathering. Not thread-safe.
 */
final class EvalSeries {
  private static final long[] NO_T = new long[0];
  private static final double[] NO_V = new double[0];
  private static final FloatHistogram[] NO_H = new FloatHistogram[0];

  Labels labels;
  boolean dropName;
  long[] ft = NO_T;
  double[] fv = NO_V;
  int fn;
  long[] ht = NO_T;
  FloatHistogram[] hv = NO_H;
  int hn;
  int fCursor;
  int hCursor;

  EvalSeries(Labels labels, boolean dropName) {
    this.labels = labels;
    this.dropName = dropName;
  }

  void addFloat(long t, double v) {
    if (fn == ft.length) {
      int cap = Math.max(8, fn * 2);
      ft = Arrays.copyOf(ft, cap);
      fv = Arrays.copyOf(fv, cap);
    }
    ft[fn] = t;
    fv[fn] = v;
    fn++;
  }

  void addHistogram(long t, FloatHistogram h) {
    if (hn == ht.length) {
      int cap = Math.max(8, hn * 2);
      ht = Arrays.copyOf(ht, cap);
      hv = Arrays.copyOf(hv, cap);
    }
    ht[hn] = t;
    hv[hn] = h;
    hn++;
  }

  int size() {
    return fn + hn;
  }

  /** What {@link #takeAt} found. */
  static final int NO_POINT = 0;
  static final int FLOAT_POINT = 1;
  static final int HISTOGRAM_POINT = 2;

  /**
   * Consumes the point at {@code ts} if a cursor stands on one (the float first) and says which
   * kind it was; the consumed value is {@code fv[fCursor - 1]} or {@code hv[hCursor - 1]}.
   */
  int takeAt(long ts) {
    if (fCursor < fn && ft[fCursor] == ts) {
      fCursor++;
      return FLOAT_POINT;
    }
    if (hCursor < hn && ht[hCursor] == ts) {
      hCursor++;
      return HISTOGRAM_POINT;
    }
    return NO_POINT;
  }

  void rewind() {
    fCursor = 0;
    hCursor = 0;
  }
}
