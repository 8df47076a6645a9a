package io.hearth.promql.functions;

/**
 * Least-squares fit over float samples with Kahan-compensated sums, as Prometheus's {@code
 * linearRegression}; backs {@code deriv} and {@code predict_linear}.
 */
public final class LinearRegression {
  /** Slope of the last fit, per second. */
  public double slope;
  /** Value of the fitted line at the intercept time. */
  public double intercept;

  /** Fits samples {@code [from, to)} with x measured in seconds from {@code interceptTime}. */
  public LinearRegression fit(long[] t, double[] v, int from, int to, long interceptTime) {
    double n = 0;
    double sumX = 0;
    double sumY = 0;
    double sumXY = 0;
    double sumX2 = 0;
    double[] cX = {0};
    double[] cY = {0};
    double[] cXY = {0};
    double[] cX2 = {0};
    double initY = v[from];
    boolean constY = true;
    for (int i = from; i < to; i++) {
      double y = v[i];
      if (constY && i > from && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (t[i] - interceptTime) / 1e3;
      sumX = KahanSum.inc(x, sumX, cX);
      sumY = KahanSum.inc(y, sumY, cY);
      sumXY = KahanSum.inc(x * y, sumXY, cXY);
      sumX2 = KahanSum.inc(x * x, sumX2, cX2);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        slope = Double.NaN;
        intercept = Double.NaN;
      } else {
        slope = 0;
        intercept = initY;
      }
      return this;
    }
    sumX += cX[0];
    sumY += cY[0];
    sumXY += cXY[0];
    sumX2 += cX2[0];
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    slope = covXY / varX;
    intercept = sumY / n - slope * sumX / n;
    return this;
  }
}
