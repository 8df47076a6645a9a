package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;

/**
 * The head's rules for native histogram samples: the structural check done before a sample is
 * staged, bit-exact sameness (duplicate detection) and the size at which a histogram chunk is cut.
 * Stateless.
 */
final class Histograms {
  /** A histogram chunk is sealed at this many payload bytes (Prometheus: 1 KiB) ... */
  static final int CHUNK_TARGET_BYTES = 1024;
  /** ... once it holds at least this many samples (Prometheus: 10). */
  static final int CHUNK_MIN_SAMPLES = 10;
  /** Buckets, spans or custom bounds beyond this are refused (the chunk codec's own limit). */
  static final int MAX_BUCKETS = 1_000_000;

  private Histograms() {}

  /**
   * Checks what storage relies on: spans are {@code (offset, length)} pairs with non-negative
   * lengths covering exactly the bucket arrays, and nothing is absurdly large. Values (negative
   * counts, NaN) are the evaluator's business and are stored as given.
   *
   * @throws IllegalArgumentException naming the field and the rule
   */
  static void validate(FloatHistogram h) {
    if (h == null) throw new IllegalArgumentException("histogram sample must not be null");
    spans("positive", h.positiveSpans, h.positiveBuckets.length);
    spans("negative", h.negativeSpans, h.negativeBuckets.length);
    if (h.customValues.length > MAX_BUCKETS) {
      throw new IllegalArgumentException("too many custom bucket bounds [max=" + MAX_BUCKETS + ", found="
          + h.customValues.length + "]");
    }
  }

  private static void spans(String side, int[] spans, int buckets) {
    if ((spans.length & 1) != 0) {
      throw new IllegalArgumentException(side + " spans must be (offset, length) pairs [found=" + spans.length
          + " ints]");
    }
    long covered = 0;
    for (int i = 1; i < spans.length; i += 2) {
      if (spans[i] < 0) {
        throw new IllegalArgumentException(side + " span length must not be negative [span=" + i / 2 + ", found="
            + spans[i] + "]");
      }
      covered += spans[i];
    }
    if (covered != buckets) {
      throw new IllegalArgumentException(side + " spans must cover the buckets exactly [spans cover=" + covered
          + ", buckets=" + buckets + "]");
    }
    if (buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("too many " + side + " buckets [max=" + MAX_BUCKETS + ", found=" + buckets
          + "]");
    }
  }

  /** Whether two histograms are identical bit for bit (NaN payloads included). */
  static boolean sameBits(FloatHistogram a, FloatHistogram b) {
    return a.counterResetHint == b.counterResetHint && a.schema == b.schema
        && same(a.zeroThreshold, b.zeroThreshold) && same(a.zeroCount, b.zeroCount)
        && same(a.count, b.count) && same(a.sum, b.sum)
        && Arrays.equals(a.positiveSpans, b.positiveSpans) && Arrays.equals(a.negativeSpans, b.negativeSpans)
        && sameBits(a.positiveBuckets, b.positiveBuckets) && sameBits(a.negativeBuckets, b.negativeBuckets)
        && sameBits(a.customValues, b.customValues);
  }

  private static boolean same(double x, double y) {
    return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
  }

  private static boolean sameBits(double[] x, double[] y) {
    if (x.length != y.length) return false;
    for (int i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
}
