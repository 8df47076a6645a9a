package io.hearth.promql.engine;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An in-memory {@link Queryable} for engine tests: series held as arrays of timestamps with either
 * a float value or a histogram per sample. A test double of the read seam, not a store.
 */
public final class TestStorage implements Queryable {
  private final Map<Labels, Data> series = new LinkedHashMap<>();

  static final class Data {
    long[] t = new long[8];
    double[] v = new double[8];
    FloatHistogram[] h = new FloatHistogram[8];
    int n;

    void add(long ts, double value, FloatHistogram hist) {
      // Keep time order; a later write at the same timestamp replaces the earlier one.
      int i = n;
      while (i > 0 && t[i - 1] > ts) {
        i--;
      }
      if (i > 0 && t[i - 1] == ts) {
        v[i - 1] = value;
        h[i - 1] = hist;
        return;
      }
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
        h = Arrays.copyOf(h, n * 2);
      }
      System.arraycopy(t, i, t, i + 1, n - i);
      System.arraycopy(v, i, v, i + 1, n - i);
      System.arraycopy(h, i, h, i + 1, n - i);
      t[i] = ts;
      v[i] = value;
      h[i] = hist;
      n++;
    }
  }

  public TestStorage add(Labels labels, long t, double v) {
    series.computeIfAbsent(labels, k -> new Data()).add(t, v, null);
    return this;
  }

  public TestStorage addHistogram(Labels labels, long t, FloatHistogram h) {
    series.computeIfAbsent(labels, k -> new Data()).add(t, 0, h);
    return this;
  }

  public TestStorage stale(Labels labels, long t) {
    return add(labels, t, StaleNaN.VALUE);
  }

  /** Adds {@code values[i]} at {@code start + i * step}; NaN entries that are null-like are written as given. */
  public TestStorage series(String name, Labels extra, long start, long step, double... values) {
    Labels l = extra.toBuilder().set(Labels.METRIC_NAME, name).build();
    for (int i = 0; i < values.length; i++) {
      add(l, start + i * step, values[i]);
    }
    return this;
  }

  public void clear() {
    series.clear();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, Matcher... matchers) {
        List<Labels> matched = new ArrayList<>();
        for (Labels l : series.keySet()) {
          boolean ok = true;
          for (Matcher m : matchers) {
            if (!m.matches(l.get(m.name()))) {
              ok = false;
              break;
            }
          }
          if (ok) {
            matched.add(l);
          }
        }
        if (sorted) {
          matched.sort(null);
        }
        return new SeriesSet() {
          int i = -1;

          @Override
          public boolean next() {
            return ++i < matched.size();
          }

          @Override
          public Series at() {
            Labels l = matched.get(i);
            Data d = series.get(l);
            return new Series() {
              @Override
              public Labels labels() {
                return l;
              }

              @Override
              public SampleIterator iterator(SampleIterator reuse) {
                return new ArrayIterator(d, mint, maxt);
              }
            };
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        TreeSet<String> s = new TreeSet<>();
        for (Labels l : series.keySet()) {
          if (l.has(name)) {
            s.add(l.get(name));
          }
        }
        return new ArrayList<>(s);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        TreeSet<String> s = new TreeSet<>();
        for (Labels l : series.keySet()) {
          s.addAll(l.names());
        }
        return new ArrayList<>(s);
      }

      @Override
      public void close() {}
    };
  }

  private static final class ArrayIterator implements SampleIterator {
    private final Data d;
    private final long maxt;
    private int i;

    ArrayIterator(Data d, long mint, long maxt) {
      this.d = d;
      this.maxt = maxt;
      int k = 0;
      while (k < d.n && d.t[k] < mint) {
        k++;
      }
      this.i = k - 1;
    }

    private ValueType kind() {
      if (i >= d.n || d.t[i] > maxt) {
        i = d.n;
        return ValueType.NONE;
      }
      return d.h[i] != null ? ValueType.HISTOGRAM : ValueType.FLOAT;
    }

    @Override
    public ValueType next() {
      if (i < d.n) {
        i++;
      }
      return kind();
    }

    @Override
    public ValueType seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < d.n && d.t[i] < t) {
        i++;
      }
      return kind();
    }

    @Override
    public long atT() {
      return d.t[i];
    }

    @Override
    public double atV() {
      return d.v[i];
    }

    @Override
    public FloatHistogram atHistogram(FloatHistogram reuse) {
      return d.h[i].copy();
    }
  }
}
