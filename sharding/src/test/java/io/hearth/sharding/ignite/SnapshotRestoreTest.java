package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot of a real Ignite node, written over afterwards, restored by files while the node is stopped. */
class SnapshotRestoreTest {
  @TempDir Path dir;
  private final RestartedStore node = new RestartedStore("snapshot-test");

  private IgniteStore start() throws IOException {
    return node.start(dir, 16, Durability.LOG_ONLY);
  }

  private static byte[] value(int i, int version) {
    return new byte[] {(byte) i, (byte) version};
  }

  @Test
  void restoreBringsBackTheCachesAsTheyWereAtTheSnapshotAndDropsLaterWrites() throws IOException {
    String name = Snapshots.newName(Instant.now(), new Random(1));
    try (IgniteStore store = start()) {
      for (int i = 0; i < 100; i++) {
        store.log.put(new SeqKey(i % 16, i), value(i, 1));
        store.series.put(new SeqKey(i % 16, i), value(i, 1));
      }
      long bytes = store.createSnapshot(name, 60_000);
      assertTrue(bytes > 0, "snapshot bytes " + bytes);
      for (int i = 100; i < 200; i++) store.log.put(new SeqKey(i % 16, i), value(i, 1));
      store.log.put(new SeqKey(5, 5), value(5, 2));
      store.series.remove(new SeqKey(7, 7));
    }
    assertEquals(List.of(name), Snapshots.list(dir.resolve("ignite")).stream().map(Snapshots.Entry::name).toList());

    SnapshotRestore.Result r = SnapshotRestore.restore(dir.resolve("ignite"), name);
    assertEquals(16, r.partitionFiles(), "partition files restored: " + r);

    try (IgniteStore store = start()) {
      for (int i = 0; i < 100; i++) {
        assertArrayEquals(value(i, 1), store.log.get(new SeqKey(i % 16, i)), "log entry " + i);
        assertArrayEquals(value(i, 1), store.series.get(new SeqKey(i % 16, i)), "series entry " + i);
      }
      for (int i = 100; i < 200; i++) assertNull(store.log.get(new SeqKey(i % 16, i)), "log entry written after the snapshot: " + i);
      // and the restored node takes writes again
      store.log.put(new SeqKey(3, 1000), value(3, 3));
    }
    try (IgniteStore store = start()) {
      assertArrayEquals(value(3, 3), store.log.get(new SeqKey(3, 1000)), "a write after the restore survives a restart");
    }
  }

  private static void write(io.hearth.sharding.head.Head h, int from, int to) {
    io.hearth.sharding.api.Appender a = h.appender();
    for (int s = 0; s < 20; s++) {
      int r = a.series(io.hearth.sharding.api.Labels.of("__name__", "m", "s", Integer.toString(s)));
      for (int i = from; i < to; i++) a.append(r, i * 15_000L, i);
    }
    a.commit();
  }

  private static int samples(io.hearth.sharding.head.Head h) {
    return io.hearth.sharding.head.HeadTest.read(h, Long.MIN_VALUE, Long.MAX_VALUE, io.hearth.sharding.api.Matcher.eq("__name__", "m")).size();
  }

  /**
   * A node alone keeps its ingest log in files: its snapshot holds a copy of them, so samples
   * acknowledged before the snapshot and not yet checkpointed come back after a restore, and those
   * written after it, in the node's own log files, do not.
   */
  @Test
  void aNodeAlonesSnapshotHoldsItsLogFilesAndTheRestoreReplacesTheNodesOwn() throws IOException {
    String name = "alone";
    io.hearth.sharding.head.HeadOptions opts = io.hearth.sharding.head.HeadOptions.defaults().withPartitions(16);
    try (IgniteStore store = start()) {
      io.hearth.sharding.head.Head h = io.hearth.sharding.head.Head.open(opts, IgnitePersistence.alone(store));
      write(h, 0, 100); // in the log files only: no checkpoint
      store.createSnapshot(name, 60_000);
      write(h, 100, 150);
      assertEquals(20 * 150, samples(h));
      h.close(); // no flush: the later samples stay in the node's log files
    }
    assertTrue(java.nio.file.Files.isDirectory(Snapshots.directory(dir.resolve("ignite")).resolve(name).resolve(Snapshots.INGEST_LOG)),
        "the snapshot holds the log files");
    assertEquals(List.of(name), Snapshots.list(dir.resolve("ignite")).stream().map(Snapshots.Entry::name).toList(),
        "no copy in progress is listed");
    SnapshotRestore.restore(dir.resolve("ignite"), name);
    try (IgniteStore store = start()) {
      io.hearth.sharding.head.Head h = io.hearth.sharding.head.Head.open(opts, IgnitePersistence.alone(store));
      assertEquals(20 * 100, samples(h), "the samples acknowledged before the snapshot, and none after");
      h.close();
    }
  }

  @Test
  void restoreRefusesARunningNodeAndAnUnknownNameAndChangesNothing() throws IOException {
    String name = "s1";
    try (IgniteStore store = start()) {
      store.log.put(new SeqKey(1, 1), value(1, 1));
      store.createSnapshot(name, 60_000);
      store.log.put(new SeqKey(1, 2), value(2, 1));
      IllegalArgumentException running = assertThrows(IllegalArgumentException.class, () -> SnapshotRestore.restore(dir.resolve("ignite"), name));
      assertTrue(running.getMessage().contains("is running"), running.getMessage());
    }
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SnapshotRestore.restore(dir.resolve("ignite"), "s2"));
    assertTrue(unknown.getMessage().contains("no snapshot s2") && unknown.getMessage().contains("s1"), unknown.getMessage());
    IllegalArgumentException path = assertThrows(IllegalArgumentException.class, () -> SnapshotRestore.restore(dir.resolve("ignite"), "../s1"));
    assertTrue(path.getMessage().contains("invalid snapshot name"), path.getMessage());
    try (IgniteStore store = start()) {
      assertArrayEquals(value(2, 1), store.log.get(new SeqKey(1, 2)), "a refused restore changed the data");
    }
  }

  @Test
  void namesArePrometheusTimeAndHexWithAnUnderscore() {
    String n = Snapshots.newName(Instant.parse("2017-12-10T21:12:24Z"), new Random(7));
    assertTrue(n.matches("20171210T211224Z_[0-9a-f]{16}"), n);
    assertEquals(n, Snapshots.checkName(n));
    assertThrows(IllegalArgumentException.class, () -> Snapshots.checkName("20171210T211224Z-2be650b6d019eb54"));
  }
}
