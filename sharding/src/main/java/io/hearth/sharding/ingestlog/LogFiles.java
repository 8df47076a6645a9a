package io.hearth.sharding.ingestlog;

import io.hearth.sharding.api.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The ingest log of a node that is not part of a cluster, in append-only files of its own rather
 * than in Ignite's page store: each batch is written once, sequentially, and dropped with its whole
 * file once every partition it holds was checkpointed past it. In Ignite the same batch was
 * written to Ignite's WAL twice (the logical update and the page insert), then into a data page,
 * and deleted row by row, leaving free pages behind.
 *
 * <p>Format (docs/format/ingest-log.md): files {@code <16-digit id>.hlog} in ascending id order.
 * Each opens with the 8-byte header {@code "HLOG"}, version byte 1, three zero bytes. Then records,
 * little-endian: u32 payload length, u32 CRC-32C of the next 12 bytes and the payload, u32
 * partition, u64 sequence, payload (a log batch as the caller frames it). Within a partition,
 * sequences ascend in file order.
 *
 * <p>Opening reads every file once and keeps, per partition, where its batches are; a record cut
 * short or failing its checksum ends the file there (a write in progress at a kill: the file is cut
 * back to its last whole record). Appends go to a new file; a file is rolled at {@code fileBytes}
 * (fsynced first). A write or fsync that fails abandons the file it went to (cut back to its last
 * whole record where possible): the next append opens a new one, so one failure never leaves a torn
 * record in front of later ones.
 *
 * <p>Thread-safe: appends (one committer), truncations (maintenance) and reads are serialised on
 * this object.
 */
public final class LogFiles implements Closeable {
  private static final Logger LOG = Logger.getLogger(LogFiles.class.getName());
  static final byte[] MAGIC = {'H', 'L', 'O', 'G'};
  public static final int VERSION = 1;
  static final int FILE_HEADER = 8;
  static final int RECORD_HEADER = 20;
  /** A length above this is damage, not a batch: the committer's batches are a few MiB at most. */
  static final int MAX_RECORD = 256 << 20;
  /** File size at which the log rolls to a new file: small, so that little truncated log is kept on disk. */
  public static final long DEFAULT_FILE_BYTES = 2 << 20;
  static final String SUFFIX = ".hlog";

  private final Path dir;
  private final int partitions;
  private final boolean fsync;
  private final AppendChannel.Opener opener;
  private final long fileBytes;
  /** Oldest first; the last may be the one appended to ({@link #active}). */
  private final List<LogFile> files = new ArrayList<>();
  private LogFile activeFile;
  private AppendChannel active;
  private long nextId;
  /** Per partition: the newest sequence found at open, -1 for none. */
  private final long[] lastSeqAtOpen;
  /** Per partition: every batch up to this sequence is stored elsewhere and may be dropped. */
  private final long[] truncated;
  /** Per partition: where its batches found at open are, {@code (file id, payload offset, length, seq)} each. */
  private final List<List<long[]>> found;
  private ByteBuffer out = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private boolean closed;
  /** Without {@code fsync}, an append fsyncs the file when the last fsync is older than this. */
  static final long FORCE_EVERY_NANOS = 10_000_000_000L;
  private long lastForceNanos = System.nanoTime();

  /** One file of the log: what it holds per partition. */
  private static final class LogFile {
    final long id;
    final Path path;
    long size;
    /** Per partition, the newest sequence in this file, -1 for none. */
    final long[] maxSeq;

    LogFile(long id, Path path, int partitions) {
      this.id = id;
      this.path = path;
      this.maxSeq = new long[partitions];
      Arrays.fill(maxSeq, -1);
    }
  }

  private LogFiles(Path dir, int partitions, boolean fsync, AppendChannel.Opener opener, long fileBytes) {
    this.dir = dir;
    this.partitions = partitions;
    this.fsync = fsync;
    this.opener = opener;
    this.fileBytes = fileBytes;
    this.lastSeqAtOpen = new long[partitions];
    Arrays.fill(lastSeqAtOpen, -1);
    this.truncated = new long[partitions];
    Arrays.fill(truncated, -1);
    this.found = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) found.add(new ArrayList<>());
  }

  /**
   * Opens the log in {@code dir} (created if missing), reading every file once. {@code fsync}: every
   * append is fsynced before it returns (else at roll-over and close only).
   */
  public static LogFiles open(Path dir, int partitions, boolean fsync, AppendChannel.Opener opener, long fileBytes)
      throws IOException {
    Files.createDirectories(dir);
    LogFiles log = new LogFiles(dir, partitions, fsync, opener, fileBytes);
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : ds) {
        String n = f.getFileName().toString();
        try {
          ids.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())));
        } catch (NumberFormatException e) {
          LOG.warning("ingest log: ignoring " + f + ", whose name is not a log file id");
        }
      }
    }
    ids.sort(null);
    for (int i = 0; i < ids.size(); i++) log.read(ids.get(i), i == ids.size() - 1);
    log.nextId = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
    return log;
  }

  /** The log files in {@code dir} (0 when it does not exist), without opening them. */
  public static long fileCount(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      long n = 0;
      for (Path ignored : ds) n++;
      return n;
    }
  }

  static Path path(Path dir, long id) {
    return dir.resolve(String.format("%016d", id) + SUFFIX);
  }

  /** Reads one file at open: indexes its whole records, cuts it after the last one. */
  private void read(long id, boolean newest) throws IOException {
    Path path = path(dir, id);
    long size = Files.size(path);
    if (size < FILE_HEADER) {
      // Created, header not written yet: a kill at that moment.
      LOG.warning("ingest log: deleting " + path + " (" + size + " bytes, shorter than its header)");
      Files.delete(path);
      return;
    }
    LogFile file = new LogFile(id, path, partitions);
    long valid;
    int records = 0;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(FILE_HEADER);
      readFully(ch, head, 0);
      for (int i = 0; i < MAGIC.length; i++) {
        if (head.get(i) != MAGIC[i]) {
          throw new StorageException.Corrupt("ingest log file " + path + " does not start with \"HLOG\": not a log file of this node");
        }
      }
      StorageException.UnsupportedVersion.require("ingest log file", path.toString(), head.get(4) & 0xFF, VERSION);
      ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer payload = ByteBuffer.allocate(64 << 10);
      long pos = FILE_HEADER;
      while (true) {
        if (size - pos < RECORD_HEADER) break;
        rh.clear();
        readFully(ch, rh, pos);
        int len = rh.getInt(0);
        int sum = rh.getInt(4);
        int p = rh.getInt(8);
        long seq = rh.getLong(12);
        if (len < 0 || len > MAX_RECORD || len > size - pos - RECORD_HEADER || p < 0 || p >= partitions) break;
        if (payload.capacity() < len) payload = ByteBuffer.allocate(len);
        payload.clear().limit(len);
        readFully(ch, payload, pos + RECORD_HEADER);
        crc.reset();
        crc.update(rh.array(), 8, 12);
        crc.update(payload.array(), 0, len);
        if ((int) crc.getValue() != sum) break;
        found.get(p).add(new long[] {id, pos + RECORD_HEADER, len, seq});
        file.maxSeq[p] = Math.max(file.maxSeq[p], seq);
        lastSeqAtOpen[p] = Math.max(lastSeqAtOpen[p], seq);
        records++;
        pos += RECORD_HEADER + len;
      }
      valid = pos;
    }
    if (valid < size) {
      String what = size - valid + " bytes after the last whole record (" + records + " records) of " + path;
      if (newest) LOG.warning("ingest log: cutting " + what + ": a write in progress when the node stopped");
      else LOG.severe("ingest log: cutting " + what + ", which is not the newest file: damaged on disk or left by a write that failed; batches after it in this file are lost");
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
        ch.truncate(valid);
        ch.force(true);
      }
    }
    file.size = valid;
    files.add(file);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) throw new java.io.EOFException("end of file at " + pos);
      pos += n;
    }
    b.flip();
  }

  /** The newest sequence of {@code partition} found when the log was opened, -1 for none. */
  public synchronized long lastSeqAtOpen(int partition) {
    return lastSeqAtOpen[partition];
  }

  /**
   * Appends {@code n} batches, {@code frames[i]} of partition {@code parts[i]} with sequence
   * {@code seqs[i]}, in one write; fsyncs when the log was opened so, else when the last fsync is
   * {@value #FORCE_EVERY_NANOS} ns old; rolls the file past its size.
   * Throws after a failed write or fsync, the file abandoned (see the class comment).
   */
  public synchronized void append(int n, int[] parts, long[] seqs, byte[][] frames) throws IOException {
    if (closed) throw new IOException("ingest log is closed");
    int bytes = 0;
    for (int i = 0; i < n; i++) bytes += RECORD_HEADER + frames[i].length;
    if (out.capacity() < bytes) out = ByteBuffer.allocate(Math.max(bytes, out.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
    out.clear();
    for (int i = 0; i < n; i++) {
      byte[] f = frames[i];
      int at = out.position();
      out.putInt(f.length).putInt(0).putInt(parts[i]).putLong(seqs[i]).put(f);
      crc.reset();
      crc.update(out.array(), at + 8, 12 + f.length);
      out.putInt(at + 4, (int) crc.getValue());
    }
    out.flip();
    if (active == null) openNewFile();
    long before = activeFile.size;
    try {
      active.write(out);
      activeFile.size += bytes;
      // Recorded before the fsync: should it fail, these batches may still be on disk, and the
      // file must not be dropped before their partitions are truncated past them.
      for (int i = 0; i < n; i++) activeFile.maxSeq[parts[i]] = Math.max(activeFile.maxSeq[parts[i]], seqs[i]);
      if (fsync || System.nanoTime() - lastForceNanos > FORCE_EVERY_NANOS) {
        active.force();
        lastForceNanos = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      abandon(before, e);
      throw e;
    }
    if (activeFile.size >= fileBytes) {
      try {
        active.force();
      } catch (IOException | RuntimeException e) {
        abandon(activeFile.size, e);
        throw e;
      }
      closeActive();
    }
  }

  private void openNewFile() throws IOException {
    long id = nextId++;
    Path path = path(dir, id);
    AppendChannel ch = opener.open(path);
    try {
      ch.write(ByteBuffer.wrap(new byte[] {MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], (byte) VERSION, 0, 0, 0}));
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      // Shorter than a header or header only: deleted at the next open either way.
      try {
        Files.deleteIfExists(path);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    if (fsync) syncDirectory();
    LogFile f = new LogFile(id, path, partitions);
    f.size = FILE_HEADER;
    files.add(f);
    activeFile = f;
    active = ch;
  }

  /** Makes the new file's directory entry durable (Linux fsyncs a directory opened for reading). */
  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** After a failed write or fsync: cut the file back to {@code goodSize} where it can, and stop appending to it. */
  private void abandon(long goodSize, Exception cause) {
    LOG.log(Level.WARNING, "ingest log: " + activeFile.path + " failed (" + cause + "); appends continue in a new file", cause);
    try {
      active.truncate(goodSize);
      activeFile.size = goodSize;
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    try {
      active.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    active = null;
    activeFile = null;
  }

  private void closeActive() throws IOException {
    AppendChannel ch = active;
    active = null;
    activeFile = null;
    ch.close();
  }

  /**
   * Every batch of {@code partition} up to {@code upToSeq} is stored elsewhere: drops each file
   * (other than the one appended to) that holds nothing newer of any partition.
   */
  public synchronized void truncate(int partition, long upToSeq) {
    if (upToSeq <= truncated[partition]) return;
    truncated[partition] = upToSeq;
    found.get(partition).removeIf(e -> e[3] <= upToSeq);
    for (int i = 0; i < files.size(); i++) {
      LogFile f = files.get(i);
      if (f == activeFile || !droppable(f)) continue;
      try {
        Files.deleteIfExists(f.path);
      } catch (IOException e) {
        LOG.warning("ingest log: could not delete " + f.path + " (retried at the next truncation): " + e);
        continue;
      }
      files.remove(i--);
    }
  }

  private boolean droppable(LogFile f) {
    for (int p = 0; p < partitions; p++) if (f.maxSeq[p] > truncated[p]) return false;
    return true;
  }

  /**
   * Whether {@code partition} keeps the oldest file from being dropped while the log holds more than
   * {@code boundBytes}: a checkpoint of it would let that file go (a partition written to rarely
   * would otherwise keep every file written since its last checkpoint).
   */
  public synchronized boolean holdsBack(int partition, long boundBytes) {
    if (files.isEmpty() || files.get(0) == activeFile || bytes() <= boundBytes) return false;
    return files.get(0).maxSeq[partition] > truncated[partition];
  }

  /** Visits the batches of {@code partition} found at open and not truncated since, in ascending sequence order. */
  public synchronized void forEach(int partition, BatchVisitor v) throws IOException {
    List<long[]> entries = found.get(partition);
    FileChannel ch = null;
    long chId = -1;
    try {
      for (long[] e : entries) {
        if (e[0] != chId) {
          if (ch != null) ch.close();
          ch = FileChannel.open(path(dir, e[0]), StandardOpenOption.READ);
          chId = e[0];
        }
        ByteBuffer b = ByteBuffer.allocate((int) e[2]);
        readFully(ch, b, e[1]);
        v.visit(e[3], b.array());
      }
    } finally {
      if (ch != null) ch.close();
    }
  }

  /** Visits one batch: its sequence and payload. */
  public interface BatchVisitor {
    void visit(long seq, byte[] payload);
  }

  /** Bytes in the log's files. */
  public synchronized long bytes() {
    long b = 0;
    for (LogFile f : files) b += f.size;
    return b;
  }

  /** Files the log has on disk. */
  public synchronized int fileCount() {
    return files.size();
  }

  /** Makes every append durable (the store's flush). */
  public synchronized void force() throws IOException {
    if (active != null) active.force();
  }

  /**
   * Copies the log as it is now into the new directory {@code target}: whole files are linked (they
   * are only appended to, and this log appends to no file but the newest), the newest is copied up
   * to its last whole record. Appends wait meanwhile.
   */
  public synchronized void copyTo(Path target) throws IOException {
    Files.createDirectories(target);
    for (LogFile f : files) {
      Path to = target.resolve(f.path.getFileName());
      if (f != activeFile) {
        try {
          Files.createLink(to, f.path);
          continue;
        } catch (IOException | UnsupportedOperationException e) {
          // another file system, or no links: copied below
        }
      }
      try (FileChannel in = FileChannel.open(f.path, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long pos = 0;
        while (pos < f.size) pos += in.transferTo(pos, f.size - pos, out);
        out.force(true);
      }
    }
  }

  /**
   * Fsyncs and closes the file appended to, then drops every file that holds nothing untruncated
   * (after a flush, all of them: a clean stop leaves no log); appends fail after.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    if (active != null) {
      try {
        active.force();
      } finally {
        closeActive();
      }
    }
    for (int i = 0; i < files.size(); i++) {
      if (!droppable(files.get(i))) continue;
      Files.deleteIfExists(files.get(i).path);
      files.remove(i--);
    }
  }
}
