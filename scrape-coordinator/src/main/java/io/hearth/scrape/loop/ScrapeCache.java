package io.hearth.scrape.loop;

import io.hearth.sharding.api.Labels;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * Per-target memory between scrapes, as Prometheus's scrapeCache: the final label set of every
 * exposed series text (so relabeling runs once per new series), the series text dropped by
 * relabeling, and the series seen in the current and previous scrape for staleness markers.
 * Used by one scrape loop at a time; handed to a new loop on reload when the job's metric-affecting
 * settings did not change.
 */
public final class ScrapeCache {
  /**
   * One exposed series text: its final label set, or none when relabeling dropped it, and the
   * scrape that last saw it.
   */
  static final class Entry {
    private final byte[] key;
    private final int hash;
    /** Null: relabeling dropped the series. */
    final Labels labels;
    long lastIter;

    private Entry(byte[] key, int hash, Labels labels, long lastIter) {
      this.key = key;
      this.hash = hash;
      this.labels = labels;
      this.lastIter = lastIter;
    }

    boolean dropped() {
      return labels == null;
    }
  }

  long iter;
  private int successfulCount;
  /**
   * Series texts to entries, open addressing with linear probing, keyed by the raw bytes of the
   * series text: a scrape finds a known series without building a key (a scrape of a target is
   * mostly known series). Power-of-two capacity, at most half full.
   */
  private Entry[] table = new Entry[64];
  private int size;
  private int droppedCount;
  private Set<Labels> seriesCur = new HashSet<>();
  private Set<Labels> seriesPrev = new HashSet<>();

  /** The entry of the series text {@code b[off, off+len)}, kept or dropped; null when unknown. */
  Entry find(byte[] b, int off, int len) {
    int h = hash(b, off, len);
    Entry[] t = table;
    for (int i = h & (t.length - 1);; i = (i + 1) & (t.length - 1)) {
      Entry e = t[i];
      if (e == null) return null;
      if (e.hash == h && Arrays.equals(e.key, 0, e.key.length, b, off, off + len)) return e;
    }
  }

  /** Remembers the labels of a new series text (after relabeling), seen in this scrape. */
  void add(byte[] b, int off, int len, Labels labels) {
    insert(new Entry(Arrays.copyOfRange(b, off, off + len), hash(b, off, len), labels, iter));
  }

  /** Remembers that relabeling drops a new series text, seen in this scrape. */
  void addDropped(byte[] b, int off, int len) {
    insert(new Entry(Arrays.copyOfRange(b, off, off + len), hash(b, off, len), null, iter));
  }

  private void insert(Entry e) {
    if ((size + 1) * 2 > table.length) rebuild(table.length * 2, false);
    place(table, e);
    size++;
    if (e.dropped()) droppedCount++;
  }

  private static void place(Entry[] t, Entry e) {
    int i = e.hash & (t.length - 1);
    while (t[i] != null) i = (i + 1) & (t.length - 1);
    t[i] = e;
  }

  /** Rebuilds the table at {@code capacity}, keeping the entries seen in this scrape when {@code onlySeen}. */
  private void rebuild(int capacity, boolean onlySeen) {
    Entry[] t = new Entry[capacity];
    int n = 0, d = 0;
    for (Entry e : table) {
      if (e == null || (onlySeen && e.lastIter != iter)) continue;
      place(t, e);
      n++;
      if (e.dropped()) d++;
    }
    table = t;
    size = n;
    droppedCount = d;
  }

  /**
   * XXH3 with a seed chosen per process: a target cannot craft series texts that share a slot
   * (with a fixed polynomial hash, "Aa" and "BB" blocks give any number of equal hashes, and linear
   * probing would turn each lookup into a scan of them).
   */
  private static final LongHashFunction HASH = LongHashFunction.xx3(new SecureRandom().nextLong());

  private static int hash(byte[] b, int off, int len) {
    long h = HASH.hashBytes(b, off, len);
    return (int) (h ^ (h >>> 32));
  }

  /** The longest run of slots a lookup may walk (for tests of the hash's spread). */
  int longestProbe() {
    int longest = 0, run = 0;
    for (int i = 0; i < 2 * table.length; i++) {
      run = table[i & (table.length - 1)] == null ? 0 : run + 1;
      longest = Math.max(longest, Math.min(run, table.length));
    }
    return longest;
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
    List<Labels> out = new ArrayList<>();
    for (Labels l : seriesPrev) if (!seriesCur.contains(l)) out.add(l);
    return out;
  }

  /** Every series seen in the last completed scrape (for end-of-run staleness). */
  Set<Labels> lastSeen() {
    return seriesPrev;
  }

  /** Ends a scrape: flushes entries not seen when asked (or when the cache grew too much), swaps the sets. */
  void iterDone(boolean flush) {
    int count = size;
    if (flush) {
      successfulCount = count;
    } else if (count > successfulCount * 2 + 1000) {
      flush = true;
    }
    if (flush) {
      int seen = 0;
      for (Entry e : table) if (e != null && e.lastIter == iter) seen++;
      if (seen < size) {
        int capacity = 64;
        while (seen * 2 > capacity) capacity *= 2;
        rebuild(capacity, true);
      }
    }
    Set<Labels> t = seriesPrev;
    seriesPrev = seriesCur;
    seriesCur = t;
    seriesCur.clear();
    iter++;
  }

  /** How many series texts are cached, not counting those relabeling drops (for tests and diagnostics). */
  public int size() {
    return size - droppedCount;
  }
}
