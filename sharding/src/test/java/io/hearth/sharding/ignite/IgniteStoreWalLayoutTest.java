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
 * A single node's WAL: new segments of 4 MiB, full-page records compressed with zstd, data written
 * through it read back after a restart, and a WAL written with another segment size continued at
 * that size.
 */
class IgniteStoreWalLayoutTest {
  /** The segment size clusters of earlier releases wrote. */
  private static final int EARLIER_SEGMENT_BYTES = 8 << 20;
  @TempDir Path dir;

  @Test
  void aSingleNodeKeepsFourMiBSegmentsWithCompressedPageRecordsAndReadsItsDataBack() throws IOException {
    RestartedStore node = new RestartedStore("wal-layout-test");
    byte[] value = value();
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.LOG_ONLY)) {
      DataStorageConfiguration ds = store.ignite().configuration().getDataStorageConfiguration();
      assertEquals(DiskPageCompression.ZSTD, ds.getWalPageCompression());
      for (int i = 0; i < 2000; i++) store.log.put(new SeqKey(i % 16, i), value);
    }
    List<Path> segments = segments();
    assertFalse(segments.isEmpty(), "no WAL segment under " + dir);
    for (Path s : segments) assertEquals(IgniteStore.WAL_SEGMENT_BYTES, Files.size(s), s.toString());
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.LOG_ONLY)) {
      for (int i = 0; i < 2000; i += 199) assertArrayEquals(value, store.log.get(new SeqKey(i % 16, i)), "entry " + i);
    }
  }

  /**
   * A WAL is continued at the segment size it was written with (Ignite's FSYNC mode checks work
   * segments against the configured size). The WAL here is made 8 MiB as an earlier release wrote
   * it, by extending its segments with zeros (what a preallocated segment holds past its last record).
   */
  @Test
  void aWalOfEightMiBSegmentsIsContinuedAtThatSizeInFsyncMode() throws IOException {
    RestartedStore node = new RestartedStore("wal-size-test");
    byte[] value = value();
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.FSYNC)) {
      for (int i = 0; i < 500; i++) store.log.put(new SeqKey(i % 16, i), value);
    }
    for (Path s : segments()) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(s, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.allocate(1), EARLIER_SEGMENT_BYTES - 1);
      }
    }
    assertEquals(EARLIER_SEGMENT_BYTES, IgniteStore.existingWalSegmentBytes(dir.resolve("ignite").resolve("wal")));
    try (IgniteStore store = node.start(dir, IgniteSettings.AUTO_PARTITIONS, Durability.FSYNC)) {
      assertEquals(EARLIER_SEGMENT_BYTES, store.ignite().configuration().getDataStorageConfiguration().getWalSegmentSize());
      for (int i = 0; i < 500; i += 37) assertArrayEquals(value, store.log.get(new SeqKey(i % 16, i)), "entry " + i);
      for (int i = 500; i < 1000; i++) store.log.put(new SeqKey(i % 16, i), value);
    }
    for (Path s : segments()) assertEquals(EARLIER_SEGMENT_BYTES, Files.size(s), s.toString());
  }

  @Test
  void theNewestSegmentGivesTheSizeAndNoWalGivesNone() throws IOException {
    Path wal = dir.resolve("wal");
    assertEquals(0, IgniteStore.existingWalSegmentBytes(wal), "no directory");
    Path node = Files.createDirectories(wal.resolve("node_0"));
    assertEquals(0, IgniteStore.existingWalSegmentBytes(wal), "no segment");
    Files.write(node.resolve("0000000000000007.wal"), new byte[3000]);
    Files.write(node.resolve("0000000000000012.wal"), new byte[5000]);
    Files.write(node.resolve("0000000000000012.wal.tmp"), new byte[9000]);
    assertEquals(5000, IgniteStore.existingWalSegmentBytes(wal));
  }

  private static byte[] value() {
    byte[] value = new byte[3000];
    for (int i = 0; i < value.length; i++) value[i] = (byte) (i * 31);
    return value;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("ignite").resolve("wal"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".wal")).toList();
    }
  }
}
