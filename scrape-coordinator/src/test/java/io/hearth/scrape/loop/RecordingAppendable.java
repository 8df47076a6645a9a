package io.hearth.scrape.loop;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test double of the storage seam that records what was committed, with the order checks the
 * real store makes (older timestamp: out of order; same timestamp: duplicate, ignored when the
 * value is bit-identical). Thread-safe.
 */
public final class RecordingAppendable implements Appendable {
  public record Sample(Labels labels, long t, double v) {
    public boolean stale() {
      return StaleNaN.is(v);
    }

    @Override
    public String toString() {
      return labels + " " + (stale() ? "stale" : v) + " @" + t;
    }
  }

  /** A committed native histogram sample. */
  public record HistogramSample(Labels labels, long t, FloatHistogram h) {}

  private final List<Sample> committed = new ArrayList<>();
  private final List<HistogramSample> committedHistograms = new ArrayList<>();
  private final Map<Labels, long[]> last = new HashMap<>();
  private final Map<Labels, Double> lastValue = new HashMap<>();
  private int commits;
  private int rollbacks;

  @Override
  public Appender appender() {
    return new Appender() {
      private final List<Labels> refs = new ArrayList<>();
      private final List<Sample> staged = new ArrayList<>();
      private final List<HistogramSample> stagedHistograms = new ArrayList<>();
      private boolean done;

      @Override
      public int series(Labels labels) {
        refs.add(labels);
        return refs.size() - 1;
      }

      @Override
      public AppendStatus append(int ref, long t, double v) {
        Labels l = refs.get(ref);
        Long lt = null;
        Double lv = null;
        for (int i = staged.size() - 1; i >= 0; i--) {
          if (staged.get(i).labels().equals(l)) {
            lt = staged.get(i).t();
            lv = staged.get(i).v();
            break;
          }
        }
        if (lt == null) {
          synchronized (RecordingAppendable.this) {
            long[] x = last.get(l);
            if (x != null) {
              lt = x[0];
              lv = lastValue.get(l);
            }
          }
        }
        if (lt != null) {
          if (t < lt) return AppendStatus.OUT_OF_ORDER;
          if (t == lt) {
            return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lv)
                ? AppendStatus.DUPLICATE_IGNORED : AppendStatus.DUPLICATE_TIMESTAMP;
          }
        }
        staged.add(new Sample(l, t, v));
        return AppendStatus.OK;
      }

      @Override
      public AppendStatus appendHistogram(int ref, long t, FloatHistogram h) {
        Labels l = refs.get(ref);
        synchronized (RecordingAppendable.this) {
          for (HistogramSample s : committedHistograms) {
            if (s.labels().equals(l) && s.t() >= t) return t == s.t() ? AppendStatus.DUPLICATE_TIMESTAMP : AppendStatus.OUT_OF_ORDER;
          }
        }
        stagedHistograms.add(new HistogramSample(l, t, h.copy()));
        return AppendStatus.OK;
      }

      @Override
      public void commit() {
        if (done) throw new IllegalStateException("appender already ended");
        done = true;
        synchronized (RecordingAppendable.this) {
          committedHistograms.addAll(stagedHistograms);
          for (Sample s : staged) {
            committed.add(s);
            last.put(s.labels(), new long[] {s.t()});
            lastValue.put(s.labels(), s.v());
          }
          commits++;
          RecordingAppendable.this.notifyAll();
        }
      }

      @Override
      public void rollback() {
        if (done) throw new IllegalStateException("appender already ended");
        done = true;
        synchronized (RecordingAppendable.this) {
          rollbacks++;
        }
      }
    };
  }

  public synchronized List<HistogramSample> histograms() {
    return List.copyOf(committedHistograms);
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(committed);
  }

  /** Committed samples of the series with this metric name. */
  public synchronized List<Sample> samples(String metricName) {
    return committed.stream().filter(s -> s.labels().metricName().equals(metricName)).collect(Collectors.toList());
  }

  /** The newest committed sample of a series, or null. */
  public synchronized Sample latest(Labels labels) {
    for (int i = committed.size() - 1; i >= 0; i--) {
      if (committed.get(i).labels().equals(labels)) return committed.get(i);
    }
    return null;
  }

  public synchronized int commits() {
    return commits;
  }

  public synchronized int rollbacks() {
    return rollbacks;
  }

  /** Waits until at least {@code n} commits happened. */
  public synchronized boolean awaitCommits(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (commits < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }
}
