package io.hearth.sharding.api;

/** Prometheus's staleness marker: one particular NaN bit pattern, which must survive bit-exact. */
public final class StaleNaN {
  /** The bits Prometheus writes for a stale marker. */
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleNaN() {}

  public static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
