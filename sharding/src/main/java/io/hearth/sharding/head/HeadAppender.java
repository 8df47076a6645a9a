package io.hearth.sharding.head;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;

/**
 * Stages samples in primitive arrays; {@link #commit()} hands them to {@link Head#commit}, which
 * creates the series that are new. Each sample is checked when staged: against the time bounds
 * (later than the wall clock plus the future bound; older than retention, or for a series new to
 * the head, not after the newest sample of the series that left it), then for order against the
 * series' newest applied sample and this appender's own staged samples, for floats and histograms
 * alike: a series is one timeline whatever the kind of its samples.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private Labels[] labels = new Labels[64];
  /** The head series of ref r when staging found one; null for a series the commit creates. */
  private MemSeries[] known = new MemSeries[64];
  private long[] lastStaged = new long[64];
  private int numRefs;
  private int[] ref = new int[256];
  private long[] ts = new long[256];
  private double[] vs = new double[256];
  /** The histogram of staged sample i, or null for a float; allocated with the first histogram. */
  private FloatHistogram[] hs;
  private int n;
  /** Series this appender's commit will create. */
  private int newSeries;
  private boolean done;
  private final long maxT;
  private final long minT;

  HeadAppender(Head head) {
    this.head = head;
    if (head.isVolatile()) {
      maxT = Long.MAX_VALUE;
      minT = Long.MIN_VALUE;
    } else {
      long future = head.options.maxFutureMs();
      maxT = future > 0 ? head.now() + future : Long.MAX_VALUE;
      minT = head.retentionCutoff();
    }
  }

  @Override
  public int series(Labels l) {
    check();
    if (numRefs == labels.length) {
      labels = Arrays.copyOf(labels, numRefs * 2);
      known = Arrays.copyOf(known, numRefs * 2);
      lastStaged = Arrays.copyOf(lastStaged, numRefs * 2);
    }
    labels[numRefs] = l;
    known[numRefs] = head.lookup(l);
    lastStaged[numRefs] = Long.MIN_VALUE;
    return numRefs++;
  }

  @Override
  public AppendStatus append(int r, long t, double v) {
    check();
    AppendStatus order = order(r, t, v, null);
    if (order != null) return order;
    stage(r, t, v, null);
    return AppendStatus.OK;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code h} is malformed (spans that do not cover its
   *     buckets exactly): a bug of the caller, which must validate decoded input
   */
  @Override
  public AppendStatus appendHistogram(int r, long t, FloatHistogram h) {
    check();
    Histograms.validate(h);
    AppendStatus order = order(r, t, 0, h);
    if (order != null) return order;
    if (hs == null) hs = new FloatHistogram[ts.length];
    stage(r, t, 0, h.copy());
    return AppendStatus.OK;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Checked like any sample but strictly in order, and a refusal increments no rejection metric.
   */
  @Override
  public AppendStatus appendCreatedZero(int r, long ct, long t, FloatHistogram first) {
    check();
    if (ct >= t) return AppendStatus.OUT_OF_ORDER;
    if (ct > maxT) return AppendStatus.TOO_FAR_IN_FUTURE;
    MemSeries s = known[r];
    if (s != null && s.removed) known[r] = s = head.lookup(labels[r]);
    boolean fresh = s == null && lastStaged[r] == Long.MIN_VALUE;
    if (fresh && head.numSeries() + newSeries >= head.maxSeries()) return AppendStatus.SERIES_LIMIT;
    if (ct < minT || (fresh && ct <= head.partitions[head.partitionOf(labels[r])].evictedMaxT)) return AppendStatus.TOO_OLD;
    long last = Math.max(s == null ? Long.MIN_VALUE : s.lastT, lastStaged[r]);
    if (ct <= last) return AppendStatus.OUT_OF_ORDER;
    if (first == null) {
      stage(r, ct, 0, null);
    } else {
      if (hs == null) hs = new FloatHistogram[ts.length];
      stage(r, ct, 0, FloatHistogram.createdZero(first));
    }
    return AppendStatus.OK;
  }

  /** The rejection of a sample (float when {@code h} is null) by the bounds and order rules, or null to stage it. */
  private AppendStatus order(int r, long t, double v, FloatHistogram h) {
    if (t > maxT) {
      head.metrics.samplesTooFarInFuture.increment();
      return AppendStatus.TOO_FAR_IN_FUTURE;
    }
    MemSeries s = known[r];
    if (s != null && s.removed) known[r] = s = head.lookup(labels[r]);
    if (s == null && lastStaged[r] == Long.MIN_VALUE && head.numSeries() + newSeries >= head.maxSeries()) {
      head.metrics.samplesSeriesLimited.increment();
      return AppendStatus.SERIES_LIMIT;
    }
    long stored = s == null ? Long.MIN_VALUE : s.lastT;
    if (t < minT || (s == null && lastStaged[r] == Long.MIN_VALUE
        && t <= head.partitions[head.partitionOf(labels[r])].evictedMaxT)) {
      head.metrics.samplesTooOld.increment();
      return AppendStatus.TOO_OLD;
    }
    long last = Math.max(stored, lastStaged[r]);
    if (t > last) return null;
    if (t == last && t == stored && lastStaged[r] < t) {
      // Same timestamp as the stored sample: a duplicate if the value is identical, else an error.
      boolean same = h == null ? head.isSameAsLast(s, v) : head.isSameAsLastHistogram(s, h);
      return same ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
    }
    if (t == last) {
      return sameStaged(r, t, v, h) ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
    }
    if (h == null && head.outOfOrderAllowed(t)) {
      // Inside the out-of-order window: taken unless the series holds a sample at t already.
      int staged = stagedAt(r, t);
      if (staged >= 0) {
        boolean same = (hs == null || hs[staged] == null)
            && Double.doubleToRawLongBits(vs[staged]) == Double.doubleToRawLongBits(v);
        return same ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
      }
      long[] held = s == null ? null : head.sampleAt(s, t);
      if (held == null) return null;
      return held[0] == 0 && held[1] == Double.doubleToRawLongBits(v)
          ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
    }
    head.metrics.samplesOutOfOrder.increment();
    return AppendStatus.OUT_OF_ORDER;
  }

  private void stage(int r, long t, double v, FloatHistogram h) {
    if (n == ts.length) {
      int cap = n * 2;
      ref = Arrays.copyOf(ref, cap);
      ts = Arrays.copyOf(ts, cap);
      vs = Arrays.copyOf(vs, cap);
      if (hs != null) hs = Arrays.copyOf(hs, cap);
    }
    ref[n] = r;
    ts[n] = t;
    vs[n] = v;
    if (hs != null) hs[n] = h;
    n++;
    if (lastStaged[r] == Long.MIN_VALUE && known[r] == null) newSeries++;
    if (t > lastStaged[r]) lastStaged[r] = t;
  }

  /** The staged sample of ref {@code r} at {@code t}, or -1. */
  private int stagedAt(int r, long t) {
    for (int i = n - 1; i >= 0; i--) if (ref[i] == r && ts[i] == t) return i;
    return -1;
  }

  private boolean sameStaged(int r, long t, double v, FloatHistogram h) {
    for (int i = n - 1; i >= 0; i--) {
      if (ref[i] == r && ts[i] == t) {
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
    head.commit(labels, known, ref, ts, vs, hs, n);
  }

  @Override
  public void rollback() {
    done = true;
  }

  private void check() {
    if (done) throw new IllegalStateException("appender already committed or rolled back");
  }
}
