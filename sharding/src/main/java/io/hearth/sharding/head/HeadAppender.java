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
  /** The arrays below, borrowed from this thread's {@link Staging} or owned when it was in use. */
  private final Staging staging;
  private Labels[] labels;
  /** The head series of ref r when staging found one; null for a series the commit creates. */
  private MemSeries[] known;
  private long[] lastStaged;
  private int numRefs;
  private int[] ref;
  private long[] ts;
  private double[] vs;
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
    Staging st = STAGING.get();
    if (st.inUse) st = new Staging(); // a second appender open on this thread: arrays of its own
    st.inUse = true;
    this.staging = st;
    labels = st.labels;
    known = st.known;
    lastStaged = st.lastStaged;
    ref = st.ref;
    ts = st.ts;
    vs = st.vs;
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
    try {
      head.commit(labels, known, ref, ts, vs, hs, n);
    } finally {
      release();
    }
  }

  @Override
  public void rollback() {
    if (done) return;
    done = true;
    release();
  }

  /** Hands the (possibly grown) arrays back to this thread's staging, cleared of references. */
  private void release() {
    Arrays.fill(labels, 0, numRefs, null);
    Arrays.fill(known, 0, numRefs, null);
    if (hs != null) Arrays.fill(hs, 0, n, null);
    Staging st = staging;
    st.inUse = false;
    if (st != STAGING.get() || labels.length > Staging.MAX_KEPT_REFS || ts.length > Staging.MAX_KEPT_SAMPLES) return;
    st.labels = labels;
    st.known = known;
    st.lastStaged = lastStaged;
    st.ref = ref;
    st.ts = ts;
    st.vs = vs;
  }

  /**
   * The staging arrays of one thread's appenders, reused from request to request so a commit of
   * thousands of samples does not grow fresh arrays each time. One appender at a time borrows them;
   * arrays grown beyond the caps are not kept.
   */
  private static final class Staging {
    static final int MAX_KEPT_REFS = 1 << 16;
    static final int MAX_KEPT_SAMPLES = 1 << 18;
    Labels[] labels = new Labels[64];
    MemSeries[] known = new MemSeries[64];
    long[] lastStaged = new long[64];
    int[] ref = new int[256];
    long[] ts = new long[256];
    double[] vs = new double[256];
    boolean inUse;
  }

  private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

  private void check() {
    if (done) throw new IllegalStateException("appender already committed or rolled back");
  }
}
