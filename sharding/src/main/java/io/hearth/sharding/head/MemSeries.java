package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.HistogramChunk;
import io.hearth.sharding.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * One series in the head: its identity, its open (head) chunk and the list of its sealed chunks.
 *
 * <p>A series may hold float samples and native histogram samples, at different times (as in
 * Prometheus, e.g. after an exporter switched a metric to native histograms). At most one head
 * chunk is open, of the encoding of the newest sample: a sample of the other kind seals it first,
 * so every chunk holds one kind only.
 *
 * <p>All mutable state is guarded by the instance monitor. Appends come only from the commit path
 * of {@link Head}; readers take a {@link #snapshot} under the monitor and read outside it.
 */
final class MemSeries {
  private static final int NEXT_CHUNK_SLACK_BYTES = 16;
  /** Buffer size for the next head chunk: the last sealed one's size plus slack; 0 before the first. */
  private int nextChunkBytes;

  final int ref;
  final long id;
  final Labels labels;
  final int partition;
  /** The registry that made this series: a {@link Labels#storeHint() hint} from another is not its. */
  final SeriesRegistry registry;

  /** Whether the series definition is known to be durable. */
  volatile boolean definitionPersisted;
  /** Set when the head dropped this series (truncation or release): a commit must resolve it anew. */
  volatile boolean removed;
  /** Newest timestamp applied (or {@link Long#MIN_VALUE}); read without the lock for order checks. */
  volatile long lastT = Long.MIN_VALUE;
  private double lastV;
  /** The newest histogram sample (a copy), or null when the newest sample is a float. */
  private FloatHistogram lastH;

  /** The open float chunk, or null. Never open together with {@link #histogramHead}. */
  private XorChunk head;
  /** The open histogram chunk, or null. */
  private HistogramChunk histogramHead;
  /** Whether the chunk of {@link #lastH} holds gauge histograms (else counter histograms). */
  private boolean lastChunkGauge;
  private final List<ChunkRef> sealed = new ArrayList<>(4);
  /**
   * Out-of-order float samples not yet in a chunk, sorted by time, unique: accepted inside the
   * out-of-order window and sealed into a chunk of their own at {@link #OOO_CAP} samples or at a
   * checkpoint. Such a chunk overlaps others in time; readers merge (see {@link Snapshot#overlapping}).
   */
  private long[] oooT;
  private double[] oooV;
  private int oooN;
  /** Out-of-order samples a chunk gathers before it is sealed (Prometheus's {@code out_of_order_cap} default). */
  static final int OOO_CAP = 32;

  MemSeries(int ref, long id, Labels labels, int partition, SeriesRegistry registry) {
    this.ref = ref;
    this.id = id;
    this.labels = labels;
    this.partition = partition;
    this.registry = registry;
  }

  /** Whether the newest sample is the float {@code v}, bit for bit. */
  synchronized boolean isLastValue(double v) {
    return lastH == null && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV);
  }

  /** Whether the newest sample is a histogram identical to {@code h}, bit for bit. */
  synchronized boolean isLastHistogram(FloatHistogram h) {
    return lastH != null && Histograms.sameBits(lastH, h);
  }

  /** The result of applying one sample at commit time. */
  enum Applied { APPENDED, DUPLICATE, OUT_OF_ORDER }

  /**
   * Appends a committed sample; seals the head chunk first when it is full. Returns the sealed
   * chunk, if one was cut, through {@code cut}.
   */
  synchronized Applied apply(long t, double v, int maxSamplesPerChunk, long maxChunkSpanMs, List<ChunkRef> cut) {
    if (t <= lastT) {
      if (t == lastT && isLastValue(v)) return Applied.DUPLICATE;
      return Applied.OUT_OF_ORDER;
    }
    if (histogramHead != null) cut.add(sealHistogramHeadLocked()); // switching from histograms to floats
    if (head != null && (head.numSamples() >= maxSamplesPerChunk || t - head.minTime() >= maxChunkSpanMs)) {
      cut.add(sealHeadLocked());
    }
    if (head == null) head = nextChunkBytes == 0 ? new XorChunk() : new XorChunk(nextChunkBytes);
    head.append(t, v);
    lastT = t;
    lastV = v;
    lastH = null;
    return Applied.APPENDED;
  }

  /**
   * Inserts a committed float sample older than the newest one (the caller checked it is inside
   * the out-of-order window); seals the out-of-order samples into a chunk at {@link #OOO_CAP}.
   * A sample at a timestamp already among the out-of-order samples is a duplicate when
   * bit-identical, else refused (the appender checked the stored chunks before).
   */
  synchronized Applied applyOutOfOrder(long t, double v, List<ChunkRef> cut) {
    if (t >= lastT) return apply(t, v, Integer.MAX_VALUE, Long.MAX_VALUE, cut);
    if (oooT == null) {
      oooT = new long[OOO_CAP];
      oooV = new double[OOO_CAP];
    }
    int i = java.util.Arrays.binarySearch(oooT, 0, oooN, t);
    if (i >= 0) {
      return Double.doubleToRawLongBits(oooV[i]) == Double.doubleToRawLongBits(v) ? Applied.DUPLICATE : Applied.OUT_OF_ORDER;
    }
    int at = -i - 1;
    System.arraycopy(oooT, at, oooT, at + 1, oooN - at);
    System.arraycopy(oooV, at, oooV, at + 1, oooN - at);
    oooT[at] = t;
    oooV[at] = v;
    oooN++;
    if (oooN >= OOO_CAP) cut.add(sealOutOfOrderLocked());
    return Applied.APPENDED;
  }

  private XorChunk outOfOrderChunkLocked() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < oooN; i++) c.append(oooT[i], oooV[i]);
    return c;
  }

  private ChunkRef sealOutOfOrderLocked() {
    XorChunk c = outOfOrderChunkLocked();
    ChunkRef r = ChunkRef.inMemory(c.minTime(), c.maxTime(), ChunkCodec.seal(c));
    sealed.add(r);
    oooN = 0;
    return r;
  }

  /** Seals the out-of-order samples (if any) into a chunk and returns it, or null. */
  synchronized ChunkRef cutOutOfOrder() {
    return oooN == 0 ? null : sealOutOfOrderLocked();
  }

  /**
   * As {@link #apply} for a histogram sample, which the caller has validated ({@link
   * Histograms#validate}); {@code h} is copied.
   *
   * <p>Chunks and counter reset hints follow Prometheus's TSDB, so that queries see the hints
   * Prometheus gives: a counter histogram that does not continue the previous one (a counter
   * reset, a new schema or zero threshold: {@link Histograms#continues}) starts a new chunk, and
   * so does a switch between counter and gauge histograms. The first sample of a chunk reads as
   * {@code UNKNOWN} (Prometheus drops even a detected reset there, prometheus/prometheus#15346,
   * leaving the evaluator to compare samples), the later ones as {@code NOT_COUNTER_RESET}; gauge
   * histograms read as {@code GAUGE}. The chunk stores that read hint; the ingest log keeps the
   * sample as appended, and replay derives the same hints. Besides the float limits, a histogram
   * chunk is also sealed at {@link Histograms#CHUNK_TARGET_BYTES} once it holds {@link
   * Histograms#CHUNK_MIN_SAMPLES} samples, one histogram weighing as much as many floats.
   */
  synchronized Applied applyHistogram(long t, FloatHistogram h, int maxSamplesPerChunk, long maxChunkSpanMs,
      List<ChunkRef> cut) {
    if (t <= lastT) {
      if (t == lastT && isLastHistogram(h)) return Applied.DUPLICATE;
      return Applied.OUT_OF_ORDER;
    }
    if (head != null) cut.add(sealHeadLocked()); // switching from floats to histograms
    boolean gauge = h.counterResetHint == FloatHistogram.CounterResetHint.GAUGE;
    HistogramChunk c = histogramHead;
    boolean continues = c != null && gauge == lastChunkGauge
        && !(c.numSamples() >= maxSamplesPerChunk || t - c.minTime() >= maxChunkSpanMs
            || (c.sizeBytes() >= Histograms.CHUNK_TARGET_BYTES && c.numSamples() >= Histograms.CHUNK_MIN_SAMPLES))
        && (gauge || Histograms.continues(lastH, h));
    if (!continues) {
      if (c != null) cut.add(sealHistogramHeadLocked());
      histogramHead = new HistogramChunk();
      lastChunkGauge = gauge;
    }
    FloatHistogram.CounterResetHint hint = gauge ? FloatHistogram.CounterResetHint.GAUGE
        : continues ? FloatHistogram.CounterResetHint.NOT_COUNTER_RESET : FloatHistogram.CounterResetHint.UNKNOWN;
    histogramHead.append(t, h.counterResetHint == hint ? h : Histograms.withHint(h, hint));
    lastT = t;
    lastH = h.copy();
    return Applied.APPENDED;
  }

  /** Seals the open chunk (if it has samples) and returns it, or null. */
  synchronized ChunkRef cutHead() {
    if (histogramHead != null) return histogramHead.numSamples() == 0 ? null : sealHistogramHeadLocked();
    return head == null || head.numSamples() == 0 ? null : sealHeadLocked();
  }

  private ChunkRef sealHeadLocked() {
    // The next chunk of a steady series is about as large: its buffer starts there, so appends
    // rarely copy it (doubling from a small buffer copied each chunk four or five times).
    nextChunkBytes = head.sizeBytes() + NEXT_CHUNK_SLACK_BYTES;
    ChunkRef r = ChunkRef.inMemory(head.minTime(), head.maxTime(), ChunkCodec.seal(head));
    sealed.add(r);
    head = null;
    return r;
  }

  private ChunkRef sealHistogramHeadLocked() {
    HistogramChunk c = histogramHead;
    ChunkRef r = ChunkRef.inMemory(c.minTime(), c.maxTime(), ChunkCodec.seal(c));
    sealed.add(r);
    histogramHead = null;
    return r;
  }

  /** Replaces an in-memory chunk by its persisted location once its segment is durable. */
  synchronized void persisted(ChunkRef inMemory, long segmentSeq, int offset) {
    for (int i = 0; i < sealed.size(); i++) {
      if (sealed.get(i) == inMemory) {
        sealed.set(i, new ChunkRef(inMemory.minT(), inMemory.maxT(), segmentSeq, offset, inMemory.length(), null));
        return;
      }
    }
  }

  /** Adds a persisted chunk found during recovery (in time order). */
  synchronized void addRecovered(ChunkRef r) {
    sealed.add(r);
    if (r.maxT() > lastT) lastT = r.maxT();
  }

  /** Drops persisted chunks of deleted segments; returns whether the series now holds no data. */
  synchronized boolean dropSegments(java.util.function.LongPredicate deleted) {
    sealed.removeIf(r -> r.persisted() && deleted.test(r.segmentSeq()));
    return sealed.isEmpty() && head == null && histogramHead == null;
  }

  synchronized long minTime() {
    long m = Long.MAX_VALUE;
    for (ChunkRef r : sealed) m = Math.min(m, r.minT()); // out-of-order chunks may start before earlier ones
    if (histogramHead != null) m = Math.min(m, histogramHead.minTime());
    if (head != null) m = Math.min(m, head.minTime());
    if (oooN > 0) m = Math.min(m, oooT[0]);
    return m;
  }

  synchronized boolean hasData() {
    return !sealed.isEmpty() || head != null || histogramHead != null || oooN > 0;
  }

  /**
   * A consistent view for one reader: sealed chunks overlapping the range and the head's samples.
   * Persisted chunks of segments below {@code segmentFloor} are left out: index blocks hold them.
   */
  synchronized Snapshot snapshot(long mint, long maxt, long segmentFloor) {
    List<ChunkRef> refs = new ArrayList<>(sealed.size());
    for (ChunkRef r : sealed) {
      if (r.overlaps(mint, maxt) && !(r.persisted() && r.segmentSeq() < segmentFloor)) refs.add(r);
    }
    if (oooN > 0 && oooT[oooN - 1] >= mint && oooT[0] <= maxt) {
      XorChunk c = outOfOrderChunkLocked();
      refs.add(ChunkRef.inMemory(c.minTime(), c.maxTime(), ChunkCodec.seal(c)));
    }
    SampleIterator it = null;
    long headMinT = Long.MAX_VALUE;
    if (head != null && head.maxTime() >= mint && head.minTime() <= maxt) {
      it = head.iterator(null);
      headMinT = head.minTime();
    } else if (histogramHead != null && histogramHead.maxTime() >= mint && histogramHead.minTime() <= maxt) {
      it = histogramHead.iterator(null);
      headMinT = histogramHead.minTime();
    }
    return new Snapshot(refs, it, headMinT);
  }

  /** Whether the head holds samples of this series in {@code [mint, maxt]} (index blocks aside). */
  synchronized boolean overlaps(long mint, long maxt, long segmentFloor) {
    if (head != null && head.maxTime() >= mint && head.minTime() <= maxt) return true;
    if (oooN > 0 && oooT[oooN - 1] >= mint && oooT[0] <= maxt) return true;
    if (histogramHead != null && histogramHead.maxTime() >= mint && histogramHead.minTime() <= maxt) return true;
    for (ChunkRef r : sealed) {
      if (r.overlaps(mint, maxt) && !(r.persisted() && r.segmentSeq() < segmentFloor)) return true;
    }
    return false;
  }

  /**
   * Truncation: removes and returns the persisted chunks of segments below {@code segmentEnd}, in
   * seal order (an index block now holds them).
   */
  synchronized List<ChunkRef> takePersistedBelow(long segmentEnd) {
    List<ChunkRef> out = null;
    for (int i = 0; i < sealed.size(); i++) {
      ChunkRef r = sealed.get(i);
      if (r.persisted() && r.segmentSeq() < segmentEnd) {
        if (out == null) out = new ArrayList<>();
        out.add(r);
      }
    }
    if (out == null) return List.of();
    sealed.removeIf(r -> r.persisted() && r.segmentSeq() < segmentEnd);
    return out;
  }

  /** The persisted chunks of segments below {@code segmentEnd}, left in place. */
  synchronized List<ChunkRef> persistedBelow(long segmentEnd) {
    List<ChunkRef> out = new ArrayList<>();
    for (ChunkRef r : sealed) if (r.persisted() && r.segmentSeq() < segmentEnd) out.add(r);
    return out;
  }

  /** Whether the head holds nothing of this series and its newest sample is before {@code idleBefore}. */
  synchronized boolean evictable(long idleBefore) {
    return sealed.isEmpty() && head == null && histogramHead == null && oooN == 0 && lastT < idleBefore;
  }

  /**
   * Chunks of a snapshot; {@code headIterator} already captures the open chunk's samples (float or
   * histogram), or is null when the open chunk is empty or outside the range.
   */
  record Snapshot(List<ChunkRef> sealed, SampleIterator headIterator, long headMinT) {
    /** Whether chunks overlap in time (out-of-order chunks), so that a reader must merge them. */
    boolean overlapping() {
      long prevMax = Long.MIN_VALUE;
      for (ChunkRef r : sealed) {
        if (r.minT() <= prevMax) return true;
        prevMax = Math.max(prevMax, r.maxT());
      }
      return headIterator != null && headMinT <= prevMax;
    }
  }

  /**
   * For a checkpoint: the open float chunk in sealed form (it stays open and appendable), or null.
   * An open histogram chunk is cut instead (added to {@code cut}), since only XOR chunks reopen.
   */
  synchronized byte[] checkpointHead(List<ChunkRef> cut) {
    // lastT is read by the caller after this returns, under the partition's commit write lock.
    if (histogramHead != null && histogramHead.numSamples() > 0) cut.add(sealHistogramHeadLocked());
    return head == null || head.numSamples() == 0 ? null : ChunkCodec.seal(head);
  }

  /**
   * Recovery: the newest timestamp a head snapshot recorded, and its open chunk (or null); the
   * chunk is reopened unless segments already hold its samples.
   */
  synchronized void restoreHead(long snapshotLastT, byte[] sealedChunk) {
    if (snapshotLastT > lastT) lastT = snapshotLastT;
    if (sealedChunk == null) return;
    XorChunk c = ChunkCodec.reopen(sealedChunk, 0, sealedChunk.length);
    if (head != null || c.numSamples() == 0 || persistedChunkStartsAt(c.minTime())) return;
    head = c;
    io.hearth.sharding.chunkenc.XorIterator it = c.iterator(null);
    while (it.next() != io.hearth.sharding.api.ValueType.NONE) lastV = it.atV();
    if (c.maxTime() > lastT) lastT = c.maxTime();
  }

  /**
   * Whether a recovered chunk starts where the snapshot's open chunk does: that chunk was sealed
   * after the snapshot and holds its samples (no other chunk can start there: timestamps are unique).
   */
  private boolean persistedChunkStartsAt(long t) {
    for (ChunkRef r : sealed) if (r.minT() == t) return true;
    return false;
  }
}
