package io.hearth.sharding.ignite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Restores one stopped node's storage from its share of a cluster snapshot, by files: the node's
 * partition files of Hearth's cache group are replaced by the snapshot's, and its WAL and checkpoint
 * markers are removed so that nothing written after the snapshot is replayed over them; so are a
 * node alone's ingest log files, replaced by the snapshot's copy. Ignite's
 * metastorage (the baseline) stays. Run it on every node of the cluster while all are stopped, then
 * start them: each node rebuilds its head from the restored caches as after any restart.
 *
 * <p>Ignite's own online restore ({@code restoreSnapshot}) needs the caches destroyed first, which a
 * serving Hearth node cannot do under its head; the file procedure needs the cluster stopped, which a
 * restore means anyway.
 */
public final class SnapshotRestore {
  static final String GROUP_DIR = "cacheGroup-" + IgniteStore.GROUP;

  /** What a restore did, for the command's output. */
  public record Result(String node, Path restored, long bytes, int partitionFiles, long walBytesRemoved) {}

  private SnapshotRestore() {}

  /**
   * Restores snapshot {@code name} into the Ignite work directory {@code igniteWorkDir} (the node's
   * {@code <storage.tsdb.path>/ignite}).
   *
   * @throws IllegalArgumentException when the name is invalid, the snapshot or the node's data is not
   *     there, the snapshot is another node's, or the node is running; nothing is changed then
   * @throws UncheckedIOException when a file operation fails midway
   */
  public static Result restore(Path igniteWorkDir, String name) {
    Snapshots.checkName(name);
    Path work = igniteWorkDir.toAbsolutePath();
    Path snapshot = Snapshots.directory(work).resolve(name);
    if (!Files.isDirectory(snapshot)) {
      throw new IllegalArgumentException("no snapshot " + name + " in " + Snapshots.directory(work) + " (snapshots there: "
          + names(Snapshots.list(work)) + ")");
    }
    String folder = nodeFolder(snapshot.resolve("db"));
    Path source = snapshot.resolve("db").resolve(folder).resolve(GROUP_DIR);
    if (!Files.isDirectory(source)) throw new IllegalArgumentException("snapshot " + name + " holds no " + GROUP_DIR + " in " + source.getParent());
    Path nodeDb = work.resolve("db").resolve(folder);
    if (!Files.isDirectory(nodeDb.resolve("metastorage"))) {
      throw new IllegalArgumentException("no storage of node folder " + folder + " in " + work.resolve("db") + ": a restore replaces the"
          + " data of a node that has run with this snapshot's node name; start it once with its cluster, stop the cluster, then restore");
    }
    try (FileChannel lockFile = FileChannel.open(nodeDb.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = lockFile.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) throw new IllegalArgumentException("the node using " + nodeDb + " is running: stop it (and every node of its cluster) first");
      try {
        return replace(work, folder, source, nodeDb);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("restore of snapshot " + name + " into " + nodeDb + " failed: " + e.getMessage(), e);
    }
  }

  private static Result replace(Path work, String folder, Path source, Path nodeDb) throws IOException {
    // copy first, beside the live directory, so a failed copy leaves the node's data as it was
    Path staging = nodeDb.resolve(GROUP_DIR + ".restoring");
    deleteTree(staging);
    Files.createDirectories(staging);
    long bytes = 0;
    int parts = 0;
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, staging.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        bytes += Files.size(f);
        if (f.getFileName().toString().startsWith("part-")) parts++;
      }
    }
    Path target = nodeDb.resolve(GROUP_DIR);
    deleteTree(target);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    // nothing after the snapshot may be replayed over it: the WAL (work and archive) and the
    // checkpoint markers that point into it go
    long wal = deleteContents(work.resolve("wal").resolve(folder)) + deleteContents(work.resolve("wal-archive").resolve(folder));
    deleteContents(nodeDb.resolve("cp"));
    // A node alone's ingest log: the snapshot's copy replaces the node's files, which are newer;
    // a snapshot without one (a cluster's, or an earlier release's) leaves none.
    Path log = work.resolve(Snapshots.INGEST_LOG);
    wal += deleteContents(log);
    Path logCopy = source.getParent().getParent().getParent().resolve(Snapshots.INGEST_LOG);
    if (Files.isDirectory(logCopy)) {
      Files.createDirectories(log);
      try (Stream<Path> files = Files.list(logCopy)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, log.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
          bytes += Files.size(f);
        }
      }
    }
    return new Result(folder, target, bytes, parts, wal);
  }

  /** The node folder a snapshot's {@code db} holds (the one that is not Ignite's shared metadata). */
  private static String nodeFolder(Path db) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(db)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("binary_meta") && !n.equals("marshaller")).forEach(found::add);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read snapshot directory " + db + ": " + e.getMessage(), e);
    }
    if (found.size() != 1) throw new IllegalArgumentException("expected one node folder in " + db + ", found " + found);
    return found.get(0);
  }

  private static String names(List<Snapshots.Entry> entries) {
    List<String> n = new ArrayList<>();
    for (Snapshots.Entry e : entries) n.add(e.name());
    return n.isEmpty() ? "none" : String.join(", ", n);
  }

  /** Deletes what {@code dir} holds (keeps the directory); returns the bytes removed. */
  private static long deleteContents(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return 0;
    long bytes = Snapshots.bytes(dir);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) deleteTree(p);
    }
    return bytes;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(x);
    }
  }
}
