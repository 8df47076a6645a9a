package io.hearth.sharding.head;

import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.index.MemPostings;
import io.hearth.sharding.wire.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's time-series store: series and postings in memory, head chunks in memory, sealed chunks
 * gathered into segments, and every acknowledged sample in a durable ingest log until its chunk is
 * in a segment. Durability goes through {@link HeadPersistence} (Ignite in a node,
 * {@link HeadPersistence#NONE} for a volatile head).
 *
 * <p>Thread-safe. Background work (writing segments, checkpoints, retention) runs when
 * {@link #maintain()} is called, normally by the node's scheduler every second.
 */
public final class Head implements Queryable, Appendable, io.hearth.sharding.api.ShardAccess, AutoCloseable {
  final HeadOptions options;
  final HeadPersistence persistence;
  final HeadMetrics metrics = new HeadMetrics();
  final MemPostings postings = new MemPostings();
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, MemSeries> byId = new ConcurrentHashMap<>();
  private volatile MemSeries[] byRef = new MemSeries[1024];
  private int nextRef;
  private final Object createLock = new Object();
  final Partition[] partitions;
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final SegmentCache segmentCache = new SegmentCache(64L << 20);
  private final boolean volatileHead;

  private Head(HeadOptions options, HeadPersistence persistence) {
    this.options = options;
    this.persistence = persistence;
    this.volatileHead = persistence == HeadPersistence.NONE;
    this.partitions = new Partition[options.partitions()];
    for (int i = 0; i < partitions.length; i++) partitions[i] = new Partition(i);
  }

  /** A head that keeps everything in memory only; it serves every partition. */
  public static Head inMemory(HeadOptions options) {
    Head h = new Head(options, HeadPersistence.NONE);
    for (Partition p : h.partitions) p.loaded = true;
    return h;
  }

  /** Opens a head over durable state serving every partition, replaying segments and the ingest log. */
  public static Head open(HeadOptions options, HeadPersistence persistence) {
    Head h = new Head(options, persistence);
    for (Partition p : h.partitions) h.loadPartition(p.id);
    h.resetIngestMetrics();
    return h;
  }

  /**
   * Opens a head that serves no partition yet: a cluster node, which loads the partitions it
   * becomes the owner of with {@link #loadPartition} and drops them with {@link #releasePartition}.
   */
  public static Head openUnloaded(HeadOptions options, HeadPersistence persistence) {
    return new Head(options, persistence);
  }

  public HeadMetrics metrics() {
    return metrics;
  }

  public HeadOptions options() {
    return options;
  }

  // ---------------------------------------------------------------- series

  MemSeries getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) return s;
    int partition = Partitioning.partition(labels, partitions.length);
    if (!partitions[partition].loaded) {
      throw new StorageException.NotOwner("partition " + partition + " is not served by this node");
    }
    synchronized (createLock) {
      s = byLabels.get(labels);
      if (s != null) return s;
      long hash = labels.hash64();
      long id = hash;
      // A 64-bit collision is possible in principle: the later series takes the next free id, and the
      // durable definition (id -> labels) keeps them apart.
      while (byId.containsKey(id)) id++;
      s = register(id, labels);
      metrics.seriesCreated.increment();
      return s;
    }
  }

  /** Label names and values shared by all series (most repeat: job, namespace, le...). */
  private final java.util.HashMap<String, String> strings = new java.util.HashMap<>();

  private String intern(String v) {
    // Series churn would grow the pool forever: start a fresh pool when it is far larger than needed.
    if (strings.size() > 8 * byLabels.size() + 100_000) strings.clear();
    String s = strings.putIfAbsent(v, v);
    return s == null ? v : s;
  }

  private MemSeries register(long id, Labels original) {
    String[] pairs = new String[original.size() * 2];
    for (int i = 0; i < original.size(); i++) {
      pairs[2 * i] = intern(original.name(i));
      pairs[2 * i + 1] = intern(original.value(i));
    }
    Labels labels = Labels.ofSortedPairsUnchecked(pairs);
    int ref = nextRef++;
    if (ref >= byRef.length) byRef = Arrays.copyOf(byRef, byRef.length * 2);
    MemSeries s = new MemSeries(ref, id, labels, Partitioning.partition(labels, partitions.length));
    byRef[ref] = s;
    byId.put(id, s);
    byLabels.put(labels, s);
    postings.add(ref, labels);
    partitions[s.partition].series.add(s);
    return s;
  }

  boolean isSameAsLast(MemSeries s, double v) {
    return s.isLastValue(v);
  }

  boolean isSameAsLastHistogram(MemSeries s, FloatHistogram h) {
    return s.isLastHistogram(h);
  }

  MemSeries byRef(int ref) {
    MemSeries[] a = byRef;
    return ref < a.length ? a[ref] : null;
  }

  /** Forgets a series; with {@code deleteDefinition} also its durable definition (it holds no data any more). */
  private void removeSeries(MemSeries s, boolean deleteDefinition) {
    if (deleteDefinition) persistence.deleteSeries(s.partition, s.id);
    synchronized (createLock) {
      byLabels.remove(s.labels, s);
      byId.remove(s.id, s);
      byRef[s.ref] = null;
      postings.remove(s.ref, s.labels);
      partitions[s.partition].series.remove(s);
    }
    metrics.seriesRemoved.increment();
  }

  public long numSeries() {
    return byLabels.size();
  }

  public long minTime() {
    return minTime.get();
  }

  public long maxTime() {
    return maxTime.get();
  }

  public MemPostings.Stats cardinality(int limit) {
    return postings.stats(limit);
  }

  // ---------------------------------------------------------------- write

  @Override
  public Appender appender() {
    return new HeadAppender(this);
  }

  /**
   * Logs and applies staged samples: {@code idx[0..n)} index the staged arrays, grouped so that each
   * series' samples are in time order.
   */
  void commit(MemSeries[] series, long[] ts, double[] vs, int n) {
    commit(series, ts, vs, null, n);
  }

  /**
   * As {@link #commit(MemSeries[], long[], double[], int)}, where sample {@code i} is the histogram
   * {@code hs[i]} when that is not null ({@code hs} itself may be null: floats only).
   */
  void commit(MemSeries[] series, long[] ts, double[] vs, FloatHistogram[] hs, int n) {
    if (n == 0) return;
    long pending = 0;
    for (Partition p : partitions) pending += p.pendingBytes();
    if (pending > options.maxPendingBytes()) {
      metrics.commitsOverloaded.increment();
      throw new StorageException.Overloaded("too much sealed data waiting for segments: " + pending + " bytes");
    }
    // Stable sort by partition, then series (arrival order within a series is time order).
    int[] idx = groupByPartitionAndSeries(series, n);

    List<HeadPersistence.PartitionRecords> records = new ArrayList<>();
    List<HeadPersistence.SeriesDefinition> defs = new ArrayList<>();
    List<Partition> touched = new ArrayList<>();
    if (!volatileHead) {
      ByteSink sink = new ByteSink(n * 12 + 16);
      int i = 0;
      while (i < n) {
        int p = series[idx[i]].partition;
        sink.reset();
        LogRecords.begin(sink);
        int j = i;
        while (j < n && series[idx[j]].partition == p) {
          MemSeries s = series[idx[j]];
          int k = j;
          while (k < n && series[idx[k]] == s) k++;
          LogRecords.writeSeries(sink, s.id, ts, vs, hs, idx, j, k);
          if (!s.definitionPersisted) defs.add(new HeadPersistence.SeriesDefinition(p, s.id, s.labels));
          j = k;
        }
        records.add(new HeadPersistence.PartitionRecords(p, sink.toByteArray(), sink.length()));
        touched.add(partitions[p]);
        i = j;
      }
    } else {
      boolean[] seen = new boolean[partitions.length];
      for (int i = 0; i < n; i++) {
        int p = series[idx[i]].partition;
        if (!seen[p]) {
          seen[p] = true;
          touched.add(partitions[p]);
        }
      }
      touched.sort(Comparator.comparingInt(p -> p.id));
    }
    for (Partition p : touched) p.commitLock.readLock().lock();
    try {
      for (Partition p : touched) {
        if (!p.loaded) {
          metrics.commitsNotOwner.increment();
          throw new StorageException.NotOwner("partition " + p.id + " is not served by this node");
        }
      }
      persistence.logAndWait(defs, records);
      for (HeadPersistence.PartitionRecords r : records) {
        partitions[r.partition()].logBytes.addAndGet(r.length());
        metrics.logBytesWritten.add(r.length());
      }
      for (HeadPersistence.SeriesDefinition d : defs) byId.get(d.id()).definitionPersisted = true;
      List<ChunkRef> cut = new ArrayList<>(2);
      for (int i = 0; i < n; i++) {
        MemSeries s = series[idx[i]];
        FloatHistogram h = hs == null ? null : hs[idx[i]];
        if (h != null) applyHistogram(s, ts[idx[i]], h, cut);
        else applyOne(s, ts[idx[i]], vs[idx[i]], cut);
      }
      metrics.commits.increment();
    } finally {
      for (Partition p : touched) p.commitLock.readLock().unlock();
    }
  }

  /**
   * Indices {@code 0..n) ordered by (partition, series), arrival order kept within a series (so each
   * series' samples stay in time order). Sorts packed primitive keys: no boxing on the ingest path.
   */
  static int[] groupByPartitionAndSeries(MemSeries[] series, int n) {
    int[] idx = new int[n];
    if (n < (1 << 20)) {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        // partition: 16 bits | series ref: 27 bits | arrival index: 20 bits
        keys[i] = ((long) series[i].partition << 47) | ((long) (series[i].ref & 0x7FFFFFF) << 20) | i;
      }
      Arrays.sort(keys);
      boolean refsFit = true;
      for (int i = 0; i < n && refsFit; i++) refsFit = series[i].ref <= 0x7FFFFFF && series[i].partition < (1 << 16);
      if (refsFit) {
        for (int i = 0; i < n; i++) idx[i] = (int) (keys[i] & 0xFFFFF);
        return idx;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> series[i].partition).thenComparingInt(i -> series[i].ref));
    for (int i = 0; i < n; i++) idx[i] = order[i];
    return idx;
  }

  private void applyOne(MemSeries s, long t, double v, List<ChunkRef> cut) {
    cut.clear();
    applied(s, t, s.apply(t, v, options.maxSamplesPerChunk(), options.maxChunkSpanMs(), cut), cut);
  }

  private void applyHistogram(MemSeries s, long t, FloatHistogram h, List<ChunkRef> cut) {
    cut.clear();
    applied(s, t, s.applyHistogram(t, h, options.maxSamplesPerChunk(), options.maxChunkSpanMs(), cut), cut);
  }

  private void applied(MemSeries s, long t, MemSeries.Applied outcome, List<ChunkRef> cut) {
    switch (outcome) {
      case APPENDED:
        metrics.samplesAppended.increment();
        if (t > maxTime.get()) maxTime.accumulateAndGet(t, Math::max);
        if (t < minTime.get()) minTime.accumulateAndGet(t, Math::min);
        break;
      case DUPLICATE:
        metrics.samplesDuplicate.increment();
        break;
      default:
        metrics.samplesOutOfOrder.increment();
    }
    for (ChunkRef r : cut) {
      metrics.chunksCut.increment();
      if (!volatileHead) partitions[s.partition].addPending(s, r);
    }
  }

  // ---------------------------------------------------------------- read

  @Override
  public Querier querier(long mint, long maxt) {
    return new HeadQuerier(this, mint, maxt, null);
  }

  @Override
  public io.hearth.sharding.api.PartitionLease lease(int[] parts) {
    long[] generations = new long[parts.length];
    java.util.BitSet set = new java.util.BitSet(partitions.length);
    for (int i = 0; i < parts.length; i++) {
      int p = parts[i];
      if (p < 0 || p >= partitions.length) throw new IllegalArgumentException("no partition " + p + " (of " + partitions.length + ")");
      Partition part = partitions[p];
      generations[i] = part.generation;
      if (!part.loaded) throw new StorageException.NotOwner("partition " + p + " is not served by this node");
      set.set(p);
    }
    int[] leased = parts.clone();
    return new io.hearth.sharding.api.PartitionLease() {
      @Override
      public int[] partitions() {
        return leased.clone();
      }

      @Override
      public Querier querier(long mint, long maxt) {
        return new HeadQuerier(Head.this, mint, maxt, set);
      }

      @Override
      public void validate() {
        for (int i = 0; i < leased.length; i++) {
          Partition part = partitions[leased[i]];
          if (!part.loaded || part.generation != generations[i]) {
            throw new StorageException.NotOwner("partition " + leased[i] + " moved while it was read");
          }
        }
      }
    };
  }

  /** Whether this node serves {@code partition} now. */
  public boolean isLoaded(int partition) {
    return partitions[partition].loaded;
  }

  /** The partitions this node serves now, ascending. */
  public int[] loadedPartitions() {
    int n = 0;
    for (Partition p : partitions) if (p.loaded) n++;
    int[] out = new int[n];
    n = 0;
    for (Partition p : partitions) if (p.loaded) out[n++] = p.id;
    return out;
  }

  /** Raw segment payload (decompressed), through a small LRU cache. */
  byte[] segmentPayload(int partition, long seq) {
    long key = ((long) partition << 48) ^ seq;
    byte[] b = segmentCache.get(key);
    if (b != null) {
      metrics.segmentCacheHits.increment();
      return b;
    }
    metrics.segmentCacheMisses.increment();
    b = io.hearth.sharding.segment.Segment.decodeBlob(persistence.readSegment(partition, seq), "segment " + partition + "/" + seq);
    segmentCache.put(key, b);
    return b;
  }

  // ---------------------------------------------------------------- background work

  /** Writes full segments, checkpoints partitions with a long log, applies retention. */
  public void maintain() {
    if (volatileHead) return;
    for (Partition p : partitions) {
      if (!p.loaded) continue;
      if (p.logBytes.get() >= options.logBytesPerCheckpoint()) checkpoint(p);
      else if (p.pendingBytes() >= options.segmentTargetBytes()) flushSegment(p);
    }
    applyRetention();
  }

  /** Checkpoints every partition: sealed chunks to segments, open chunks to head snapshots, log truncated. */
  public void flush() {
    if (volatileHead) return;
    for (Partition p : partitions) checkpoint(p);
    persistence.sync();
  }

  private void checkpoint(Partition p) {
    synchronized (p.flushLock) {
      if (p.loaded) checkpointLocked(p);
    }
  }

  /** Checkpoints a partition this node serves; the caller holds {@code p.flushLock}. */
  private void checkpointLocked(Partition p) {
    long upTo;
    long logged;
    List<io.hearth.sharding.segment.Segment.HeadChunk> open = new ArrayList<>();
    p.commitLock.writeLock().lock();
    try {
      // Open float chunks stay open: their bytes go into the head snapshot. Open histogram chunks are cut.
      List<ChunkRef> cut = new ArrayList<>(1);
      for (MemSeries s : p.series) {
        cut.clear();
        byte[] snap = s.checkpointHead(cut);
        if (snap != null) open.add(new io.hearth.sharding.segment.Segment.HeadChunk(s.id, snap));
        for (ChunkRef r : cut) {
          metrics.chunksCut.increment();
          p.addPending(s, r);
        }
      }
      upTo = persistence.lastLogSeq(p.id);
      logged = p.logBytes.get();
    } finally {
      p.commitLock.writeLock().unlock();
    }
    flushSegment(p);
    persistence.writeHeadSnapshot(p.id, io.hearth.sharding.segment.Segment.encodeHeadSnapshot(open));
    if (upTo >= 0) persistence.truncateLog(p.id, upTo);
    p.logBytes.addAndGet(-logged);
    metrics.checkpoints.increment();
  }

  private void flushSegment(Partition p) {
    synchronized (p.flushLock) {
      if (!p.loaded) return;
      List<Partition.PendingChunk> chunks = p.takePending();
      if (chunks.isEmpty()) return;
      ByteSink payload = new ByteSink(64 * 1024);
      io.hearth.sharding.segment.Segment.Entry[] dir = new io.hearth.sharding.segment.Segment.Entry[chunks.size()];
      long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE;
      int[] offsets = new int[chunks.size()];
      for (int i = 0; i < chunks.size(); i++) {
        Partition.PendingChunk c = chunks.get(i);
        offsets[i] = payload.length();
        payload.writeBytes(c.chunk().bytes(), 0, c.chunk().length());
        dir[i] = new io.hearth.sharding.segment.Segment.Entry(c.series().id, c.chunk().minT(), c.chunk().maxT(), offsets[i], c.chunk().length());
        minT = Math.min(minT, c.chunk().minT());
        maxT = Math.max(maxT, c.chunk().maxT());
      }
      List<byte[]> sealedChunks = new ArrayList<>(chunks.size());
      for (Partition.PendingChunk c : chunks) sealedChunks.add(c.chunk().bytes());
      byte[] blob = io.hearth.sharding.segment.Segment.encodeColdBlob(sealedChunks, options.zstdLevel());
      long seq;
      synchronized (p) {
        seq = p.nextSegmentSeq++;
      }
      persistence.writeSegment(p.id, seq, blob, io.hearth.sharding.segment.Segment.encodeDirectory(dir, dir.length));
      synchronized (p) {
        p.segments.put(seq, new Partition.SegmentMeta(minT, maxT, blob.length));
      }
      for (int i = 0; i < chunks.size(); i++) {
        chunks.get(i).series().persisted(chunks.get(i).chunk(), seq, offsets[i]);
      }
      metrics.segmentsWritten.increment();
      metrics.segmentBytesWritten.add(blob.length);
    }
  }

  /** Total bytes of persisted segments. */
  public long segmentBytes() {
    long b = 0;
    for (Partition p : partitions) {
      synchronized (p) {
        for (Partition.SegmentMeta m : p.segments.values()) b += m.bytes();
      }
    }
    return b;
  }

  public long segmentCount() {
    long n = 0;
    for (Partition p : partitions) {
      synchronized (p) {
        n += p.segments.size();
      }
    }
    return n;
  }

  /** Deletes segments past the time and size retention. */
  public void applyRetention() {
    if (options.retentionMs() > 0 && maxTime.get() != Long.MIN_VALUE) {
      long cutoff = maxTime.get() - options.retentionMs();
      for (Partition p : partitions) {
        List<Long> doomed = new ArrayList<>();
        synchronized (p) {
          p.segments.forEach((seq, m) -> {
            if (m.maxT() < cutoff) doomed.add(seq);
          });
        }
        deleteSegments(p, doomed);
      }
    }
    if (options.retentionBytes() > 0) {
      long total = segmentBytes();
      while (total > options.retentionBytes()) {
        Partition oldestP = null;
        long oldestSeq = -1;
        Partition.SegmentMeta oldest = null;
        for (Partition p : partitions) {
          synchronized (p) {
            for (Map.Entry<Long, Partition.SegmentMeta> e : p.segments.entrySet()) {
              if (oldest == null || e.getValue().maxT() < oldest.maxT()) {
                oldest = e.getValue();
                oldestP = p;
                oldestSeq = e.getKey();
              }
            }
          }
        }
        if (oldest == null) break;
        deleteSegments(oldestP, List.of(oldestSeq));
        total -= oldest.bytes();
      }
    }
  }

  private void deleteSegments(Partition p, List<Long> seqs) {
    if (seqs.isEmpty()) return;
    synchronized (p.flushLock) {
      if (p.loaded) deleteSegmentsLocked(p, seqs);
    }
  }

  private void deleteSegmentsLocked(Partition p, List<Long> seqs) {
    java.util.Set<Long> set = new java.util.HashSet<>(seqs);
    for (long seq : seqs) {
      persistence.deleteSegment(p.id, seq);
      synchronized (p) {
        p.segments.remove(seq);
      }
      segmentCache.remove(((long) p.id << 48) ^ seq);
      metrics.segmentsDeleted.increment();
    }
    long newMin = Long.MAX_VALUE;
    for (MemSeries s : p.series) {
      if (s.dropSegments(set::contains)) removeSeries(s, true);
    }
    for (Partition q : partitions) {
      for (MemSeries s : q.series) newMin = Math.min(newMin, s.minTime());
    }
    minTime.set(newMin);
  }

  // ---------------------------------------------------------------- ownership and recovery

  /**
   * Loads a partition from the store: series definitions, segment directories, the head snapshot
   * and the ingest log, then serves it. A no-op when it is served already. On a cluster node the
   * caller makes sure the previous owner released it first.
   */
  public void loadPartition(int id) {
    Partition p = partitions[id];
    synchronized (p.flushLock) {
      p.commitLock.writeLock().lock();
      try {
        if (p.loaded) return;
        recoverPartition(p);
        p.generation++;
        p.loaded = true;
        metrics.partitionsLoaded.increment();
      } finally {
        p.commitLock.writeLock().unlock();
      }
    }
  }

  /**
   * Stops serving a partition: waits for commits and checkpoints in flight on it, then forgets its
   * series and chunks (its durable state stays in the store for the next owner). Commits and
   * leases taken afterwards fail with {@link StorageException.NotOwner}.
   */
  public void releasePartition(int id) {
    Partition p = partitions[id];
    synchronized (p.flushLock) {
      p.commitLock.writeLock().lock();
      try {
        if (!p.loaded) return;
        p.loaded = false;
        p.generation++;
        for (MemSeries s : new ArrayList<>(p.series)) removeSeries(s, false);
        for (Long seq : p.segments.keySet()) segmentCache.remove(((long) p.id << 48) ^ seq);
        p.clear();
        metrics.partitionsReleased.increment();
      } finally {
        p.commitLock.writeLock().unlock();
      }
    }
  }

  private void resetIngestMetrics() {
    // Replayed samples were counted as appended; recovery is not ingest.
    metrics.samplesAppended.reset();
    metrics.samplesDuplicate.reset();
    metrics.samplesOutOfOrder.reset();
    metrics.seriesCreated.reset();
    metrics.seriesRemoved.reset();
  }

  private void recoverPartition(Partition part) {
    persistence.openPartition(part.id);
    Map<Long, Labels> defs = new java.util.TreeMap<>();
    persistence.forEachSeries(part.id, defs::put);
    synchronized (createLock) {
      defs.forEach((id, labels) -> {
        if (byId.containsKey(id)) return;
        MemSeries s = register(id, labels);
        s.definitionPersisted = true;
      });
    }
    // Segments in sequence order, which is seal order and so time order per series.
    java.util.TreeMap<Long, byte[]> dirs = new java.util.TreeMap<>();
    persistence.forEachSegmentDirectory(part.id, (p, seq, dir) -> dirs.put(seq, dir));
    dirs.forEach((seq, dir) -> {
      io.hearth.sharding.segment.Segment.Entry[] entries = io.hearth.sharding.segment.Segment.decodeDirectory(dir, "segment directory " + part.id + "/" + seq);
      long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE, bytes = 0;
      for (io.hearth.sharding.segment.Segment.Entry e : entries) {
        MemSeries s = byId.get(e.seriesId());
        if (s == null) continue; // its definition was deleted with its data
        s.addRecovered(new ChunkRef(e.minT(), e.maxT(), seq, e.offset(), e.length(), null));
        minT = Math.min(minT, e.minT());
        maxT = Math.max(maxT, e.maxT());
        bytes += e.length();
        minTime.accumulateAndGet(e.minT(), Math::min);
        maxTime.accumulateAndGet(e.maxT(), Math::max);
      }
      synchronized (part) {
        part.segments.put(seq, new Partition.SegmentMeta(minT, maxT, bytes));
        part.nextSegmentSeq = Math.max(part.nextSegmentSeq, seq + 1);
      }
    });
    byte[] snap = persistence.readHeadSnapshot(part.id);
    if (snap != null) {
      for (io.hearth.sharding.segment.Segment.HeadChunk c : io.hearth.sharding.segment.Segment.decodeHeadSnapshot(snap, "head snapshot " + part.id)) {
        MemSeries s = byId.get(c.seriesId());
        if (s != null) {
          s.restoreHead(c.sealedChunk());
          if (s.lastT != Long.MIN_VALUE) maxTime.accumulateAndGet(s.lastT, Math::max);
          minTime.accumulateAndGet(s.minTime(), Math::min);
        }
      }
    }
    List<ChunkRef> cut = new ArrayList<>(2);
    persistence.forEachLogBatch(part.id, (seq, bytes) -> {
      part.logBytes.addAndGet(bytes.length);
      String name = "log batch " + part.id + "/" + seq;
      LogRecords.read(bytes, 0, bytes.length, name, new LogRecords.Visitor() {
        @Override
        public void sample(long id, long t, double v) {
          applyOne(defined(id), t, v, cut);
        }

        @Override
        public void histogram(long id, long t, FloatHistogram h) {
          MemSeries s = defined(id);
          try {
            Histograms.validate(h);
          } catch (IllegalArgumentException e) {
            throw new StorageException.Corrupt(name + " holds a malformed histogram for series id "
                + Long.toHexString(id) + " at t=" + t + ": " + e.getMessage());
          }
          applyHistogram(s, t, h, cut);
        }

        private MemSeries defined(long id) {
          MemSeries s = byId.get(id);
          if (s == null) {
            throw new StorageException.Corrupt(name + " names series id " + Long.toHexString(id) + " with no definition");
          }
          return s;
        }
      });
    });
    for (MemSeries s : new ArrayList<>(part.series)) {
      if (!s.hasData()) removeSeries(s, true);
    }
  }

  @Override
  public void close() {
    persistence.close();
  }

  /** An LRU of decoded segment payloads bounded in bytes. */
  private static final class SegmentCache {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Long, byte[]> map = new LinkedHashMap<>(64, 0.75f, true);

    SegmentCache(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    synchronized byte[] get(long k) {
      return map.get(k);
    }

    synchronized void put(long k, byte[] v) {
      byte[] old = map.put(k, v);
      if (old != null) bytes -= old.length;
      bytes += v.length;
      var it = map.entrySet().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        var e = it.next();
        if (e.getKey() == k) continue;
        bytes -= e.getValue().length;
        it.remove();
      }
    }

    synchronized void remove(long k) {
      byte[] old = map.remove(k);
      if (old != null) bytes -= old.length;
    }
  }
}
