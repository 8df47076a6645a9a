package io.hearth.promql.functions;

/**
 * {@code rate}, {@code increase} and {@code delta} over an {@code anchored} or {@code smoothed}
 * range of float samples ({@code extendedRate} in Prometheus), and the boundary search shared with
 * {@code changes}/{@code resets} over anchored ranges.
 *
 * <p>The samples handed in cover the range widened by the lookback delta (to the left, and for
 * {@code smoothed} also to the right). The value at the range start is the last sample at or before
 * it ({@code anchored}) or the interpolation across it ({@code smoothed}); likewise at the range
 * end. No extrapolation happens. Reusable; not thread-safe.
 */
public final class ExtendedRate {
  /** The result of the last successful {@link #compute} call. */
  public double value;

  /**
   * Computes the change over {@code (rangeStart, rangeEnd]} from samples {@code [from, to)} (at
   * least one) into {@link #value}; false when the samples give no result (nothing after the range
   * start, or for {@code smoothed} nothing up to the range end).
   */
  public boolean compute(long[] t, double[] v, int from, int to, long rangeStart, long rangeEnd, boolean smoothed,
      boolean isCounter, boolean isRate, double rangeSeconds) {
    int last = to - 1;
    int first = firstIndex(t, from, last, rangeStart);
    if (smoothed) {
      last = searchAtOrAfter(t, from, last, rangeEnd);
    }
    if (t[last] <= rangeStart || (smoothed && t[first] > rangeEnd)) {
      return false;
    }
    double left = v[first];
    if (smoothed && t[first] < rangeStart) {
      left = interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter);
    }
    double right = v[last];
    if (smoothed && last > from && t[last] > rangeEnd) {
      right = interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter);
    }
    double result = right - left;
    if (isCounter) {
      // Only samples strictly inside the range need a reset check: the boundary values above
      // already account for resets across the boundaries.
      int i = t[first] <= rangeStart ? first + 1 : first;
      int j = t[last] >= rangeEnd ? last - 1 : last;
      double prev = left;
      for (; i <= j; i++) {
        if (v[i] < prev) {
          result += prev;
        }
        prev = v[i];
      }
      if (right < prev) {
        result += prev;
      }
    }
    if (isRate) {
      result /= rangeSeconds;
    }
    value = result;
    return true;
  }

  /**
   * The index of the last sample at or before {@code rangeStart} among {@code [from, last)}, or
   * {@code from} when there is none.
   */
  public static int firstIndex(long[] t, int from, int last, long rangeStart) {
    int lo = from;
    int hi = last;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] > rangeStart) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Math.max(from, lo - 1);
  }

  /** The first index among {@code [from, last)} with a time at or after {@code rangeEnd}, else {@code last}. */
  public static int searchAtOrAfter(long[] t, int from, int last, long rangeEnd) {
    int lo = from;
    int hi = last;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] >= rangeEnd) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The straight line through {@code (t1, v1)} and {@code (t2, v2)} at {@code t}; for counters a
   * drop between the two is taken as a reset to zero right after {@code t1}.
   */
  public static double interpolate(long t1, double v1, long t2, double v2, long t, boolean isCounter) {
    double y1 = v1;
    if (isCounter && v2 < v1) {
      y1 = 0;
    }
    return y1 + (v2 - y1) * (double) (t - t1) / (double) (t2 - t1);
  }
}
