package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.segment.IndexBlock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads a {@link Head} within {@code [mint, maxt]}: the series in memory and, for each partition,
 * the index blocks overlapping the range. A series found in blocks and in the head is one series
 * whose chunks come from the blocks first (older segments), then from the head.
 *
 * <p>The head part and each partition's block layout are taken together under the partitions'
 * commit locks, so that a truncation running meanwhile (which moves chunk locations from the head
 * into a new block) shows every chunk exactly once.
 */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;
  /** The partitions to read, or null for every partition the head serves. */
  private final BitSet only;

  HeadQuerier(Head head, long mint, long maxt, BitSet only) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
    this.only = only;
  }

  private boolean included(int partition) {
    return only == null || only.get(partition);
  }

  /** One series being gathered: its chunks from blocks, then what the head holds. */
  private static final class Gathered {
    final Labels labels;
    final int partition;
    List<ChunkRef> blockChunks = List.of();
    MemSeries.Snapshot headPart;

    Gathered(Labels labels, int partition) {
      this.labels = labels;
      this.partition = partition;
    }
  }

  /**
   * The layouts of the included partitions, and each matching head series with its partition's
   * segment floor, read under the commit locks.
   */
  private Partition.Layout[] lockedView(Matcher[] matchers, java.util.function.ObjLongConsumer<MemSeries> headSeries) {
    Partition.Layout[] layouts = new Partition.Layout[head.partitions.length];
    List<Partition> locked = new ArrayList<>();
    try {
      for (Partition p : head.partitions) {
        if (!included(p.id)) continue;
        p.commitLock.readLock().lock();
        locked.add(p);
        layouts[p.id] = p.layout(mint, maxt);
      }
      RoaringBitmap refs = head.postings.select(matchers);
      IntIterator it = refs.getIntIterator();
      while (it.hasNext()) {
        MemSeries s = head.byRef(it.next());
        // Refs are reused once a series left: check that this one is the series the postings meant.
        if (s == null || !included(s.partition) || !matchesAll(s.labels, matchers)) continue;
        headSeries.accept(s, layouts[s.partition].segmentFloor());
      }
    } finally {
      for (Partition p : locked) p.commitLock.readLock().unlock();
    }
    return layouts;
  }

  private static boolean matchesAll(Labels l, Matcher[] matchers) {
    for (Matcher m : matchers) if (!m.matches(l.get(m.name()))) return false;
    return true;
  }

  @Override
  public SeriesSet select(boolean sorted, Matcher... matchers) {
    Map<Labels, Gathered> byLabels = new HashMap<>();
    List<Gathered> inHead = new ArrayList<>();
    Partition.Layout[] layouts = lockedView(matchers, (s, floor) -> {
      Gathered g = new Gathered(s.labels, s.partition);
      g.headPart = s.snapshot(mint, maxt, floor);
      inHead.add(g);
    });
    List<Gathered> out = new ArrayList<>();
    for (Gathered g : inHead) {
      byLabels.put(g.labels, g);
    }
    for (int p = 0; p < layouts.length; p++) {
      Partition.Layout layout = layouts[p];
      if (layout == null) continue;
      for (var e : layout.blocks()) {
        BlockIndex b = head.block(p, e.getKey());
        if (b == null) continue;
        IndexBlock.Decoded d = b.block;
        IntIterator it = b.select(matchers).getIntIterator();
        while (it.hasNext()) {
          int i = it.next();
          List<ChunkRef> refs = null;
          for (int c = d.chunkStart[i]; c < d.chunkStart[i + 1]; c++) {
            if (d.maxT[c] < mint || d.minT[c] > maxt) continue;
            if (refs == null) refs = new ArrayList<>();
            refs.add(new ChunkRef(d.minT[c], d.maxT[c], d.segmentSeq[c], d.offset[c], d.length[c], null));
          }
          if (refs == null) continue;
          Labels labels = d.labels(i);
          Gathered g = byLabels.get(labels);
          if (g == null) {
            g = new Gathered(labels, p);
            byLabels.put(labels, g);
          }
          if (g.blockChunks.isEmpty()) g.blockChunks = refs;
          else g.blockChunks.addAll(refs);
        }
      }
    }
    for (Gathered g : byLabels.values()) {
      boolean headEmpty = g.headPart == null || (g.headPart.sealed().isEmpty() && g.headPart.headIterator() == null);
      if (headEmpty && g.blockChunks.isEmpty()) continue;
      out.add(g);
    }
    if (sorted) out.sort((a, b) -> a.labels.compareTo(b.labels));
    List<Series> series = new ArrayList<>(out.size());
    for (Gathered g : out) series.add(new GatheredSeries(g));
    return SeriesSet.of(series);
  }

  /** Calls {@code f} with the labels of every series with data in range that matches (a label set may repeat). */
  private void forEachMatching(Matcher[] matchers, Consumer<Labels> f) {
    Partition.Layout[] layouts = lockedView(matchers, (s, floor) -> {
      if (s.overlaps(mint, maxt, floor)) f.accept(s.labels);
    });
    for (int p = 0; p < layouts.length; p++) {
      if (layouts[p] == null) continue;
      for (var e : layouts[p].blocks()) {
        BlockIndex b = head.block(p, e.getKey());
        if (b == null) continue;
        IntIterator it = b.select(matchers).getIntIterator();
        while (it.hasNext()) {
          int i = it.next();
          if (b.overlaps(i, mint, maxt)) f.accept(b.block.labels(i));
        }
      }
    }
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    TreeSet<String> vals = new TreeSet<>();
    forEachMatching(matchers, l -> {
      String v = l.get(name);
      if (!v.isEmpty()) vals.add(v);
    });
    return new ArrayList<>(vals);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    TreeSet<String> names = new TreeSet<>();
    forEachMatching(matchers, l -> names.addAll(l.names()));
    return new ArrayList<>(names);
  }

  @Override
  public void close() {}

  private final class GatheredSeries implements Series {
    final Gathered g;

    GatheredSeries(Gathered g) {
      this.g = g;
    }

    @Override
    public Labels labels() {
      return g.labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      MemSeries.Snapshot snap;
      if (g.blockChunks.isEmpty()) {
        snap = g.headPart;
      } else if (g.headPart == null) {
        snap = new MemSeries.Snapshot(g.blockChunks, null, Long.MAX_VALUE);
      } else {
        List<ChunkRef> all = new ArrayList<>(g.blockChunks.size() + g.headPart.sealed().size());
        all.addAll(g.blockChunks);
        all.addAll(g.headPart.sealed());
        snap = new MemSeries.Snapshot(all, g.headPart.headIterator(), g.headPart.headMinT());
      }
      if (snap.overlapping()) return new MergedSeriesIterator(head, g.partition, snap, mint, maxt);
      ChunkSeriesIterator it = reuse instanceof ChunkSeriesIterator ? (ChunkSeriesIterator) reuse : new ChunkSeriesIterator(head);
      it.reset(g.partition, snap, mint, maxt);
      return it;
    }
  }
}
