package io.hearth.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The primitive-array kernels against values worked out from Prometheus's definitions. */
class FunctionKernelsTest {
  @Test
  void counterResetAddsPreviousValue() {
    long[] t = {0, 60_000, 120_000};
    double[] v = {10, 20, 5};
    // Raw increase 5 - 10 + 20 (reset) = 15 over 120s, extrapolated within a (0, 120s] window: no change.
    assertEquals(15, Extrapolation.rate(t, v, 0, 3, 0, 120_000, 120, true, false), 1e-12);
  }

  @Test
  void extrapolationStopsAtCounterZero() {
    long[] t = {60_000, 120_000};
    double[] v = {1, 2};
    // Window (0, 120s]: the zero point lies 60s before the first sample, equal to the gap, so full extrapolation.
    assertEquals(2, Extrapolation.rate(t, v, 0, 2, 0, 120_000, 120, true, false), 1e-12);
  }

  @Test
  void kahanSumKeepsSmallTermsNextToHugeOnes() {
    double[] v = {1, 1e100, 1, -1e100};
    assertEquals(2, OverTime.sum(v, 0, 4));
  }

  @Test
  void avgAvoidsOverflow() {
    double[] v = {Double.MAX_VALUE, Double.MAX_VALUE};
    assertEquals(Double.MAX_VALUE, OverTime.avg(v, 0, 2));
  }

  @Test
  void quantileInterpolatesBetweenNeighbours() {
    assertEquals(2.5, Quantiles.quantile(0.5, new double[] {4, 1, 3, 2}, 4));
    assertTrue(Double.isNaN(Quantiles.quantile(Double.NaN, new double[] {1}, 1)));
    assertEquals(Double.POSITIVE_INFINITY, Quantiles.quantile(1.5, new double[] {1}, 1));
  }

  @Test
  void bucketQuantileReturnsSecondHighestBoundInTopBucket() {
    Quantiles.BucketResult r = Quantiles.bucketQuantile(0.99, new double[] {1, 2, Double.POSITIVE_INFINITY},
        new double[] {1, 2, 100}, 3, new Quantiles.BucketResult());
    assertEquals(2, r.value);
  }

  @Test
  void bucketQuantileWithoutInfBucketIsNaN() {
    Quantiles.BucketResult r = Quantiles.bucketQuantile(0.5, new double[] {1, 2}, new double[] {1, 2}, 2,
        new Quantiles.BucketResult());
    assertTrue(Double.isNaN(r.value));
  }

  @Test
  void derivIsLeastSquaresSlopePerSecond() {
    long[] t = {0, 1000, 2000};
    double[] v = {0, 2, 4};
    assertEquals(2, new LinearRegression().fit(t, v, 0, 3, 0).slope, 1e-12);
  }

  @Test
  void dateFunctionsUseUtc() {
    double t = 1_700_000_000; // 2023-11-14T22:13:20Z, a Tuesday
    assertEquals(2023, DateTime.apply(DateTime.YEAR, t));
    assertEquals(11, DateTime.apply(DateTime.MONTH, t));
    assertEquals(14, DateTime.apply(DateTime.DAY_OF_MONTH, t));
    assertEquals(2, DateTime.apply(DateTime.DAY_OF_WEEK, t));
    assertEquals(22, DateTime.apply(DateTime.HOUR, t));
    assertEquals(30, DateTime.apply(DateTime.DAYS_IN_MONTH, t));
  }

  @Test
  void naturalSortComparesDigitRunsAsNumbers() {
    assertTrue(NaturalSort.less("a2", "a10"));
    assertTrue(NaturalSort.less("a", "b"));
  }

  @Test
  void roundTiesGoUp() {
    assertEquals(3, MathFunctions.round(2.5, 1));
    assertEquals(-2, MathFunctions.round(-2.5, 1));
  }
}
