package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;

/**
 * The mean of native histograms as Prometheus's {@code avg} and {@code avg_over_time} compute it: a
 * compensated sum ({@link HistogramKahanSum}) divided by the count at the end, unless adding a
 * histogram would make a value of the sum overflow; from then on an incremental mean, {@code
 * mean·(n-1)/n + h/n}, whose compensation is scaled along with it. Not thread-safe.
 */
public final class HistogramMean {
  private HistogramKahanSum acc = new HistogramKahanSum();
  private double n;
  private boolean incremental;

  /**
   * Adds {@code h}; {@code flags} (may be null) receives reconciliation and collision flags. Throws
   * {@link IncompatibleHistogramsException} when one side uses custom buckets and the other does not.
   */
  public void add(FloatHistogram h, HistogramMath.Flags flags) {
    n++;
    if (!incremental) {
      if (n == 1 || acc.staysFinite(h)) {
        acc.add(h, flags);
        return;
      }
      HistogramKahanSum next = acc.copy();
      next.add(h, flags);
      if (!next.hasOverflow()) {
        acc = next;
        return;
      }
      // The sum would overflow: continue from the mean so far.
      incremental = true;
      acc.div(n - 1);
    }
    acc.mul((n - 1) / n);
    acc.add(HistogramMath.div(h.copy(), n), flags);
  }

  /** Whether the mean is computed incrementally (the sum would have overflowed). */
  public boolean incremental() {
    return incremental;
  }

  /**
   * The compensated sum, or the mean once {@link #incremental()} (compacted; null when nothing was
   * added): what a shard hands on for the coordinator to combine.
   */
  public FloatHistogram sumOrMean() {
    return acc.result();
  }

  /** {@link #sumOrMean()} as its running values and its compensations (null when zero), for a shard's partial. */
  public FloatHistogram[] sumOrMeanParts() {
    return new FloatHistogram[] {acc.uncompensated(), acc.compensation()};
  }

  /** The mean (compacted), or null when nothing was added. */
  public FloatHistogram result() {
    return incremental ? acc.result() : acc.result(n);
  }
}
