package io.hearth.promql.engine;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;

/**
 * An instant vector at one evaluation step, as parallel arrays (no object per sample): labels,
 * the delayed-name-removal flag, float value or histogram, the sample's own timestamp and the index
 * of the input series it came from (-1 when synthesised). Reused across steps; not thread-safe.
 */
final class StepVector {
  Labels[] labels = new Labels[8];
  boolean[] dropName = new boolean[8];
  double[] f = new double[8];
  FloatHistogram[] h = new FloatHistogram[8];
  long[] t = new long[8];
  int[] src = new int[8];
  int n;

  void clear() {
    for (int i = 0; i < n; i++) {
      h[i] = null;
      labels[i] = null;
    }
    n = 0;
  }

  void add(Labels l, boolean drop, double value, FloatHistogram hist, long ts, int source) {
    if (n == labels.length) {
      int cap = n * 2;
      labels = Arrays.copyOf(labels, cap);
      dropName = Arrays.copyOf(dropName, cap);
      f = Arrays.copyOf(f, cap);
      h = Arrays.copyOf(h, cap);
      t = Arrays.copyOf(t, cap);
      src = Arrays.copyOf(src, cap);
    }
    labels[n] = l;
    dropName[n] = drop;
    f[n] = value;
    h[n] = hist;
    t[n] = ts;
    src[n] = source;
    n++;
  }

  void copyFrom(StepVector o, int i) {
    add(o.labels[i], o.dropName[i], o.f[i], o.h[i], o.t[i], o.src[i]);
  }

  /** Swaps entries {@code i} and {@code j} (for in-place sorting). */
  void swap(int i, int j) {
    Labels l = labels[i]; labels[i] = labels[j]; labels[j] = l;
    boolean d = dropName[i]; dropName[i] = dropName[j]; dropName[j] = d;
    double v = f[i]; f[i] = f[j]; f[j] = v;
    FloatHistogram x = h[i]; h[i] = h[j]; h[j] = x;
    long ts = t[i]; t[i] = t[j]; t[j] = ts;
    int s = src[i]; src[i] = src[j]; src[j] = s;
  }
}
