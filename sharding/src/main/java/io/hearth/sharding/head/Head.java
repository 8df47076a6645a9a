package io.hearth.sharding.head;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.PartitionLease;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SettledData;
import io.hearth.sharding.api.ShardAccess;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.WeightedLru;
import io.hearth.sharding.index.MemPostings;
import io.hearth.sharding.segment.IndexBlock;
import io.hearth.sharding.segment.Segment;
import io.hearth.sharding.wire.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's time-series store. The active series live in memory ({@link SeriesRegistry}) with
 * their open and recent chunks; sealed chunks are gathered into segments, and the locations of
 * older chunks, with the series that went idle, into index blocks ({@link Checkpointer}). Every
 * acknowledged sample is in a durable ingest log until a segment and a head snapshot cover it.
 * Durability goes through {@link HeadPersistence} (Ignite in a node, {@link HeadPersistence#NONE}
 * for a volatile head, which keeps everything in memory and applies no time bounds).
 *
 * <p>Time: the head time is the newest sample's timestamp, but never later than the wall clock.
 * It drives retention, truncation and idleness, so a client that writes a far-future sample
 * (refused anyway beyond {@link HeadOptions#maxFutureMs()}) cannot make data look old.
 *
 * <p>Thread-safe. Background work (segments, checkpoints, truncation, retention) runs when
 * {@link #maintain()} is called, normally by the node's scheduler every second; a step that fails
 * is counted, logged and retried with backoff, and {@link #healthy()} turns false while one keeps failing.
 */
public final class Head implements Queryable, Appendable, ShardAccess, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Head.class.getName());
  /** Failures in a row after which a partition's background work counts as persistently failing. */
  static final int UNHEALTHY_AFTER_FAILURES = 5;

  final HeadOptions options;
  final HeadPersistence persistence;
  final HeadMetrics metrics = new HeadMetrics();
  final Partition[] partitions;
  final SeriesRegistry registry;
  final MemPostings postings;
  private final Checkpointer checkpointer = new Checkpointer(this);
  private final Retention retention = new Retention(this);
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final WeightedLru<Long, byte[]> segmentCache =
      new WeightedLru<>(cacheBytes(Runtime.getRuntime().maxMemory()), b -> b.length);
  private final WeightedLru<Long, BlockIndex> blockCache =
      new WeightedLru<>(cacheBytes(Runtime.getRuntime().maxMemory()), BlockIndex::weight);
  private final boolean volatileHead;
  private final LongSupplier clock;
  /** Moves when settled samples change: results caches key on it ({@link #settledData()}). */
  final SettledTracker settled;
  private volatile String lastStorageError = "";
  /** Series the head may hold; a sample that would create one more is refused ({@link AppendStatus#SERIES_LIMIT}). */
  private volatile long maxSeries = Long.MAX_VALUE;

  /** Sets the active-series limit of this head (a node's); 0 means none. */
  public void setMaxSeries(long n) {
    maxSeries = n <= 0 ? Long.MAX_VALUE : n;
  }

  long maxSeries() {
    return maxSeries;
  }

  /** {@link HeadOptions#outOfOrderWindowMs()}, changed by a configuration reload. */
  private volatile long outOfOrderWindowMs;

  private Head(HeadOptions options, HeadPersistence persistence, LongSupplier clock) {
    this.options = options;
    this.persistence = persistence;
    this.clock = clock;
    this.settled = new SettledTracker(clock);
    this.volatileHead = persistence == HeadPersistence.NONE;
    this.partitions = new Partition[options.partitions()];
    for (int i = 0; i < partitions.length; i++) partitions[i] = new Partition(i);
    this.registry = new SeriesRegistry(persistence, metrics, partitions);
    this.postings = registry.postings;
    this.outOfOrderWindowMs = options.outOfOrderWindowMs();
  }

  /** Sets the out-of-order window ({@code storage.tsdb.out_of_order_time_window}; 0 refuses late samples). */
  public void setOutOfOrderWindow(long ms) {
    if (ms < 0) throw new IllegalArgumentException("out-of-order window must not be negative: " + ms);
    outOfOrderWindowMs = ms;
  }

  public long outOfOrderWindow() {
    return outOfOrderWindowMs;
  }

  /** Whether a float sample at {@code t}, older than its series' newest, is inside the out-of-order window. */
  boolean outOfOrderAllowed(long t) {
    long w = outOfOrderWindowMs;
    long max = maxTime.get();
    return w > 0 && max != Long.MIN_VALUE && t >= max - w;
  }

  /**
   * What the head holds of {@code s} at exactly {@code t}: {@code {0, float bits}}, {@code {1, 0}}
   * for a histogram, or null. Reads the series' chunks in the head (in memory and in segments not
   * yet indexed by a block); chunks already moved to index blocks are not consulted.
   */
  long[] sampleAt(MemSeries s, long t) {
    long floor;
    Partition p = partitions[s.partition];
    synchronized (p) {
      floor = p.segmentFloor;
    }
    MemSeries.Snapshot snap = s.snapshot(t, t, floor);
    io.hearth.sharding.chunkenc.XorIterator xor = new io.hearth.sharding.chunkenc.XorIterator();
    io.hearth.sharding.chunkenc.HistogramIterator hist = new io.hearth.sharding.chunkenc.HistogramIterator();
    for (ChunkRef r : snap.sealed()) {
      byte[] buf = r.persisted() ? segmentPayload(s.partition, r.segmentSeq()) : r.bytes();
      if (buf == null) continue;
      int off = r.persisted() ? r.offset() : 0;
      io.hearth.sharding.api.SampleIterator it = switch (io.hearth.sharding.chunkenc.ChunkCodec.encodingOf(buf, off, r.length())) {
        case HISTOGRAM -> io.hearth.sharding.chunkenc.ChunkCodec.openHistogram(buf, off, r.length(), hist);
        default -> io.hearth.sharding.chunkenc.ChunkCodec.open(buf, off, r.length(), xor);
      };
      long[] found = at(it, t);
      if (found != null) return found;
    }
    return snap.headIterator() == null ? null : at(snap.headIterator(), t);
  }

  private static long[] at(io.hearth.sharding.api.SampleIterator it, long t) {
    io.hearth.sharding.api.ValueType vt = it.seek(t);
    if (vt == io.hearth.sharding.api.ValueType.NONE || it.atT() != t) return null;
    return vt == io.hearth.sharding.api.ValueType.HISTOGRAM ? new long[] {1, 0} : new long[] {0, Double.doubleToRawLongBits(it.atV())};
  }

  /** A head that keeps everything in memory only; it serves every partition. */
  public static Head inMemory(HeadOptions options) {
    Head h = new Head(options, HeadPersistence.NONE, System::currentTimeMillis);
    for (Partition p : h.partitions) p.loaded = true;
    return h;
  }

  /** Opens a head over durable state serving every partition, replaying segments and the ingest log. */
  public static Head open(HeadOptions options, HeadPersistence persistence) {
    return open(options, persistence, System::currentTimeMillis);
  }

  /** As {@link #open(HeadOptions, HeadPersistence)} with a wall clock of the caller's (tests). */
  public static Head open(HeadOptions options, HeadPersistence persistence, LongSupplier clock) {
    Head h = new Head(options, persistence, clock);
    for (Partition p : h.partitions) h.loadPartition(p.id);
    h.resetIngestMetrics();
    return h;
  }

  /**
   * Opens a head that serves no partition yet: a cluster node, which loads the partitions it
   * becomes the owner of with {@link #loadPartition} and drops them with {@link #releasePartition}.
   */
  public static Head openUnloaded(HeadOptions options, HeadPersistence persistence) {
    return new Head(options, persistence, System::currentTimeMillis);
  }

  public HeadMetrics metrics() {
    return metrics;
  }

  public HeadOptions options() {
    return options;
  }

  long now() {
    return clock.getAsLong();
  }

  /** The newest sample's timestamp, capped at the wall clock (the wall clock when there is no sample). */
  long headTime() {
    long now = now();
    long max = maxTime.get();
    return max == Long.MIN_VALUE ? now : Math.min(max, now);
  }

  boolean isVolatile() {
    return volatileHead;
  }

  /** The oldest timestamp still accepted and kept, or {@link Long#MIN_VALUE} (no time retention). */
  long retentionCutoff() {
    return volatileHead ? Long.MIN_VALUE : retention.cutoff();
  }

  // ---------------------------------------------------------------- series

  MemSeries getOrCreate(Labels labels) {
    return registry.getOrCreate(labels);
  }

  /** The series the head holds for {@code labels}, or null: it is created when a commit first writes it. */
  MemSeries lookup(Labels labels) {
    return registry.get(labels);
  }

  int partitionOf(Labels labels) {
    return Partitioning.partition(labels, partitions.length);
  }

  boolean isSameAsLast(MemSeries s, double v) {
    return s.isLastValue(v);
  }

  boolean isSameAsLastHistogram(MemSeries s, FloatHistogram h) {
    return s.isLastHistogram(h);
  }

  MemSeries byRef(int ref) {
    return registry.byRef(ref);
  }

  /** Series held in memory now: the active ones (series that went idle are in index blocks only). */
  public long numSeries() {
    return registry.size();
  }

  public long minTime() {
    return minTime.get();
  }

  public long maxTime() {
    return maxTime.get();
  }

  void noteTimes(long min, long max) {
    if (max > maxTime.get()) maxTime.accumulateAndGet(max, Math::max);
    if (min < minTime.get()) minTime.accumulateAndGet(min, Math::min);
  }

  void recomputeMinTime() {
    long m = Long.MAX_VALUE;
    for (Partition p : partitions) {
      synchronized (p) {
        for (Partition.SegmentMeta s : p.segments.values()) m = Math.min(m, s.minT());
      }
      for (MemSeries s : p.series) m = Math.min(m, s.minTime());
    }
    minTime.set(m);
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
   * Creates the series a commit writes first, then logs and applies staged samples: sample
   * {@code i} belongs to appender ref {@code ref[i]}, whose labels are {@code labels[r]} and whose
   * head series, if the appender found one, is {@code known[r]}. Sample {@code i} is the histogram
   * {@code hs[i]} when that is not null ({@code hs} itself may be null: floats only).
   */
  void commit(Labels[] labels, MemSeries[] known, int[] ref, long[] ts, double[] vs, FloatHistogram[] hs, int n) {
    if (n == 0) return;
    long pending = 0;
    for (Partition p : partitions) pending += p.pendingBytes();
    if (pending > options.maxPendingBytes()) {
      metrics.commitsOverloaded.increment();
      throw new StorageException.Overloaded("too much sealed data waiting for segments: " + pending + " bytes");
    }
    BitSet touchedSet = new BitSet(partitions.length);
    for (int i = 0; i < n; i++) {
      MemSeries k = known[ref[i]];
      touchedSet.set(k != null ? k.partition : partitionOf(labels[ref[i]]));
    }
    List<Partition> touched = new ArrayList<>(touchedSet.cardinality());
    for (int p = touchedSet.nextSetBit(0); p >= 0; p = touchedSet.nextSetBit(p + 1)) touched.add(partitions[p]);
    for (Partition p : touched) p.commitLock.readLock().lock();
    CommitScratch scratch = null;
    try {
      for (Partition p : touched) {
        if (!p.loaded) {
          metrics.commitsNotOwner.increment();
          throw new StorageException.NotOwner("partition " + p.id + " is not served by this node");
        }
      }
      // Series are created here, under the partitions' commit locks: a request that is refused or
      // rolled back before this point creates none, and truncation cannot remove one mid-commit.
      scratch = CommitScratch.take(n);
      MemSeries[] series = scratch.series;
      for (int i = 0; i < n; i++) {
        int r = ref[i];
        MemSeries s = known[r];
        if (s == null || s.removed) known[r] = s = registry.getOrCreate(labels[r]);
        series[i] = s;
      }
      int[] idx = groupByPartitionAndSeries(series, n, scratch.keys, scratch.idx);
      List<HeadPersistence.PartitionRecords> records = new ArrayList<>();
      List<HeadPersistence.SeriesDefinition> defs = new ArrayList<>();
      ByteSink sink = null;
      if (!volatileHead) {
        sink = LOG_BUFFER.get();
        sink.reset();
        // One buffer for every partition's records: [from, to) per partition, sliced once written.
        int[] bounds = new int[3 * 8];
        int parts = 0;
        int i = 0;
        while (i < n) {
          int p = series[idx[i]].partition;
          int from = sink.length();
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
          if (3 * parts + 3 > bounds.length) bounds = Arrays.copyOf(bounds, bounds.length * 2);
          bounds[3 * parts] = p;
          bounds[3 * parts + 1] = from;
          bounds[3 * parts + 2] = sink.length() - from;
          parts++;
          i = j;
        }
        byte[] buf = sink.array();
        for (int q = 0; q < parts; q++) {
          records.add(new HeadPersistence.PartitionRecords(bounds[3 * q], buf, bounds[3 * q + 1], bounds[3 * q + 2]));
        }
      }
      try {
        persistence.logAndWait(defs, records);
      } catch (RuntimeException e) {
        // The persistence may still read the buffer (a commit that timed out): never reuse it.
        if (sink != null) LOG_BUFFER.remove();
        throw e;
      }
      if (sink != null && sink.array().length > MAX_KEPT_LOG_BUFFER) LOG_BUFFER.remove();
      for (HeadPersistence.PartitionRecords r : records) {
        partitions[r.partition()].logBytes.addAndGet(r.length());
        metrics.logBytesWritten.add(r.length());
      }
      for (HeadPersistence.SeriesDefinition d : defs) {
        MemSeries s = registry.byId(d.id());
        if (s != null) s.definitionPersisted = true;
      }
      List<ChunkRef> cut = new ArrayList<>(2);
      long minT = Long.MAX_VALUE;
      for (int i = 0; i < n; i++) minT = Math.min(minT, ts[i]);
      try {
        for (int i = 0; i < n; i++) {
          MemSeries s = series[idx[i]];
          FloatHistogram h = hs == null ? null : hs[idx[i]];
          if (h != null) applyHistogram(s, ts[idx[i]], h, cut);
          else applyOne(s, ts[idx[i]], vs[idx[i]], cut);
        }
      } finally {
        settled.committed(minT); // after the samples are visible, even some of them: see SettledData
      }
      metrics.commits.increment();
    } finally {
      if (scratch != null) scratch.release(n);
      for (Partition p : touched) p.commitLock.readLock().unlock();
    }
  }

  /**
   * Each writing thread's log-record buffer, reused from commit to commit: the persistence reads it
   * only until {@code logAndWait} returns (a commit that throws drops it), and one larger than
   * {@link #MAX_KEPT_LOG_BUFFER} is dropped after its commit.
   */
  private static final ThreadLocal<ByteSink> LOG_BUFFER = ThreadLocal.withInitial(() -> new ByteSink(1 << 16));
  private static final int MAX_KEPT_LOG_BUFFER = 4 << 20;

  /**
   * Each committing thread's per-sample arrays, reused from commit to commit: the ingest path
   * would otherwise allocate three arrays of the batch's size per request. The series array is
   * cleared after each commit, so that it keeps no series reachable, and arrays grown past
   * {@link #MAX_KEPT} samples are dropped. A commit nested in another on the same thread (none is
   * today) would get arrays of its own.
   */
  static final class CommitScratch {
    static final int MAX_KEPT = 1 << 16;
    private static final ThreadLocal<CommitScratch> OF_THREAD = ThreadLocal.withInitial(CommitScratch::new);
    MemSeries[] series = new MemSeries[0];
    long[] keys = new long[0];
    int[] idx = new int[0];
    private boolean inUse;

    /** This thread's arrays, at least {@code n} long, until {@link #release}. */
    static CommitScratch take(int n) {
      CommitScratch s = OF_THREAD.get();
      if (s.inUse) s = new CommitScratch();
      s.inUse = true;
      if (s.series.length < n) {
        s.series = new MemSeries[n];
        s.keys = new long[n];
        s.idx = new int[n];
      }
      return s;
    }

    void release(int n) {
      inUse = false;
      Arrays.fill(series, 0, Math.min(n, series.length), null);
      if (series.length > MAX_KEPT) {
        series = new MemSeries[0];
        keys = new long[0];
        idx = new int[0];
      }
    }
  }

  /**
   * Indices {@code 0..n) ordered by (partition, series), arrival order kept within a series (so each
   * series' samples stay in time order). Sorts packed primitive keys: no boxing on the ingest path.
   */
  static int[] groupByPartitionAndSeries(MemSeries[] series, int n) {
    return groupByPartitionAndSeries(series, n, new long[n], new int[n]);
  }

  /** As {@link #groupByPartitionAndSeries(MemSeries[], int)}, into {@code idx} (length at least {@code n}), sorting in {@code keys}. */
  static int[] groupByPartitionAndSeries(MemSeries[] series, int n, long[] keys, int[] idx) {
    if (n < (1 << 20)) {
      for (int i = 0; i < n; i++) {
        // partition: 16 bits | series ref: 27 bits | arrival index: 20 bits
        keys[i] = ((long) series[i].partition << 47) | ((long) (series[i].ref & 0x7FFFFFF) << 20) | i;
      }
      Arrays.sort(keys, 0, n);
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

  void applyOne(MemSeries s, long t, double v, List<ChunkRef> cut) {
    cut.clear();
    MemSeries.Applied outcome = t < s.lastT && outOfOrderAllowed(t)
        ? s.applyOutOfOrder(t, v, cut)
        : s.apply(t, v, options.maxSamplesPerChunk(), options.maxChunkSpanMs(), cut);
    applied(s, t, outcome, cut);
  }

  /** Recovery: re-applies a logged sample older than its series' newest unless the head holds it already. */
  void replayOutOfOrder(MemSeries s, long t, double v, List<ChunkRef> cut) {
    cut.clear();
    if (sampleAt(s, t) != null) return; // in a segment or the snapshot already
    applied(s, t, s.applyOutOfOrder(t, v, cut), cut);
  }

  void applyHistogram(MemSeries s, long t, FloatHistogram h, List<ChunkRef> cut) {
    cut.clear();
    applied(s, t, s.applyHistogram(t, h, options.maxSamplesPerChunk(), options.maxChunkSpanMs(), cut), cut);
  }

  private void applied(MemSeries s, long t, MemSeries.Applied outcome, List<ChunkRef> cut) {
    switch (outcome) {
      case APPENDED:
        metrics.samplesAppended.increment();
        noteTimes(t, t);
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
  public SettledData settledData() {
    return settled;
  }

  @Override
  public PartitionLease lease(int[] parts) {
    long[] generations = new long[parts.length];
    BitSet set = new BitSet(partitions.length);
    for (int i = 0; i < parts.length; i++) {
      int p = parts[i];
      if (p < 0 || p >= partitions.length) throw new IllegalArgumentException("no partition " + p + " (of " + partitions.length + ")");
      Partition part = partitions[p];
      generations[i] = part.generation;
      if (!part.loaded) throw new StorageException.NotOwner("partition " + p + " is not served by this node");
      set.set(p);
    }
    int[] leased = parts.clone();
    return new PartitionLease() {
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

  /**
   * Raw segment payload (decompressed), through a bounded cache; null when retention deleted the
   * segment (a reader skips its chunks: they are past retention).
   */
  byte[] segmentPayload(int partition, long seq) {
    long key = cacheKey(partition, seq);
    byte[] b = segmentCache.get(key);
    if (b != null) {
      metrics.segmentCacheHits.increment();
      return b;
    }
    metrics.segmentCacheMisses.increment();
    if (!partitions[partition].hasSegment(seq)) return null;
    b = Segment.decodeBlob(persistence.readSegment(partition, seq), "segment " + partition + "/" + seq);
    segmentCache.put(key, b);
    return b;
  }

  /** A decoded index block through a bounded cache; null when retention deleted it. */
  BlockIndex block(int partition, long seq) {
    long key = cacheKey(partition, seq);
    BlockIndex b = blockCache.get(key);
    if (b != null) {
      metrics.blockCacheHits.increment();
      return b;
    }
    metrics.blockCacheMisses.increment();
    byte[] blob = persistence.readBlock(partition, seq);
    if (blob == null) return null;
    b = new BlockIndex(partition, IndexBlock.decode(blob, "index block " + partition + "/" + seq));
    blockCache.put(key, b);
    return b;
  }

  /**
   * The bound of each of the two read caches (decompressed segments, decoded index blocks): a
   * 32nd of the heap, at least 32 MiB and at most 512 MiB. A query that reads more than a cache
   * holds decodes the rest again on every run (a least-recently-used cache read in a cycle keeps
   * nothing), so the caches grow with the heap, which the launcher sizes from the host or pod.
   */
  static long cacheBytes(long maxHeap) {
    return Math.max(32L << 20, Math.min(512L << 20, maxHeap / 32));
  }

  private static long cacheKey(int partition, long seq) {
    return ((long) partition << 48) ^ seq;
  }

  void forgetSegment(int partition, long seq) {
    segmentCache.remove(cacheKey(partition, seq));
  }

  void forgetBlock(int partition, long seq) {
    blockCache.remove(cacheKey(partition, seq));
  }

  // ---------------------------------------------------------------- background work

  /**
   * Writes full segments, checkpoints partitions with a long log, truncates the head of partitions
   * whose last truncation is {@link HeadOptions#truncateEveryMs()} behind, and applies retention.
   * Never throws for a storage failure: it is counted, logged, and the partition retried with backoff.
   */
  /**
   * Log bytes after which a partition is checkpointed: {@link HeadOptions#logBytesPerCheckpoint()},
   * or twice its last head snapshot when that is more. A checkpoint rewrites every open chunk of the
   * partition to truncate its log; many series with few samples each (1,000 scrape targets every 15 s)
   * would otherwise rewrite megabytes of open chunks for every 256 KiB of log. At twice, the snapshot
   * bytes written stay at most half the log bytes they release; the log (and its replay at start)
   * grows to at most twice the snapshot.
   */
  long checkpointThreshold(Partition p) {
    return Math.max(options.logBytesPerCheckpoint(), 2 * p.snapshotBytes);
  }

  public void maintain() {
    if (volatileHead) return;
    for (Partition p : partitions) {
      if (!p.loaded) continue;
      synchronized (p.flushLock) {
        if (!p.loaded || now() < p.retryAt) continue;
        try {
          long ht = headTime();
          boolean truncate = maxTime.get() != Long.MIN_VALUE
              && (p.lastTruncation == Long.MIN_VALUE || ht - p.lastTruncation >= options.truncateEveryMs());
          if (truncate) checkpointer.truncate(p, ht);
          else if (p.logBytes.get() >= checkpointThreshold(p) || persistence.logHoldsBack(p.id)) {
            checkpointer.checkpoint(p, Long.MIN_VALUE);
          }
          else if (p.pendingBytes() >= options.segmentTargetBytes()) checkpointer.flushSegment(p);
          p.failures = 0;
        } catch (RuntimeException e) {
          failed(p, e);
        }
      }
    }
    if (now() >= retentionRetryAt) {
      try {
        retention.apply();
        retentionFailures = 0;
      } catch (RuntimeException e) {
        failed(null, e);
      }
    }
  }

  /** Retention failures in a row and when to try again (ms, wall clock); only the maintenance thread writes them. */
  private volatile int retentionFailures;
  private long retentionRetryAt;

  private void failed(Partition p, RuntimeException e) {
    metrics.storageErrors.increment();
    String where = p == null ? "retention" : "partition " + p.id;
    lastStorageError = where + ": " + e;
    int inARow;
    if (p != null) {
      inARow = ++p.failures;
      p.retryAt = now() + Math.min(60_000L, 500L << Math.min(inARow, 7));
    } else {
      inARow = ++retentionFailures;
      retentionRetryAt = now() + Math.min(60_000L, 500L << Math.min(inARow, 7));
    }
    LOG.log(Level.WARNING, "storage background work failed, will retry [" + where + ", failures in a row=" + inARow + "]: " + e, e);
  }

  /**
   * False while a served partition's background work, or retention, has failed
   * {@value #UNHEALTHY_AFTER_FAILURES} times in a row (about 30 s with the backoff).
   */
  public boolean healthy() {
    if (retentionFailures >= UNHEALTHY_AFTER_FAILURES) return false;
    for (Partition p : partitions) if (p.loaded && p.failures >= UNHEALTHY_AFTER_FAILURES) return false;
    return true;
  }

  /** The newest background failure as text ("" when none). */
  public String lastStorageError() {
    return lastStorageError;
  }

  /**
   * Checkpoints every partition: sealed chunks to segments, open chunks to head snapshots, log
   * truncated. Throws when a write fails (nothing acknowledged is lost: the log still holds it).
   */
  public void flush() {
    if (volatileHead) return;
    for (Partition p : partitions) {
      synchronized (p.flushLock) {
        if (p.loaded) checkpointer.checkpoint(p, Long.MIN_VALUE);
      }
    }
    persistence.sync();
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

  /** Bytes held by the cache of decompressed segments. */
  public long segmentCacheBytes() {
    return segmentCache.weight();
  }

  /** Bytes held by the cache of decoded index blocks (their columns and postings). */
  public long blockCacheBytes() {
    return blockCache.weight();
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

  /** Bytes of the last head snapshot of every partition this node serves: what a checkpoint rewrites. */
  public long headSnapshotBytes() {
    long b = 0;
    for (Partition p : partitions) if (p.loaded) b += p.snapshotBytes;
    return b;
  }

  /**
   * Bytes of ingest log records this node's partitions keep: written since their last checkpoint, so
   * not yet truncated (a checkpoint comes past {@link #checkpointThreshold} per partition); counted
   * before the persistence compresses them.
   */
  /** The ingest log's own files on disk (a node alone), or -1 when the log is in the store. */
  public int logFileCount() {
    return persistence.logFileCount();
  }

  /** Bytes of the ingest log's own files, or -1 when the log is in the store. */
  public long logFileBytes() {
    return persistence.logFileBytes();
  }

  public long logBytes() {
    long b = 0;
    for (Partition p : partitions) if (p.loaded) b += p.logBytes.get();
    return b;
  }

  /** Index blocks of the partitions this node serves. */
  public long blockCount() {
    long n = 0;
    for (Partition p : partitions) {
      synchronized (p) {
        n += p.blocks.size();
      }
    }
    return n;
  }

  /** Deletes segments and index blocks past the time and size retention. */
  public void applyRetention() {
    if (!volatileHead) retention.apply();
  }

  // ---------------------------------------------------------------- ownership and recovery

  /**
   * Loads a partition from the store (index block metas, recent segment directories, the head
   * snapshot and the ingest log), then serves it. A no-op when it is served already. On a cluster
   * node the caller makes sure the previous owner released it first.
   */
  public void loadPartition(int id) {
    Partition p = partitions[id];
    synchronized (p.flushLock) {
      p.commitLock.writeLock().lock();
      try {
        if (p.loaded) return;
        new PartitionRecovery(this).recover(p);
        p.generation++;
        p.loaded = true;
        settled.changed();
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
        for (MemSeries s : new ArrayList<>(p.series)) registry.remove(s);
        synchronized (p) {
          for (Long seq : p.segments.keySet()) forgetSegment(p.id, seq);
          for (Long seq : p.blocks.keySet()) forgetBlock(p.id, seq);
        }
        p.clear();
        settled.changed();
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

  @Override
  public void close() {
    persistence.close();
  }
}
