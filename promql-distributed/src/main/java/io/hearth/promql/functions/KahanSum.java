package io.hearth.promql.functions;

/**
 * Neumaier-compensated summation as Prometheus's {@code kahansum.Inc}: the running sum and its
 * compensation term. Mutable and reusable; not thread-safe.
 */
public final class KahanSum {
  public double sum;
  public double c;

  public KahanSum reset() {
    sum = 0;
    c = 0;
    return this;
  }

  /** Adds {@code inc}; an infinite sum clears the compensation. */
  public void add(double inc) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /** The compensated sum (the plain sum when it is infinite). */
  public double value() {
    return Double.isInfinite(sum) ? sum : sum + c;
  }

  /** One step of {@code kahansum.Inc} on explicit state: returns the new sum; {@code c[0]} is updated. */
  public static double inc(double inc, double sum, double[] c) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c[0] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c[0] += (sum - t) + inc;
    } else {
      c[0] += (inc - t) + sum;
    }
    return t;
  }

  /**
   * The mean of a compensated sum, {@code value/count + comp/count} as Prometheus computes it, after
   * renormalising {@code (value, comp)} so that {@code value} is the rounded total and {@code comp}
   * the rest (TwoSum). For a sum accumulated in one order nothing changes (Kahan keeps it normalised
   * in practice); sums of the same numbers accumulated in another order (merged partial sums of a
   * cluster) then give the same mean instead of differing in the last bit with how the total was
   * split between the two parts.
   */
  public static double mean(double value, double comp, double count) {
    double hi = value + comp;
    if (Double.isInfinite(hi) || Double.isNaN(hi)) return value / count + comp / count;
    double bb = hi - value;
    double lo = (value - (hi - bb)) + (comp - bb);
    return hi / count + lo / count;
  }
}
