package io.hearth.promql.promqltest;

import io.hearth.sharding.api.StaleNaN;

/**
 * Float rules of the scripts: Prometheus's "almost equal" comparison (numbers are read and printed
 * by {@link io.hearth.promql.notation.GoNumbers}).
 */
final class Floats {
  /** Relative error allowed between expected and actual values. */
  static final double EPSILON = 1e-6;
  private static final double MIN_NORMAL = 2.2250738585072014e-308;

  private Floats() {}

  /**
   * Prometheus's {@code almost.Equal}: stale markers equal only each other, NaN equals NaN, else a
   * relative difference below {@link #EPSILON} (an absolute one near zero).
   */
  static boolean almostEqual(double a, double b) {
    if (StaleNaN.is(a) || StaleNaN.is(b)) return StaleNaN.is(a) && StaleNaN.is(b);
    if (Double.isNaN(a) && Double.isNaN(b)) return true;
    if (a == b) return true;
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
    return diff / Math.min(absSum, Double.MAX_VALUE) < EPSILON;
  }
}
