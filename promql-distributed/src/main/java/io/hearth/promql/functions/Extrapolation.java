package io.hearth.promql.functions;

/**
 * {@code rate}, {@code increase} and {@code delta} over float samples, with Prometheus 3.x's
 * extrapolation ({@code extrapolatedRate}): the change between the first and last sample in the
 * window (plus counter-reset corrections), extrapolated towards the window boundaries when the
 * samples come close enough to them, and never below zero for counters.
 */
public final class Extrapolation {
  private Extrapolation() {}

  /**
   * The result for samples {@code [from, to)} (at least two) of a window {@code (rangeStart,
   * rangeEnd]}.
   */
  public static double rate(long[] t, double[] v, int from, int to, long rangeStart, long rangeEnd,
      double rangeSeconds, boolean isCounter, boolean isRate) {
    int last = to - 1;
    double result = v[last] - v[from];
    if (isCounter) {
      double prev = v[from];
      for (int i = from + 1; i < to; i++) {
        double cur = v[i];
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    double factor = factor(t[from], t[last], to - from - 1, rangeStart, rangeEnd, isCounter, v[from], result,
        isRate, rangeSeconds);
    return result * factor;
  }

  /**
   * The factor by which the raw change is scaled. {@code firstValue} is the first sample's value (or
   * histogram count) and {@code result} the raw change (or its count), used to stop counters from
   * extrapolating below zero.
   */
  public static double factor(long firstT, long lastT, int samplesMinusOne, long rangeStart, long rangeEnd,
      boolean isCounter, double firstValue, double result, boolean isRate, double rangeSeconds) {
    double durationToStart = (firstT - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / samplesMinusOne;
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter) {
      double durationToZero = durationToStart;
      if (result > 0 && firstValue >= 0) {
        durationToZero = sampledInterval * (firstValue / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= extrapolationThreshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) {
      factor /= rangeSeconds;
    }
    return factor;
  }
}
