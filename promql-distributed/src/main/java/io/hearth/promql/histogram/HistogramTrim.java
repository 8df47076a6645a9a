package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;

/**
 * The trim operators on native histograms: {@code h </ x} keeps the observations below {@code x},
 * {@code h >/ x} those above it. A bucket the threshold cuts is split by interpolation (linear in
 * the zero bucket and custom buckets, exponential in exponential buckets), the same estimate as
 * {@code histogram_fraction}, so {@code histogram_count(h </ x)} equals {@code
 * histogram_fraction(-Inf, x, h) * histogram_count(h)}.
 *
 * <p>When anything is removed, count and sum are re-estimated from the buckets kept: each kept
 * piece counts at its middle (arithmetic for linear buckets, geometric for exponential ones). A
 * trim that removes nothing returns the histogram unchanged.
 *
 * <p>Edge cases of the bounds: the zero bucket covers only {@code [0, zt]} when no negative bucket
 * is populated but a positive one is (and mirrored); the lowest custom bucket counts from 0 when
 * its upper bound is positive, otherwise its observations count as {@code -Inf}; the highest
 * custom bucket's count as {@code +Inf}; a bucket with an infinite bound that the threshold falls
 * into otherwise is dropped.
 */
public final class HistogramTrim {
  private final double x;
  private final boolean keepBelow;
  // The outcome for one bucket.
  private double keptFraction;
  private double keptValue;
  private double keptCount;
  private double keptSum;
  private double removed;

  private HistogramTrim(double x, boolean keepBelow) {
    this.x = x;
    this.keepBelow = keepBelow;
  }

  /**
   * {@code h </ x} (keepBelow) or {@code h >/ x} as a new histogram; {@code h} is not modified.
   */
  public static FloatHistogram trim(FloatHistogram h, double x, boolean keepBelow) {
    if (Double.isNaN(x) || x == (keepBelow ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)) {
      return h.copy();
    }
    HistogramTrim t = new HistogramTrim(x, keepBelow);
    FloatHistogram r = h.copy();
    boolean custom = h.usesCustomBuckets();
    boolean everything = x == (keepBelow ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    if (custom) {
      t.customSide(r.positiveSpans, r.positiveBuckets, r.customValues, everything);
    } else {
      boolean hasPositive = populated(h.positiveBuckets);
      boolean hasNegative = populated(h.negativeBuckets);
      t.exponentialSide(r.positiveSpans, r.positiveBuckets, r.schema, false, everything);
      t.exponentialSide(r.negativeSpans, r.negativeBuckets, r.schema, true, everything);
      if (r.zeroCount != 0) {
        double lo = -r.zeroThreshold;
        double up = r.zeroThreshold;
        if (!hasNegative && hasPositive) {
          lo = 0;
        } else if (!hasPositive && hasNegative) {
          up = 0;
        }
        if (everything) {
          t.none();
        } else {
          t.finite(lo, up, false);
        }
        r.zeroCount = t.apply(r.zeroCount);
      }
    }
    if (t.removed == 0) {
      return h.copy();
    }
    r.count = t.keptCount;
    r.sum = t.keptSum;
    return HistogramMath.compact(r);
  }

  private static boolean populated(double[] counts) {
    for (double c : counts) {
      if (c != 0) {
        return true;
      }
    }
    return false;
  }

  private void exponentialSide(int[] spans, double[] counts, int schema, boolean negative, boolean everything) {
    int idx = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1]; j++, idx++, k++) {
        if (counts[k] == 0) {
          continue;
        }
        if (everything) {
          none();
        } else {
          double lo = BucketLayout.lowerBound(idx, schema, null);
          double up = BucketLayout.upperBound(idx, schema, null);
          if (negative) {
            finite(-up, -lo, true);
          } else {
            finite(lo, up, true);
          }
        }
        counts[k] = apply(counts[k]);
      }
    }
  }

  private void customSide(int[] spans, double[] counts, double[] bounds, boolean everything) {
    int idx = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1]; j++, idx++, k++) {
        if (counts[k] == 0) {
          continue;
        }
        if (everything) {
          none();
        } else {
          customBucket(BucketLayout.lowerBound(idx, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, bounds),
              BucketLayout.upperBound(idx, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, bounds));
        }
        counts[k] = apply(counts[k]);
      }
    }
  }

  private void customBucket(double lo, double up) {
    boolean lowInf = lo == Double.NEGATIVE_INFINITY;
    boolean highInf = up == Double.POSITIVE_INFINITY;
    if (lowInf && highInf) {
      // Nothing is known about where the observations are.
      none();
    } else if (lowInf && up > 0) {
      // The lowest bucket counts from zero, but not for a threshold below zero.
      if (x < 0) {
        none();
      } else {
        finite(0, up, false);
      }
    } else if (lowInf) {
      // Observations at -Inf: all below any threshold, valued at the top of what is kept.
      if (keepBelow) {
        all(Math.min(x, up));
      } else {
        none();
      }
    } else if (highInf) {
      // Observations at +Inf: all above any threshold, valued at the bottom of what is kept.
      if (keepBelow) {
        none();
      } else {
        all(Math.max(x, lo));
      }
    } else {
      finite(lo, up, false);
    }
  }

  /** A bucket {@code [lo, up]} with finite bounds, split at the threshold if it falls inside. */
  private void finite(double lo, double up, boolean exponential) {
    if (keepBelow ? x >= up : x <= lo) {
      all(middle(lo, up, exponential));
      return;
    }
    if (keepBelow ? x <= lo : x >= up) {
      none();
      return;
    }
    double below = exponential ? exponentialFraction(lo, up) : (x - lo) / (up - lo);
    if (keepBelow) {
      keptFraction = below;
      keptValue = middle(lo, x, exponential);
    } else {
      keptFraction = 1 - below;
      keptValue = middle(x, up, exponential);
    }
  }

  /** The share of the exponential bucket {@code [lo, up]} below the threshold. */
  private double exponentialFraction(double lo, double up) {
    if (x > 0) {
      return (log2(x) - log2(lo)) / (log2(up) - log2(lo));
    }
    return (log2(-lo) - log2(-x)) / (log2(-lo) - log2(-up));
  }

  private static double middle(double a, double b, boolean exponential) {
    if (!exponential) {
      return (a + b) / 2;
    }
    double m = Math.sqrt(a * b);
    return a < 0 ? -m : m;
  }

  private void all(double value) {
    keptFraction = 1;
    keptValue = value;
  }

  private void none() {
    keptFraction = 0;
    keptValue = 0;
  }

  /** Accounts the current bucket's outcome; returns its kept count. */
  private double apply(double count) {
    double kept = count * keptFraction;
    removed += count - kept;
    keptCount += kept;
    if (kept != 0) {
      keptSum += kept * keptValue;
    }
    return kept;
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }
}
