package io.hearth.sharding.ignite;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.head.HeadPersistence;
import io.hearth.sharding.ingestlog.AppendChannel;
import io.hearth.sharding.ingestlog.LogFiles;
import java.io.IOException;
import java.nio.file.Path;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.cache.Cache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

/**
 * {@link HeadPersistence} on Ignite caches, with group commit: one committer thread gathers
 * concurrent commits and writes them as one {@code putAll} per cache, one log entry per dirty
 * partition, then releases every waiter. Bounded: a full queue fails fast with
 * {@link StorageException.Overloaded}.
 *
 * <p>Where the log goes: on a cluster, into Ignite's log cache, which copies each batch to the
 * partition's backups. On a node alone, into {@link LogFiles} when given: files of Hearth's own,
 * written once and dropped whole (ARCHITECTURE.md, *Ingest log files*). Batches an earlier release
 * left in the log cache are still read, and deleted by truncation as before, so either way a
 * restart replays every batch not yet checkpointed.
 */
public final class IgnitePersistence implements HeadPersistence {
  private static final int MAX_QUEUED = 4096;
  private static final long COMMIT_TIMEOUT_MS = 30_000;

  private final IgniteStore store;
  /** The log of a node alone, or null: the log goes to Ignite's log cache. */
  private final LogFiles files;
  /** Log files beyond this many bytes have the partitions holding the oldest one checkpointed. */
  private final long filesBound;
  private final int partitions;
  private final AtomicLongArray lastSeq;
  /**
   * Per partition, the log sequences known to be stored (found when the partition was opened, then
   * written by this node), ascending, so that truncation deletes them by key instead of scanning
   * the partition's log, which reads every batch's bytes. Each guarded by itself.
   */
  private final LongFifo[] storedSeqs;
  /** Per partition (guarded by {@code storedSeqs[p]}): truncations since the last one that scanned. */
  private final int[] truncationsSinceScan;
  /**
   * Every this many truncations of a partition (and at the first after it is opened) the log is
   * scanned after all: a batch the previous owner still had in flight when this node opened the
   * partition lands in the sequence gap unknown to this node, and the scan deletes it.
   */
  static final int SCAN_EVERY = 16;
  private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
  private final Thread committer;
  private volatile boolean closed;

  private record Request(List<SeriesDefinition> defs, List<PartitionRecords> records, CompletableFuture<Void> done) {}

  /**
   * The persistence of a node alone: its log in files of its own, in
   * {@link IgniteStore#ingestLogDirectory} (fsynced per append when the store's durability is
   * {@link Durability#FSYNC}), which the store's snapshots include.
   */
  public static IgnitePersistence alone(IgniteStore store) {
    Path dir = IgniteStore.ingestLogDirectory(store.settings().workDir());
    LogFiles files;
    try {
      files = LogFiles.open(dir, store.settings().partitions(), store.settings().durability() == Durability.FSYNC,
          AppendChannel.FILES, LogFiles.DEFAULT_FILE_BYTES);
    } catch (IOException e) {
      throw new StorageException("opening the ingest log in " + dir + " failed: " + e, e);
    }
    store.attachIngestLog(files);
    return new IgnitePersistence(store, files);
  }

  /**
   * The persistence of a cluster node: its log in Ignite's log cache, copied to backups. Refuses a
   * data directory whose ingest log files still hold batches (a node alone that was not stopped
   * cleanly): they would not be replayed.
   */
  public static IgnitePersistence inCluster(IgniteStore store) {
    Path dir = IgniteStore.ingestLogDirectory(store.settings().workDir());
    long n;
    try {
      n = LogFiles.fileCount(dir);
    } catch (IOException e) {
      throw new StorageException("listing " + dir + " failed: " + e, e);
    }
    if (n > 0) {
      throw new StorageException(dir + " holds " + n + " ingest log files of this data directory as a node alone, not yet"
          + " checkpointed: start it alone once and stop it with SIGTERM (which checkpoints and removes them), then start it in a cluster");
    }
    return new IgnitePersistence(store);
  }

  /** Persistence whose log is Ignite's log cache (a cluster node; tests). */
  public IgnitePersistence(IgniteStore store) {
    this(store, null);
  }

  /** Persistence whose log is {@code files} (a node alone), or Ignite's log cache when null. */
  public IgnitePersistence(IgniteStore store, LogFiles files) {
    this.store = store;
    this.files = files;
    this.filesBound = 4 * LogFiles.DEFAULT_FILE_BYTES;
    this.partitions = store.settings().partitions();
    this.lastSeq = new AtomicLongArray(partitions);
    for (int p = 0; p < partitions; p++) lastSeq.set(p, -1);
    this.storedSeqs = new LongFifo[partitions];
    for (int p = 0; p < partitions; p++) storedSeqs[p] = new LongFifo();
    this.truncationsSinceScan = new int[partitions];
    this.batchSinks = new ByteSink[partitions];
    this.touched = new int[partitions];
    committer = new Thread(this::runCommitter, "hearth-log-committer");
    committer.setDaemon(true);
    committer.start();
  }

  @Override
  public void logAndWait(List<SeriesDefinition> defs, List<PartitionRecords> records) {
    if (closed) throw new StorageException.Unavailable("storage is shutting down");
    Request r = new Request(defs, records, new CompletableFuture<>());
    if (!queue.offer(r)) {
      throw new StorageException.Overloaded("ingest log queue is full (" + MAX_QUEUED + " commits waiting)");
    }
    try {
      r.done.get(COMMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException.Unavailable("interrupted while waiting for the ingest log");
    } catch (TimeoutException e) {
      throw new StorageException.Unavailable("ingest log write not confirmed within " + COMMIT_TIMEOUT_MS + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof StorageException) throw (StorageException) c;
      throw new StorageException.Unavailable("ingest log write failed: " + c, c);
    }
  }

  private void runCommitter() {
    try {
      commitUntilClosed();
    } finally {
      compressor.close();
    }
  }

  private void commitUntilClosed() {
    List<Request> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, 1024);
        write(batch);
        for (Request r : batch) r.done.complete(null);
      } catch (InterruptedException e) {
        if (closed) break;
      } catch (RuntimeException e) {
        StorageException se = new StorageException.Unavailable("ingest log write failed: " + e.getMessage(), e);
        for (Request r : batch) r.done.completeExceptionally(se);
      } finally {
        batch.clear();
      }
    }
  }

  /** The committer's per-partition batch buffers, reused from batch to batch (committer thread only). */
  private final ByteSink[] batchSinks;
  private final int[] touched;
  private final BatchCompressor compressor = new BatchCompressor();
  private static final int MAX_KEPT_BATCH_BUFFER = 4 << 20;

  private void write(List<Request> batch) {
    Map<SeqKey, byte[]> defs = new HashMap<>();
    int numTouched = 0;
    for (Request r : batch) {
      for (SeriesDefinition d : r.defs()) defs.put(new SeqKey(d.partition(), d.id()), encodeLabels(d.labels()));
      for (PartitionRecords pr : r.records()) {
        int p = pr.partition();
        ByteSink sink = batchSinks[p];
        if (sink == null) batchSinks[p] = sink = new ByteSink(Math.max(1024, pr.length() * 2));
        if (sink.length() == 0) {
          touched[numTouched++] = p;
          sink.writeBytes(pr.bytes(), pr.offset(), pr.length());
        } else {
          // Concatenate runs: skip the version byte of the later batch.
          sink.writeBytes(pr.bytes(), pr.offset() + 1, pr.length() - 1);
        }
      }
    }
    try {
      if (!defs.isEmpty()) store.series.putAll(defs);
      if (numTouched == 0) return;
      if (files != null) {
        appendToFiles(numTouched);
        return;
      }
      Map<SeqKey, byte[]> entries = new HashMap<>(numTouched * 2);
      for (int i = 0; i < numTouched; i++) {
        int p = touched[i];
        entries.put(new SeqKey(p, lastSeq.get(p) + 1), compressor.frame(batchSinks[p].array(), batchSinks[p].length()));
      }
      IgniteStore.putAllOwned(store.log, entries);
      for (SeqKey k : entries.keySet()) {
        // Known as stored before the sequence is published: a truncation reaches only published ones.
        LongFifo known = storedSeqs[k.partition()];
        synchronized (known) {
          known.addLast(k.seq());
        }
        lastSeq.set(k.partition(), k.seq());
      }
    } finally {
      for (int i = 0; i < numTouched; i++) {
        int p = touched[i];
        batchSinks[p].reset();
        if (batchSinks[p].array().length > MAX_KEPT_BATCH_BUFFER) batchSinks[p] = null;
      }
    }
  }

  private int[] fileParts = new int[0];
  private long[] fileSeqs = new long[0];
  private byte[][] fileFrames = new byte[0][];

  /** Appends the touched partitions' batches to the log files in one write (committer thread). */
  private void appendToFiles(int numTouched) {
    if (fileParts.length < numTouched) {
      fileParts = new int[partitions];
      fileSeqs = new long[partitions];
      fileFrames = new byte[partitions][];
    }
    for (int i = 0; i < numTouched; i++) {
      int p = touched[i];
      fileParts[i] = p;
      fileSeqs[i] = lastSeq.get(p) + 1;
      fileFrames[i] = compressor.frame(batchSinks[p].array(), batchSinks[p].length());
    }
    try {
      files.append(numTouched, fileParts, fileSeqs, fileFrames);
    } catch (IOException e) {
      // The committer fails the waiting commits with "ingest log write failed: " and this message.
      throw new java.io.UncheckedIOException(e.getMessage(), e);
    } finally {
      // Published even when the write failed: a batch that reached the disk anyway must not share
      // its sequence with the next one (a restart replays it: the samples of a failed write, never
      // fewer than were acknowledged).
      for (int i = 0; i < numTouched; i++) lastSeq.set(fileParts[i], fileSeqs[i]);
      java.util.Arrays.fill(fileFrames, 0, numTouched, null);
    }
  }

  /** Marks a zstd-compressed log batch; uncompressed batches start with their record version (1). */
  private static final int ZSTD_BATCH = 0x5A;
  private static final int MIN_COMPRESS_BYTES = 512;

  /**
   * Frames log batches: mostly raw float64 values and small varints, which zstd level 1 shrinks
   * about 3x for a small CPU cost, cutting Ignite WAL and page-store bytes alike. Keeps one zstd
   * context and one scratch buffer, so a batch costs one allocation (the stored array). Not
   * thread-safe: the committer owns one.
   */
  static final class BatchCompressor {
    private final com.github.luben.zstd.ZstdCompressCtx ctx = new com.github.luben.zstd.ZstdCompressCtx().setLevel(1);
    private byte[] scratch = new byte[0];

    /** {@code raw[0, n)} as stored: zstd-framed when that saves more than 16 bytes, else a copy. */
    byte[] frame(byte[] raw, int n) {
      if (n < MIN_COMPRESS_BYTES) return java.util.Arrays.copyOf(raw, n);
      int header = 1 + ByteSink.uvarintLength(n);
      int bound = (int) com.github.luben.zstd.Zstd.compressBound(n) + header;
      if (scratch.length < bound) scratch = new byte[bound];
      int c;
      try {
        c = ctx.compressByteArray(scratch, header, bound - header, raw, 0, n);
      } catch (com.github.luben.zstd.ZstdException e) {
        return java.util.Arrays.copyOf(raw, n);
      }
      if (c >= n - 16) return java.util.Arrays.copyOf(raw, n);
      byte[] out = new byte[header + c];
      out[0] = (byte) ZSTD_BATCH;
      ByteSink.putUvarint(out, 1, n);
      System.arraycopy(scratch, header, out, header, c);
      return out;
    }

    /** Frees the zstd context; the compressor is not used after. */
    void close() {
      ctx.close();
    }
  }

  /** {@link BatchCompressor#frame} with a compressor of its own (tests). */
  static byte[] compressBatch(ByteSink raw) {
    BatchCompressor c = new BatchCompressor();
    try {
      return c.frame(raw.array(), raw.length());
    } finally {
      c.close();
    }
  }

  static byte[] decompressBatch(byte[] b, String what) {
    if (b.length == 0 || (b[0] & 0xFF) != ZSTD_BATCH) return b;
    ByteSource in = new ByteSource().reset(b, 1, b.length - 1, what);
    int rawLen = (int) in.readUvarint();
    byte[] out = new byte[rawLen];
    long got = com.github.luben.zstd.Zstd.decompressByteArray(out, 0, rawLen, b, in.position(), b.length - in.position());
    if (com.github.luben.zstd.Zstd.isError(got) || got != rawLen) {
      throw new StorageException.Corrupt(what + ": zstd log batch decoded to " + got + " bytes, expected " + rawLen);
    }
    return out;
  }

  /** The version byte that opens a series definition (docs/format/segments.md). */
  static final int SERIES_DEFINITION_VERSION = 1;

  static byte[] encodeLabels(Labels l) {
    ByteSink s = new ByteSink(64);
    s.writeByte(SERIES_DEFINITION_VERSION);
    s.writeUvarint(l.size());
    for (int i = 0; i < l.size(); i++) {
      s.writeString(l.name(i));
      s.writeString(l.value(i));
    }
    return s.toByteArray();
  }

  static Labels decodeLabels(byte[] b, String what) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, what);
    int v = in.readByte();
    StorageException.UnsupportedVersion.require("series definition", what, v, SERIES_DEFINITION_VERSION);
    int n = (int) in.readUvarint();
    String[] pairs = new String[2 * n];
    for (int i = 0; i < 2 * n; i++) pairs[i] = in.readString();
    return Labels.ofSortedPairsUnchecked(pairs);
  }

  @Override
  public void writeSegment(int partition, long seq, byte[] blob, byte[] directory) {
    SeqKey k = new SeqKey(partition, seq);
    IgniteStore.putOwned(store.segments, k, blob);
    IgniteStore.putOwned(store.segmentDirs, k, directory);
  }

  @Override
  public byte[] readSegment(int partition, long seq) {
    byte[] b = store.segments.get(new SeqKey(partition, seq));
    if (b == null) throw new StorageException("segment " + partition + "/" + seq + " is missing");
    return b;
  }

  @Override
  public void deleteSegment(int partition, long seq) {
    SeqKey k = new SeqKey(partition, seq);
    store.segmentDirs.remove(k);
    store.segments.remove(k);
  }

  @Override
  public void writeHeadSnapshot(int partition, byte[] blob) {
    IgniteStore.putOwned(store.headSnapshots, new SeqKey(partition, 0), blob);
  }

  @Override
  public byte[] readHeadSnapshot(int partition) {
    return store.headSnapshots.get(new SeqKey(partition, 0));
  }

  @Override
  public void sync() {
    store.checkpoint("hearth flush");
    if (files != null) {
      try {
        files.force();
      } catch (IOException e) {
        throw new StorageException.Unavailable("ingest log fsync failed: " + e, e);
      }
    }
  }

  @Override
  public int logFileCount() {
    return files == null ? -1 : files.fileCount();
  }

  @Override
  public long logFileBytes() {
    return files == null ? -1 : files.bytes();
  }

  @Override
  public boolean logHoldsBack(int partition) {
    return files != null && files.holdsBack(partition, filesBound);
  }

  /**
   * Sequence gap left after the newest batch found when a partition is opened: a batch the previous
   * owner had in flight when it handed the partition over lands inside the gap instead of being
   * overwritten by this node's next batch.
   */
  static final long OWNER_CHANGE_GAP = 1 << 16;

  @Override
  public void openPartition(int partition) {
    TreeSet<Long> found = new TreeSet<>();
    scanLocal(store.log, partition, (p, seq, batch) -> found.add(seq));
    LongFifo known = storedSeqs[partition];
    synchronized (known) {
      known.clear();
      for (long seq : found) known.addLast(seq);
      truncationsSinceScan[partition] = 0;
    }
    long last = found.isEmpty() ? -1 : found.last() + OWNER_CHANGE_GAP;
    if (files != null) last = Math.max(last, files.lastSeqAtOpen(partition));
    lastSeq.set(partition, last);
  }

  @Override
  public long lastLogSeq(int partition) {
    return lastSeq.get(partition);
  }

  @Override
  public void truncateLog(int partition, long upToSeq) {
    Set<SeqKey> keys = new HashSet<>();
    LongFifo known = storedSeqs[partition];
    boolean scan;
    synchronized (known) {
      scan = truncationsSinceScan[partition] == 0;
      truncationsSinceScan[partition] = (truncationsSinceScan[partition] + 1) % SCAN_EVERY;
      while (!known.isEmpty() && known.peekFirst() <= upToSeq) keys.add(new SeqKey(partition, known.pollFirst()));
    }
    try {
      if (scan) {
        // Sequences have gaps where ownership changed: delete what is stored, found by a local scan
        // (this node serves the partition, so its copy is complete).
        scanLocal(store.log, partition, (p, seq, batch) -> {
          if (seq <= upToSeq) keys.add(new SeqKey(p, seq));
        });
      }
      if (!keys.isEmpty()) store.log.removeAll(keys);
      if (files != null) files.truncate(partition, upToSeq);
    } catch (RuntimeException e) {
      // Some may be deleted, some not: the next truncation scans for what is left.
      synchronized (known) {
        truncationsSinceScan[partition] = 0;
      }
      throw e;
    }
  }

  /** The log sequences of a partition this persistence knows to be stored (tests). */
  List<Long> knownLogSeqs(int partition) {
    LongFifo known = storedSeqs[partition];
    synchronized (known) {
      return Arrays.stream(known.toArray()).boxed().toList();
    }
  }

  @Override
  public void deleteSeries(int partition, long id) {
    store.series.remove(new SeqKey(partition, id));
  }

  @Override
  public Labels seriesLabels(int partition, long id) {
    SeqKey k = new SeqKey(partition, id);
    byte[] b = store.series.localPeek(k, org.apache.ignite.cache.CachePeekMode.PRIMARY, org.apache.ignite.cache.CachePeekMode.BACKUP);
    if (b == null) b = store.series.get(k);
    return b == null ? null : decodeLabels(b, "series " + k);
  }

  @Override
  public void writeBlock(int partition, long seq, byte[] blob, byte[] meta) {
    SeqKey k = new SeqKey(partition, seq);
    IgniteStore.putOwned(store.blocks, k, blob);
    IgniteStore.putOwned(store.blockMetas, k, meta);
  }

  @Override
  public byte[] readBlock(int partition, long seq) {
    return store.blocks.get(new SeqKey(partition, seq));
  }

  @Override
  public void deleteBlock(int partition, long seq) {
    SeqKey k = new SeqKey(partition, seq);
    store.blockMetas.remove(k);
    store.blocks.remove(k);
  }

  @Override
  public void forEachBlockMeta(int partition, SegmentVisitor f) {
    scanLocal(store.blockMetas, partition, f);
  }

  @Override
  public void forEachSegmentDirectory(int partition, SegmentVisitor f) {
    scanLocal(store.segmentDirs, partition, f);
  }

  /** Visits this node's copy of one partition of a cache (the node serves it, so the copy is complete). */
  private static void scanLocal(org.apache.ignite.IgniteCache<SeqKey, byte[]> cache, int partition, SegmentVisitor f) {
    try (QueryCursor<Cache.Entry<SeqKey, byte[]>> c =
        cache.query(new ScanQuery<SeqKey, byte[]>().setPartition(partition).setLocal(true))) {
      for (Cache.Entry<SeqKey, byte[]> e : c) f.visit(e.getKey().partition(), e.getKey().seq(), e.getValue());
    }
  }

  @Override
  public void forEachLogBatch(int partition, LogVisitor f) {
    TreeMap<Long, byte[]> batches = new TreeMap<>();
    try (QueryCursor<Cache.Entry<SeqKey, byte[]>> c =
        store.log.query(new ScanQuery<SeqKey, byte[]>().setPartition(partition).setLocal(true))) {
      for (Cache.Entry<SeqKey, byte[]> e : c) {
        batches.put(e.getKey().seq(), decompressBatch(e.getValue(), "log batch " + e.getKey()));
      }
    }
    if (files != null) {
      try {
        files.forEach(partition, (seq, frame) -> batches.put(seq, decompressBatch(frame, "log batch " + partition + "/" + seq)));
      } catch (IOException e) {
        throw new StorageException("reading the ingest log of partition " + partition + " failed: " + e, e);
      }
    }
    batches.forEach(f::visit);
  }

  @Override
  public void close() {
    closed = true;
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (files != null) {
      try {
        files.close();
      } catch (IOException e) {
        throw new StorageException("closing the ingest log failed: " + e, e);
      }
    }
  }
}
