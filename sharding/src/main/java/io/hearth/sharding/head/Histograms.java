package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.StaleNaN;
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

  /**
   * Whether counter histogram {@code h} continues the chunk that ends with counter histogram
   * {@code last}, as Prometheus's histogram chunk appender decides. It does not after a counter
   * reset (an explicit reset hint, a lower count, zero count or bucket count, a non-empty bucket
   * gone, other custom bounds), a change of schema or zero threshold, or a stale {@code last}; a
   * stale {@code h} always continues.
   */
  static boolean continues(FloatHistogram last, FloatHistogram h) {
    if (h.counterResetHint == FloatHistogram.CounterResetHint.COUNTER_RESET) return false;
    if (StaleNaN.is(h.sum)) return true;
    if (StaleNaN.is(last.sum)) return false;
    if (h.count < last.count) return false;
    if (h.schema != last.schema || h.zeroThreshold != last.zeroThreshold) return false;
    if (h.usesCustomBuckets() && !Arrays.equals(h.customValues, last.customValues)) return false;
    if (h.zeroCount < last.zeroCount) return false;
    return bucketsGrew(last.positiveSpans, last.positiveBuckets, h.positiveSpans, h.positiveBuckets)
        && bucketsGrew(last.negativeSpans, last.negativeBuckets, h.negativeSpans, h.negativeBuckets);
  }

  /**
   * Whether no bucket of {@code a} decreased in {@code b}: every bucket of {@code a} is in {@code
   * b} with a count at least as high, or was empty. New buckets in {@code b} are fine.
   */
  private static boolean bucketsGrew(int[] aSpans, double[] aBuckets, int[] bSpans, double[] bBuckets) {
    BucketCursor a = new BucketCursor(aSpans);
    BucketCursor b = new BucketCursor(bSpans);
    while (a.ok) {
      if (b.ok && b.index == a.index) {
        if (aBuckets[a.pos] > bBuckets[b.pos]) return false;
        a.next();
        b.next();
      } else if (b.ok && b.index < a.index) {
        b.next(); // a bucket new in b
      } else {
        if (aBuckets[a.pos] != 0) return false; // a bucket in use disappeared
        a.next();
      }
    }
    return true;
  }

  /** Walks the bucket indices that spans describe: {@link #pos} into the bucket array, {@link #index}. */
  private static final class BucketCursor {
    private final int[] spans;
    private int span = -2;
    /** Buckets of the current span after the current one. */
    private int left;
    int pos = -1;
    long index;
    boolean ok = true;

    BucketCursor(int[] spans) {
      this.spans = spans;
      next();
    }

    void next() {
      pos++;
      if (left > 0) {
        index++;
        left--;
        return;
      }
      while (true) {
        span += 2;
        if (span >= spans.length) {
          ok = false;
          return;
        }
        // Offsets count from the end of the previous span; index holds that span's last index.
        index += span == 0 ? spans[0] : spans[span] + 1L;
        if (spans[span + 1] > 0) {
          left = spans[span + 1] - 1;
          return;
        }
        index--; // an empty span: its (virtual) last index is one before its start
      }
    }
  }

  /** A shallow copy of {@code h} (sharing its arrays, for reading only) with another hint. */
  static FloatHistogram withHint(FloatHistogram h, FloatHistogram.CounterResetHint hint) {
    FloatHistogram r = new FloatHistogram();
    r.counterResetHint = hint;
    r.schema = h.schema;
    r.zeroThreshold = h.zeroThreshold;
    r.zeroCount = h.zeroCount;
    r.count = h.count;
    r.sum = h.sum;
    r.positiveSpans = h.positiveSpans;
    r.positiveBuckets = h.positiveBuckets;
    r.negativeSpans = h.negativeSpans;
    r.negativeBuckets = h.negativeBuckets;
    r.customValues = h.customValues;
    return r;
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
