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

  HeadQuerier(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public SeriesSet select(boolean sorted, Matcher... matchers) {
    RoaringBitmap refs = head.postings.select(matchers);
    List<HeadSeries> out = new ArrayList<>(refs.getCardinality());
    IntIterator it = refs.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.byRef(it.next());
      if (s == null) continue;
      MemSeries.Snapshot snap = s.snapshot(mint, maxt);
      if (snap.sealed().isEmpty() && snap.headIterator() == null) continue;
      out.add(new HeadSeries(s, snap));
    }
    if (sorted) out.sort((a, b) -> a.series.labels.compareTo(b.series.labels));
    return new ListSeriesSet(out);
  }

  private List<MemSeries> matching(Matcher... matchers) {
    RoaringBitmap refs = head.postings.select(matchers);
    List<MemSeries> out = new ArrayList<>();
    IntIterator it = refs.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.byRef(it.next());
      if (s != null && s.hasData()) out.add(s);
    }
    return out;
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    if (matchers.length == 0) return head.postings.labelValues(name);
    TreeSet<String> vals = new TreeSet<>();
    for (MemSeries s : matching(matchers)) {
      String v = s.labels.get(name);
      if (!v.isEmpty()) vals.add(v);
    }
    return new ArrayList<>(vals);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    if (matchers.length == 0) return head.postings.labelNames();
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

  private static final class ListSeriesSet implements SeriesSet {
    private final List<HeadSeries> list;
    private int i = -1;

    ListSeriesSet(List<HeadSeries> list) {
      this.list = list;
    }

    @Override
    public boolean next() {
      return ++i < list.size();
    }

    @Override
    public Series at() {
      return list.get(i);
    }
  }
}
