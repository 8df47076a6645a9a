package io.hearth.sharding.head;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import java.util.Arrays;

/**
 * Stages samples in primitive arrays; {@link #commit()} hands them to {@link Head#commit}. Order is
 * checked against the series' newest applied sample and this appender's own staged samples.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private MemSeries[] refs = new MemSeries[64];
  private long[] lastStaged = new long[64];
  private int numRefs;
  private MemSeries[] series = new MemSeries[256];
  private long[] ts = new long[256];
  private double[] vs = new double[256];
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
    MemSeries s = refs[ref];
    long last = Math.max(s.lastT, lastStaged[ref]);
    if (t <= last) {
      if (t == last && t == s.lastT && lastStaged[ref] < t) {
        // Same timestamp as the stored sample: a duplicate if the value is identical, else an error.
        return head.isSameAsLast(s, v) ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
      }
      if (t == last) {
        return sameStaged(s, t, v) ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
      }
      head.metrics.samplesOutOfOrder.increment();
      return AppendStatus.OUT_OF_ORDER;
    }
    if (n == ts.length) {
      int cap = n * 2;
      series = Arrays.copyOf(series, cap);
      ts = Arrays.copyOf(ts, cap);
      vs = Arrays.copyOf(vs, cap);
    }
    series[n] = s;
    ts[n] = t;
    vs[n] = v;
    n++;
    lastStaged[ref] = t;
    return AppendStatus.OK;
  }

  private boolean sameStaged(MemSeries s, long t, double v) {
    for (int i = n - 1; i >= 0; i--) {
      if (series[i] == s && ts[i] == t) return Double.doubleToRawLongBits(vs[i]) == Double.doubleToRawLongBits(v);
    }
    return false;
  }

  @Override
  public AppendStatus appendHistogram(int ref, long t, FloatHistogram h) {
    check();
    throw new StorageException("native histogram samples are not stored yet (series " + refs[ref].labels + ")");
  }

  @Override
  public void commit() {
    check();
    done = true;
    head.commit(series, ts, vs, n);
  }

  @Override
  public void rollback() {
    done = true;
  }

  private void check() {
    if (done) throw new IllegalStateException("appender already committed or rolled back");
  }
}
