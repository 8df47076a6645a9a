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
