package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.DiskPageCompression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's WAL: segments of 8 MiB on disk, full-page records compressed with zstd, and data
 * written through it read back after a restart.
 */
class IgniteStoreWalLayoutTest {
  @TempDir Path dir;

  @Test
  void aSingleNodeKeepsEightMiBSegmentsWithCompressedPageRecordsAndReadsItsDataBack() throws IOException {
    RestartedStore node = new RestartedStore("wal-layout-test");
    byte[] value = new byte[3000];
    for (int i = 0; i < value.length; i++) value[i] = (byte) (i * 31);
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.LOG_ONLY)) {
      DataStorageConfiguration ds = store.ignite().configuration().getDataStorageConfiguration();
      assertEquals(DiskPageCompression.ZSTD, ds.getWalPageCompression());
      for (int i = 0; i < 2000; i++) store.log.put(new SeqKey(i % 16, i), value);
    }
    List<Path> segments;
    try (Stream<Path> files = Files.walk(dir.resolve("ignite").resolve("wal"))) {
      segments = files.filter(p -> p.getFileName().toString().endsWith(".wal")).toList();
    }
    assertFalse(segments.isEmpty(), "no WAL segment under " + dir);
    for (Path s : segments) assertEquals(IgniteStore.WAL_SEGMENT_BYTES, Files.size(s), s.toString());
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.LOG_ONLY)) {
      for (int i = 0; i < 2000; i += 199) assertArrayEquals(value, store.log.get(new SeqKey(i % 16, i)), "entry " + i);
    }
  }
}
