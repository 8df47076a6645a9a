package io.hearth.promql.histogram;

import java.util.Arrays;

/**
 * One side (positive or negative) of a native histogram expanded from spans into parallel arrays of
 * bucket index and count, sorted by index. The working form of {@link HistogramMath}; rebuilt into
 * spans with {@link #toSpans()} / {@link #toCounts()}.
 */
final class SparseBuckets {
  int[] idx;
  double[] cnt;
  int n;

  SparseBuckets(int capacity) {
    idx = new int[Math.max(capacity, 4)];
    cnt = new double[Math.max(capacity, 4)];
  }

  static SparseBuckets of(int[] spans, double[] buckets) {
    SparseBuckets b = new SparseBuckets(buckets.length);
    int index = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      index += spans[s];
      int len = spans[s + 1];
      for (int j = 0; j < len && k < buckets.length; j++) {
        b.add(index, buckets[k++]);
        index++;
      }
    }
    return b;
  }

  void add(int index, double count) {
    if (n == idx.length) {
      idx = Arrays.copyOf(idx, n * 2);
      cnt = Arrays.copyOf(cnt, n * 2);
    }
    idx[n] = index;
    cnt[n] = count;
    n++;
  }

  /** Adds {@code count} to bucket {@code index}, which must be >= the last index added. */
  void accumulate(int index, double count) {
    if (n > 0 && idx[n - 1] == index) {
      cnt[n - 1] += count;
    } else {
      add(index, count);
    }
  }

  /** Maps every bucket to the lower {@code target} schema, merging buckets that coincide. */
  SparseBuckets reduce(int from, int to) {
    if (from <= to) {
      return this;
    }
    SparseBuckets r = new SparseBuckets(n);
    for (int i = 0; i < n; i++) {
      r.accumulate(BucketLayout.reduceIndex(idx[i], from, to), cnt[i]);
    }
    return r;
  }

  /** Adds {@code sign * other} bucket by bucket (both sorted by index). */
  static SparseBuckets merge(SparseBuckets a, SparseBuckets b, double sign) {
    SparseBuckets r = new SparseBuckets(a.n + b.n);
    int i = 0;
    int j = 0;
    while (i < a.n || j < b.n) {
      if (j >= b.n || (i < a.n && a.idx[i] < b.idx[j])) {
        r.add(a.idx[i], a.cnt[i]);
        i++;
      } else if (i >= a.n || b.idx[j] < a.idx[i]) {
        r.add(b.idx[j], sign * b.cnt[j]);
        j++;
      } else {
        r.add(a.idx[i], a.cnt[i] + sign * b.cnt[j]);
        i++;
        j++;
      }
    }
    return r;
  }

  /** Spans for the non-empty buckets (compacted: no empty buckets, consecutive runs merged). */
  int[] toSpans() {
    int spans = 0;
    int prev = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (cnt[i] == 0) {
        continue;
      }
      if (prev == Integer.MIN_VALUE || idx[i] != prev + 1) {
        spans++;
      }
      prev = idx[i];
    }
    int[] out = new int[spans * 2];
    int s = -2;
    prev = Integer.MIN_VALUE;
    int end = 0;
    for (int i = 0; i < n; i++) {
      if (cnt[i] == 0) {
        continue;
      }
      if (prev == Integer.MIN_VALUE || idx[i] != prev + 1) {
        s += 2;
        out[s] = s == 0 ? idx[i] : idx[i] - end;
        out[s + 1] = 0;
      }
      out[s + 1]++;
      end = idx[i] + 1;
      prev = idx[i];
    }
    return out;
  }

  /** Counts of the non-empty buckets, matching {@link #toSpans()}. */
  double[] toCounts() {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (cnt[i] != 0) {
        k++;
      }
    }
    double[] out = new double[k];
    k = 0;
    for (int i = 0; i < n; i++) {
      if (cnt[i] != 0) {
        out[k++] = cnt[i];
      }
    }
    return out;
  }
}
