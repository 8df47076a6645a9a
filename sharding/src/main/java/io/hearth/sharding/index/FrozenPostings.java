package io.hearth.sharding.index;

import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable inverted index over series whose labels are indexes into an ascending table of
 * distinct strings (an index block's symbols): name -> value -> the ascending series numbers that
 * carry it, all in flat {@code int} arrays. Built in linear time without hashing a string; a
 * lookup is a binary search over the table. It answers {@link #select} exactly as
 * {@link MemPostings#select} does for the same series.
 *
 * <p>Heap: 4 bytes per label of every series, plus 8 per name and 12 per distinct name/value pair,
 * plus a bitmap for each pair a selection has read. Thread-safe: the arrays are immutable, and a
 * pair's bitmap is published through an {@link AtomicReferenceArray} (two threads may both build
 * it; either result is the same).
 */
public final class FrozenPostings {
  private final String[] symbols;
  private final int numSeries;
  /** The names present, as symbols, ascending. */
  private final int[] names;
  /** Name {@code n}'s values are entries {@code nameStart[n] .. nameStart[n+1]}. */
  private final int[] nameStart;
  /** Each entry's value symbol, ascending within a name. */
  private final int[] values;
  /** Entry {@code v}'s series are {@code series[listStart[v] .. listStart[v+1]]}, ascending. */
  private final int[] listStart;
  private final int[] series;
  /** Entry {@code v}'s series as a bitmap, made the first time a selection needs it (a query reads few). */
  private final AtomicReferenceArray<RoaringBitmap> bitmaps;

  private FrozenPostings(String[] symbols, int numSeries, int[] names, int[] nameStart, int[] values, int[] listStart,
      int[] series) {
    this.symbols = symbols;
    this.numSeries = numSeries;
    this.names = names;
    this.nameStart = nameStart;
    this.values = values;
    this.listStart = listStart;
    this.series = series;
    this.bitmaps = new AtomicReferenceArray<>(values.length);
  }

  /**
   * Indexes series {@code 0 .. labelStart.length - 2}: series {@code s}'s labels are the symbol pairs
   * {@code labelSyms[2k], labelSyms[2k+1]} for {@code k} in {@code labelStart[s] .. labelStart[s+1]},
   * each name at most once per series.
   *
   * @param symbols ascending, distinct; kept, not copied
   */
  public static FrozenPostings build(String[] symbols, int[] labelStart, int[] labelSyms) {
    int ns = labelStart.length - 1;
    int total = labelStart[ns];
    int nsym = symbols.length;
    // Group the labels by name (a counting sort over the name symbols), keeping series order.
    int[] perName = new int[nsym + 1];
    for (int k = 0; k < total; k++) perName[labelSyms[2 * k] + 1]++;
    int nnames = 0;
    for (int i = 1; i <= nsym; i++) if (perName[i] > 0) nnames++;
    int[] names = new int[nnames];
    int[] nameStartLabels = new int[nnames + 1];
    int[] slotOf = perName; // reused below as each name's fill cursor, by symbol
    int n = 0, at = 0;
    for (int sym = 0; sym < nsym; sym++) {
      int c = perName[sym + 1];
      if (c == 0) continue;
      names[n] = sym;
      nameStartLabels[n] = at;
      n++;
      at += c;
    }
    nameStartLabels[nnames] = at;
    Arrays.fill(slotOf, 0);
    for (int i = 0; i < nnames; i++) slotOf[names[i]] = nameStartLabels[i];
    int[] valueOf = new int[total];
    int[] seriesOf = new int[total];
    for (int s = 0; s < ns; s++) {
      for (int k = labelStart[s]; k < labelStart[s + 1]; k++) {
        int pos = slotOf[labelSyms[2 * k]]++;
        valueOf[pos] = labelSyms[2 * k + 1];
        seriesOf[pos] = s;
      }
    }
    // Within each name, group by value: count into a table by value symbol, reset after each name.
    int[] count = new int[nsym];
    int[] distinct = new int[Math.min(total, nsym) + 1];
    int[] nameStart = new int[nnames + 1];
    int[] values = new int[Math.min(total, Math.max(16, nsym))];
    int[] listStart = new int[values.length + 1];
    int[] series = new int[total];
    int nv = 0;
    for (int i = 0; i < nnames; i++) {
      int from = nameStartLabels[i], to = nameStartLabels[i + 1];
      int nd = 0;
      for (int p = from; p < to; p++) {
        if (count[valueOf[p]]++ == 0) distinct[nd++] = valueOf[p];
      }
      Arrays.sort(distinct, 0, nd);
      nameStart[i] = nv;
      if (nv + nd > values.length) {
        values = Arrays.copyOf(values, Math.max(nv + nd, values.length * 2));
        listStart = Arrays.copyOf(listStart, values.length + 1);
      }
      int offset = from;
      for (int d = 0; d < nd; d++) {
        int v = distinct[d];
        values[nv + d] = v;
        listStart[nv + d] = offset;
        int c = count[v];
        count[v] = offset; // from here on, the value's fill cursor
        offset += c;
      }
      for (int p = from; p < to; p++) series[count[valueOf[p]]++] = seriesOf[p];
      for (int d = 0; d < nd; d++) count[distinct[d]] = 0;
      nv += nd;
    }
    nameStart[nnames] = nv;
    listStart[nv] = total;
    return new FrozenPostings(symbols, ns, names, nameStart, Arrays.copyOf(values, nv), Arrays.copyOf(listStart, nv + 1),
        series);
  }

  /**
   * Approximate heap bytes (the symbols are the caller's), counting every entry's bitmap as made:
   * an array container takes 2 bytes per series, plus about 64 per bitmap.
   */
  public long weight() {
    return 96 + 4L * (names.length + nameStart.length + values.length + listStart.length + series.length)
        + 2L * series.length + 72L * values.length;
  }

  /**
   * Series matching all matchers, Prometheus's way: matchers that match the empty string also
   * select series lacking the label. With no matchers: all series. The bitmap is the caller's.
   */
  public RoaringBitmap select(Matcher... matchers) {
    return Selection.select(source, matchers);
  }

  private final Selection.Source source = new Selection.Source() {
    @Override
    public RoaringBitmap matching(Matcher m) {
      return FrozenPostings.this.matching(m);
    }

    @Override
    public RoaringBitmap all() {
      return RoaringBitmap.bitmapOfRange(0, numSeries);
    }

    @Override
    public void removeMismatching(Matcher m, RoaringBitmap result) {
      int n = name(m.name());
      if (n < 0) return;
      for (int v = nameStart[n]; v < nameStart[n + 1]; v++) {
        if (!m.matches(symbols[values[v]])) result.andNot(bitmap(v));
      }
    }
  };

  private RoaringBitmap matching(Matcher m) {
    int n = name(m.name());
    if (n < 0) return new RoaringBitmap();
    if (m.type() == Matcher.Type.EQ) {
      int sym = Arrays.binarySearch(symbols, m.value());
      int v = sym < 0 ? -1 : Arrays.binarySearch(values, nameStart[n], nameStart[n + 1], sym);
      return v < 0 ? new RoaringBitmap() : bitmap(v).clone();
    }
    List<RoaringBitmap> parts = new ArrayList<>();
    for (int v = nameStart[n]; v < nameStart[n + 1]; v++) {
      if (m.matches(symbols[values[v]])) parts.add(bitmap(v));
    }
    return RoaringBitmap.or(parts.iterator());
  }

  /** Entry {@code v}'s series; shared, not to be changed. */
  private RoaringBitmap bitmap(int v) {
    RoaringBitmap b = bitmaps.get(v);
    if (b == null) {
      b = new RoaringBitmap();
      b.addN(series, listStart[v], listStart[v + 1] - listStart[v]);
      b.runOptimize();
      bitmaps.set(v, b);
    }
    return b;
  }

  /** The slot of {@code name} in {@link #names}, or -1 when no series has it. */
  private int name(String name) {
    int sym = Arrays.binarySearch(symbols, name);
    if (sym < 0) return -1;
    int n = Arrays.binarySearch(names, sym);
    return n < 0 ? -1 : n;
  }
}
