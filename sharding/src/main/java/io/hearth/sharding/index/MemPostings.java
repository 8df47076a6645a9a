package io.hearth.sharding.index;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory inverted index: label name -> value -> the set of series refs (dense ints) that
 * carry it, as compressed bitmaps.
 *
 * <p>Thread-safe: many readers, one writer at a time. Bitmaps returned by the query methods are
 * private copies the caller owns.
 */
public final class MemPostings {
  private final TreeMap<String, TreeMap<String, RoaringBitmap>> byName = new TreeMap<>();
  private final RoaringBitmap all = new RoaringBitmap();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  public void add(int ref, Labels labels) {
    lock.writeLock().lock();
    try {
      all.add(ref);
      for (int i = 0; i < labels.size(); i++) {
        byName.computeIfAbsent(labels.name(i), k -> new TreeMap<>())
            .computeIfAbsent(labels.value(i), k -> new RoaringBitmap())
            .add(ref);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void remove(int ref, Labels labels) {
    lock.writeLock().lock();
    try {
      all.remove(ref);
      for (int i = 0; i < labels.size(); i++) {
        TreeMap<String, RoaringBitmap> values = byName.get(labels.name(i));
        if (values == null) continue;
        RoaringBitmap b = values.get(labels.value(i));
        if (b == null) continue;
        b.remove(ref);
        if (b.isEmpty()) values.remove(labels.value(i));
        if (values.isEmpty()) byName.remove(labels.name(i));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Series refs matching all matchers, Prometheus's way: matchers that match the empty string also
   * select series lacking the label. With no matchers: all series.
   */
  public RoaringBitmap select(Matcher... matchers) {
    lock.readLock().lock();
    try {
      return Selection.select(source, matchers);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The selection's view of this index; called under the read lock. */
  private final Selection.Source source = new Selection.Source() {
    @Override
    public RoaringBitmap matching(Matcher m) {
      return MemPostings.this.matching(m);
    }

    @Override
    public RoaringBitmap all() {
      return all.clone();
    }

    @Override
    public void removeMismatching(Matcher m, RoaringBitmap result) {
      TreeMap<String, RoaringBitmap> values = byName.get(m.name());
      if (values == null) return;
      for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
        if (!m.matches(e.getKey())) result.andNot(e.getValue());
      }
    }
  };

  private RoaringBitmap matching(Matcher m) {
    TreeMap<String, RoaringBitmap> values = byName.get(m.name());
    if (values == null) return new RoaringBitmap();
    if (m.type() == Matcher.Type.EQ) {
      RoaringBitmap b = values.get(m.value());
      return b == null ? new RoaringBitmap() : b.clone();
    }
    List<RoaringBitmap> parts = new ArrayList<>();
    for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
      if (m.matches(e.getKey())) parts.add(e.getValue());
    }
    return RoaringBitmap.or(parts.iterator());
  }

  /** Sorted label names present in the index. */
  public List<String> labelNames() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(byName.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sorted values of a label present in the index. */
  public List<String> labelValues(String name) {
    lock.readLock().lock();
    try {
      TreeMap<String, RoaringBitmap> values = byName.get(name);
      return values == null ? Collections.emptyList() : new ArrayList<>(values.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Cardinality figures for /api/v1/status/tsdb: the top {@code limit} entries of each list. */
  public Stats stats(int limit) {
    lock.readLock().lock();
    try {
      List<Stat> seriesByMetric = new ArrayList<>();
      TreeMap<String, RoaringBitmap> names = byName.get(Labels.METRIC_NAME);
      if (names != null) names.forEach((v, b) -> seriesByMetric.add(new Stat(v, b.getLongCardinality())));
      List<Stat> valueCounts = new ArrayList<>();
      List<Stat> memoryByName = new ArrayList<>();
      List<Stat> pairs = new ArrayList<>();
      byName.forEach((n, values) -> {
        valueCounts.add(new Stat(n, values.size()));
        long bytes = 0;
        for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
          bytes += (long) e.getKey().length() * e.getValue().getLongCardinality();
          pairs.add(new Stat(n + "=" + e.getKey(), e.getValue().getLongCardinality()));
        }
        memoryByName.add(new Stat(n, bytes));
      });
      return new Stats(top(seriesByMetric, limit), top(valueCounts, limit), top(memoryByName, limit),
          top(pairs, limit), all.getLongCardinality(), pairs.size());
    } finally {
      lock.readLock().unlock();
    }
  }

  private static List<Stat> top(List<Stat> l, int limit) {
    l.sort((a, b) -> a.value != b.value ? Long.compare(b.value, a.value) : a.name.compareTo(b.name));
    return l.size() > limit ? new ArrayList<>(l.subList(0, limit)) : l;
  }

  public record Stat(String name, long value) {}

  public record Stats(List<Stat> seriesCountByMetricName, List<Stat> labelValueCountByLabelName,
      List<Stat> memoryInBytesByLabelName, List<Stat> seriesCountByLabelValuePair, long numSeries,
      long numLabelPairs) {}
}
