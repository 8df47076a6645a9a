package io.hearth.scrape.loop;

import io.hearth.sharding.api.Labels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Per-target memory between scrapes, as Prometheus's scrapeCache: the final label set of every
 * exposed series text (so relabeling runs once per new series), the series text dropped by
 * relabeling, and the series seen in the current and previous scrape for staleness markers.
 * Used by one scrape loop at a time; handed to a new loop on reload when the job's metric-affecting
 * settings did not change.
 */
public final class ScrapeCache {
  static final class Entry {
    final Labels labels;
    long lastIter;

    Entry(Labels labels, long lastIter) {
      this.labels = labels;
      this.lastIter = lastIter;
    }
  }

  long iter;
  private int successfulCount;
  private final Map<String, Entry> series = new HashMap<>();
  private final Map<String, long[]> dropped = new HashMap<>();
  private Set<Labels> seriesCur = new HashSet<>();
  private Set<Labels> seriesPrev = new HashSet<>();

  /** The cached entry for a series text, marking it seen in this scrape; null when unknown. */
  Entry get(String key) {
    Entry e = series.get(key);
    if (e == null) return null;
    return e;
  }

  void add(String key, Labels labels) {
    series.put(key, new Entry(labels, iter));
  }

  boolean isDropped(String key) {
    long[] it = dropped.get(key);
    if (it == null) return false;
    it[0] = iter;
    return true;
  }

  void addDropped(String key) {
    dropped.put(key, new long[] {iter});
  }

  void trackStaleness(Labels labels) {
    seriesCur.add(labels);
  }

  /**
   * Forgets the series tracked by a scrape that failed half-way, so that every series of the
   * previous scrape gets a staleness marker (nothing of the failed scrape was stored). Prometheus
   * keeps the ones parsed before the failure, leaving them visible though not stored; we do not.
   */
  void abandonCurrent() {
    seriesCur.clear();
  }

  /** Series seen in the previous scrape but not in this one. */
  Iterable<Labels> stale() {
    Set<Labels> out = new HashSet<>(seriesPrev);
    out.removeAll(seriesCur);
    return out;
  }

  /** Every series seen in the last completed scrape (for end-of-run staleness). */
  Set<Labels> lastSeen() {
    return seriesPrev;
  }

  /** Ends a scrape: flushes entries not seen when asked (or when the cache grew too much), swaps the sets. */
  void iterDone(boolean flush) {
    int count = series.size() + dropped.size();
    if (flush) {
      successfulCount = count;
    } else if (count > successfulCount * 2 + 1000) {
      flush = true;
    }
    if (flush) {
      for (Iterator<Entry> it = series.values().iterator(); it.hasNext();) {
        if (it.next().lastIter != iter) it.remove();
      }
      dropped.values().removeIf(v -> v[0] != iter);
    }
    Set<Labels> t = seriesPrev;
    seriesPrev = seriesCur;
    seriesCur = t;
    seriesCur.clear();
    iter++;
  }

  /** How many series texts are cached (for tests and diagnostics). */
  public int size() {
    return series.size();
  }
}
