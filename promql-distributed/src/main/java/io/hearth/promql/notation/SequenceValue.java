package io.hearth.promql.notation;

import io.hearth.sharding.api.FloatHistogram;

/**
 * One position of a value sequence in the series notation ({@code load} data or an expected series): omitted
 * ({@code _}), a float (staleness markers included, bit-exact) or a native histogram.
 *
 * @param hintSet whether the histogram literal spelled out {@code counter_reset_hint}; only then is
 *     the hint compared
 */
public record SequenceValue(boolean omitted, double value, FloatHistogram histogram, boolean hintSet) {
  public static final SequenceValue OMITTED = new SequenceValue(true, 0, null, false);

  public static SequenceValue of(double v) {
    return new SequenceValue(false, v, null, false);
  }

  public static SequenceValue of(FloatHistogram h, boolean hintSet) {
    return new SequenceValue(false, 0, h, hintSet);
  }

  public boolean isHistogram() {
    return histogram != null;
  }

  @Override
  public String toString() {
    if (omitted) return "_";
    return histogram != null ? HistogramText.format(histogram) : GoNumbers.format(value);
  }
}
