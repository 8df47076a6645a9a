package io.hearth.promql.functions;

import java.util.Arrays;

/**
 * The {@code *_over_time} aggregations over the float samples {@code [from, to)} of one window,
 * with Prometheus's numerics (Kahan summation, overflow-safe mean, NaN handling of min/max).
 */
public final class OverTime {
  private OverTime() {}

  /** {@code sum_over_time}. */
  public static double sum(double[] v, int from, int to) {
    double sum = 0;
    double[] c = {0};
    for (int i = from; i < to; i++) {
      sum = KahanSum.inc(v[i], sum, c);
    }
    return Double.isInfinite(sum) ? sum : sum + c[0];
  }

  /**
   * {@code avg_over_time}: a Kahan-compensated direct mean while the running sum stays finite,
   * then an incremental mean.
   */
  public static double avg(double[] v, int from, int to) {
    double sum = v[from];
    double count = 1;
    double mean = 0;
    double[] c = {0};
    boolean incremental = false;
    for (int i = from + 1; i < to; i++) {
      count = i - from + 1;
      if (!incremental) {
        double[] c2 = {c[0]};
        double newSum = KahanSum.inc(v[i], sum, c2);
        if (!Double.isInfinite(newSum)) {
          sum = newSum;
          c[0] = c2[0];
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c[0] /= (count - 1);
      }
      double q = (count - 1) / count;
      c[0] = q * c[0];
      mean = KahanSum.inc(v[i] / count, q * mean, c);
    }
    if (incremental) {
      return mean + c[0];
    }
    return sum / count + c[0] / count;
  }

  /** {@code max_over_time} ({@code max} true) or {@code min_over_time}; NaN only when all are NaN. */
  public static double extreme(double[] v, int from, int to, boolean max) {
    double m = v[from];
    for (int i = from; i < to; i++) {
      double f = v[i];
      if ((max ? f > m : f < m) || Double.isNaN(m)) {
        m = f;
      }
    }
    return m;
  }

  /** {@code ts_of_max_over_time}/{@code ts_of_min_over_time}: the last time the extreme was reached, in seconds. */
  public static double timeOfExtreme(long[] t, double[] v, int from, int to, boolean max) {
    double m = v[from];
    long at = t[from];
    for (int i = from; i < to; i++) {
      double f = v[i];
      if ((max ? f >= m : f <= m) || Double.isNaN(m)) {
        m = f;
        at = t[i];
      }
    }
    return at / 1000.0;
  }

  /** {@code stdvar_over_time} ({@code sqrt} false) or {@code stddev_over_time}. */
  public static double variance(double[] v, int from, int to, boolean sqrt) {
    double count = 0;
    double mean = 0;
    double[] cMean = {0};
    double aux = 0;
    double[] cAux = {0};
    for (int i = from; i < to; i++) {
      double f = v[i];
      count++;
      double delta = f - (mean + cMean[0]);
      mean = KahanSum.inc(delta / count, mean, cMean);
      aux = KahanSum.inc(delta * (f - (mean + cMean[0])), aux, cAux);
    }
    double variance = (aux + cAux[0]) / count;
    return sqrt ? Math.sqrt(variance) : variance;
  }

  /** {@code quantile_over_time}; {@code scratch} must hold {@code to - from} values. */
  public static double quantile(double q, double[] v, int from, int to, double[] scratch) {
    int n = to - from;
    System.arraycopy(v, from, scratch, 0, n);
    return Quantiles.quantile(q, scratch, n);
  }

  /** {@code mad_over_time}: the median absolute deviation from the median. */
  public static double mad(double[] v, int from, int to, double[] scratch) {
    int n = to - from;
    System.arraycopy(v, from, scratch, 0, n);
    double median = Quantiles.quantile(0.5, scratch, n);
    for (int i = 0; i < n; i++) {
      scratch[i] = Math.abs(v[from + i] - median);
    }
    return Quantiles.quantile(0.5, scratch, n);
  }

  /** A scratch buffer of at least {@code n} entries, reusing {@code buf} when large enough. */
  public static double[] scratch(double[] buf, int n) {
    return buf != null && buf.length >= n ? buf : new double[Math.max(n, 16)];
  }

  static void sortNaNFirst(double[] v, int n) {
    Arrays.sort(v, 0, n);
    // Arrays.sort puts NaN last; Prometheus's order treats NaN as smallest.
    int nans = 0;
    for (int i = n - 1; i >= 0 && Double.isNaN(v[i]); i--) {
      nans++;
    }
    if (nans > 0 && nans < n) {
      System.arraycopy(v, 0, v, nans, n - nans);
      Arrays.fill(v, 0, nans, Double.NaN);
    }
  }
}
