package io.hearth.sharding.head;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;

/**
 * Stages samples in primitive arrays; {@link #commit()} hands them to {@link Head#commit}. Order is
 * checked against the series' newest applied sample and this appender's own staged samples, for
 * floats and histograms alike: a series is one timeline whatever the kind of its samples.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private MemSeries[] refs = new MemSeries[64];
  private long[] lastStaged = new long[64];
  private int numRefs;
  private MemSeries[] series = new MemSeries[256];
  private long[] ts = new long[256];
  private double[] vs = new double[256];
  /** The histogram of staged sample i, or null for a float; allocated with the first histogram. */
  private FloatHistogram[] hs;
  private int n;
  private boolean done;

  HeadAppender(Head head) {
    this.head = head;
  }

  @Override
  public int series(Labels labels) {
    check();
    MemSeries s = head.getOrCreate(labels);
    if (numRefs == refs.length) {
      refs = Arrays.copyOf(refs, numRefs * 2);
      lastStaged = Arrays.copyOf(lastStaged, numRefs * 2);
    }
    refs[numRefs] = s;
    lastStaged[numRefs] = Long.MIN_VALUE;
    return numRefs++;
  }

  @Override
  public AppendStatus append(int ref, long t, double v) {
    check();
    AppendStatus order = order(ref, t, v, null);
    if (order != null) return order;
    stage(ref, t, v, null);
    return AppendStatus.OK;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code h} is malformed (spans that do not cover its
   *     buckets exactly): a bug of the caller, which must validate decoded input
   */
  @Override
  public AppendStatus appendHistogram(int ref, long t, FloatHistogram h) {
    check();
    Histograms.validate(h);
    AppendStatus order = order(ref, t, 0, h);
    if (order != null) return order;
    if (hs == null) hs = new FloatHistogram[ts.length];
    stage(ref, t, 0, h.copy());
    return AppendStatus.OK;
  }

  /** The rejection of a sample (float when {@code h} is null) by the order rules, or null to stage it. */
  private AppendStatus order(int ref, long t, double v, FloatHistogram h) {
    MemSeries s = refs[ref];
    long last = Math.max(s.lastT, lastStaged[ref]);
    if (t > last) return null;
    if (t == last && t == s.lastT && lastStaged[ref] < t) {
      // Same timestamp as the stored sample: a duplicate if the value is identical, else an error.
      boolean same = h == null ? head.isSameAsLast(s, v) : head.isSameAsLastHistogram(s, h);
      return same ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
    }
    if (t == last) {
      return sameStaged(s, t, v, h) ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
    }
    head.metrics.samplesOutOfOrder.increment();
    return AppendStatus.OUT_OF_ORDER;
  }

  private void stage(int ref, long t, double v, FloatHistogram h) {
    if (n == ts.length) {
      int cap = n * 2;
      series = Arrays.copyOf(series, cap);
      ts = Arrays.copyOf(ts, cap);
      vs = Arrays.copyOf(vs, cap);
      if (hs != null) hs = Arrays.copyOf(hs, cap);
    }
    series[n] = refs[ref];
    ts[n] = t;
    vs[n] = v;
    if (hs != null) hs[n] = h;
    n++;
    lastStaged[ref] = t;
  }

  private boolean sameStaged(MemSeries s, long t, double v, FloatHistogram h) {
    for (int i = n - 1; i >= 0; i--) {
      if (series[i] == s && ts[i] == t) {
        FloatHistogram staged = hs == null ? null : hs[i];
        if (h == null) return staged == null && Double.doubleToRawLongBits(vs[i]) == Double.doubleToRawLongBits(v);
        return staged != null && Histograms.sameBits(staged, h);
      }
    }
    return false;
  }

  @Override
  public void commit() {
    check();
    done = true;
    head.commit(series, ts, vs, hs, n);
  }

  @Override
  public void rollback() {
    done = true;
  }

  private void check() {
    if (done) throw new IllegalStateException("appender already committed or rolled back");
  }
}
