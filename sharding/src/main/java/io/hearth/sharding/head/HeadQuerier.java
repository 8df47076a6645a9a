package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/** Reads a {@link Head} within {@code [mint, maxt]}. */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;
  /** The partitions to read, or null for every partition the head serves. */
  private final java.util.BitSet only;

  HeadQuerier(Head head, long mint, long maxt, java.util.BitSet only) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
    this.only = only;
  }

  private boolean included(MemSeries s) {
    return only == null || only.get(s.partition);
  }

  @Override
  public SeriesSet select(boolean sorted, Matcher... matchers) {
    RoaringBitmap refs = head.postings.select(matchers);
    List<HeadSeries> out = new ArrayList<>(refs.getCardinality());
    IntIterator it = refs.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.byRef(it.next());
      if (s == null || !included(s)) continue;
      MemSeries.Snapshot snap = s.snapshot(mint, maxt);
      if (snap.sealed().isEmpty() && snap.headIterator() == null) continue;
      out.add(new HeadSeries(s, snap));
    }
    if (sorted) out.sort((a, b) -> a.series.labels.compareTo(b.series.labels));
    return SeriesSet.of(out);
  }

  private List<MemSeries> matching(Matcher... matchers) {
    RoaringBitmap refs = head.postings.select(matchers);
    List<MemSeries> out = new ArrayList<>();
    IntIterator it = refs.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.byRef(it.next());
      if (s != null && included(s) && s.hasData()) out.add(s);
    }
    return out;
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    if (matchers.length == 0 && only == null) return head.postings.labelValues(name);
    TreeSet<String> vals = new TreeSet<>();
    for (MemSeries s : matching(matchers)) {
      String v = s.labels.get(name);
      if (!v.isEmpty()) vals.add(v);
    }
    return new ArrayList<>(vals);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    if (matchers.length == 0 && only == null) return head.postings.labelNames();
    TreeSet<String> names = new TreeSet<>();
    for (MemSeries s : matching(matchers)) names.addAll(s.labels.names());
    return new ArrayList<>(names);
  }

  @Override
  public void close() {}

  private final class HeadSeries implements Series {
    final MemSeries series;
    final MemSeries.Snapshot snap;

    HeadSeries(MemSeries series, MemSeries.Snapshot snap) {
      this.series = series;
      this.snap = snap;
    }

    @Override
    public Labels labels() {
      return series.labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      ChunkSeriesIterator it = reuse instanceof ChunkSeriesIterator ? (ChunkSeriesIterator) reuse : new ChunkSeriesIterator(head);
      it.reset(series.partition, snap, mint, maxt);
      return it;
    }
  }
}
