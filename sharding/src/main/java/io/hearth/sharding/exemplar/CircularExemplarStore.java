package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.ExemplarStatus;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus's circular exemplar storage: one ring of {@code max} slots shared by all series, filled
 * in arrival order; the slot after the newest is the next to be overwritten, so the node always
 * keeps its {@code max} most recent exemplars. Each series has an index entry naming its oldest and
 * newest slot, and each slot the next slot of the same series, so a series' exemplars are read
 * oldest to newest without scanning the ring.
 *
 * <p>Memory: the ring's arrays (about 16 bytes per slot), plus per stored exemplar its record and
 * labels (at most {@link Exemplar#MAX_LABEL_SET_LENGTH} characters), plus one index entry per series
 * with exemplars, which shares the series' {@link Labels} with the head. Nothing grows past
 * {@code max}. One lock: adds are short (a hash lookup and a few array writes).
 */
public final class CircularExemplarStore implements ExemplarStore {
  private static final int NONE = -1;

  /** A series with exemplars in the ring. */
  private static final class SeriesEntry {
    final Labels labels;
    int oldest;
    int newest;

    SeriesEntry(Labels labels, int slot) {
      this.labels = labels;
      this.oldest = slot;
      this.newest = slot;
    }
  }

  private Exemplar[] exemplars = new Exemplar[0];
  private SeriesEntry[] owners = new SeriesEntry[0];
  private int[] next = new int[0];
  private int nextSlot;
  private int size;
  private final Map<Labels, SeriesEntry> index = new HashMap<>();

  /** Exemplars stored since start. */
  public final LongAdder appended = new LongAdder();
  /** Exemplars refused for being out of order since start. */
  public final LongAdder outOfOrder = new LongAdder();

  public CircularExemplarStore(int maxExemplars) {
    resize(maxExemplars);
  }

  @Override
  public ExemplarStatus check(Exemplar e) {
    if (maxExemplars() == 0) return ExemplarStatus.DISABLED;
    return e.labelSetLength() > Exemplar.MAX_LABEL_SET_LENGTH ? ExemplarStatus.LABELS_TOO_LONG : ExemplarStatus.OK;
  }

  @Override
  public synchronized ExemplarStatus add(Labels series, Exemplar e) {
    ExemplarStatus s = check(e);
    if (s != ExemplarStatus.OK) return s;
    SeriesEntry entry = index.get(series);
    if (entry != null) {
      Exemplar newest = exemplars[entry.newest];
      // Same as the newest: a resend or a scrape that saw the same exemplar again.
      if (newest.sameAs(e)) return ExemplarStatus.DUPLICATE;
      if (e.timestamp() <= newest.timestamp()) {
        outOfOrder.increment();
        return ExemplarStatus.OUT_OF_ORDER;
      }
    }
    int slot = nextSlot;
    evict(slot);
    // The evicted slot may have been this series' last one.
    if (entry != null && !index.containsKey(series)) entry = null;
    if (entry == null) {
      entry = new SeriesEntry(series, slot);
      index.put(series, entry);
    } else {
      next[entry.newest] = slot;
      entry.newest = slot;
    }
    exemplars[slot] = e;
    owners[slot] = entry;
    next[slot] = NONE;
    nextSlot = (slot + 1) % exemplars.length;
    appended.increment();
    return ExemplarStatus.OK;
  }

  /** Frees {@code slot}: its exemplar is the oldest of its series, which then starts at the next one. */
  private void evict(int slot) {
    SeriesEntry owner = owners[slot];
    if (owner == null) {
      size++;
      return;
    }
    if (next[slot] == NONE) {
      index.remove(owner.labels);
    } else {
      owner.oldest = next[slot];
    }
    owners[slot] = null;
    exemplars[slot] = null;
  }

  @Override
  public synchronized List<ExemplarSeries> select(long start, long end, List<List<Matcher>> selectors) {
    List<ExemplarSeries> out = new ArrayList<>();
    if (selectors.isEmpty()) return out;
    for (SeriesEntry s : index.values()) {
      if (exemplars[s.oldest].timestamp() > end || exemplars[s.newest].timestamp() < start) continue;
      if (!matchesAny(s.labels, selectors)) continue;
      List<Exemplar> in = new ArrayList<>();
      for (int slot = s.oldest; slot != NONE && exemplars[slot].timestamp() <= end; slot = next[slot]) {
        if (exemplars[slot].timestamp() >= start) in.add(exemplars[slot]);
      }
      if (!in.isEmpty()) out.add(new ExemplarSeries(s.labels, in));
    }
    out.sort((a, b) -> a.seriesLabels().compareTo(b.seriesLabels()));
    return out;
  }

  static boolean matchesAny(Labels series, List<List<Matcher>> selectors) {
    for (List<Matcher> set : selectors) {
      boolean all = true;
      for (Matcher m : set) {
        if (!m.matches(series.get(m.name()))) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  @Override
  public synchronized void resize(int maxExemplars) {
    if (maxExemplars < 0) throw new IllegalArgumentException("max exemplars must not be negative, got " + maxExemplars);
    if (maxExemplars == exemplars.length) return;
    // The ring's exemplars oldest first, with their series: the newest that fit are added again.
    List<Labels> series = new ArrayList<>(size);
    List<Exemplar> kept = new ArrayList<>(size);
    int n = exemplars.length;
    for (int i = 0; i < n; i++) {
      int slot = (nextSlot + i) % n;
      if (owners[slot] != null) {
        series.add(owners[slot].labels);
        kept.add(exemplars[slot]);
      }
    }
    exemplars = new Exemplar[maxExemplars];
    owners = new SeriesEntry[maxExemplars];
    next = new int[maxExemplars];
    nextSlot = 0;
    size = 0;
    index.clear();
    if (maxExemplars == 0) return;
    long before = appended.sum();
    for (int i = Math.max(0, kept.size() - maxExemplars); i < kept.size(); i++) add(series.get(i), kept.get(i));
    appended.add(before - appended.sum());
  }

  @Override
  public synchronized int maxExemplars() {
    return exemplars.length;
  }

  @Override
  public synchronized int size() {
    return size;
  }

  /** Series with exemplars held now. */
  public synchronized int seriesCount() {
    return index.size();
  }
}
