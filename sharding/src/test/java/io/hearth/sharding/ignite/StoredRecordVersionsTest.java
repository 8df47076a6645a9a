package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The versioned records {@link IgnitePersistence} and {@link IgniteReplicaElections} store besides
 * segments (docs/format/segments.md): version-1 bytes written from the doc read; a newer version is
 * refused naming the record, the version found and the versions read.
 */
class StoredRecordVersionsTest {
  private static final HexFormat HEX = HexFormat.of();
  /** {job="a"}: version 1, one pair, "job", "a". */
  private static final String SERIES_V1 = "01" + "01" + "036a6f62" + "0161";

  @Test
  void seriesDefinitionVersionOneHasTheDocumentedBytes() {
    assertEquals(SERIES_V1, HEX.formatHex(IgnitePersistence.encodeLabels(Labels.of("job", "a"))));
    assertEquals(Labels.of("job", "a"), IgnitePersistence.decodeLabels(HEX.parseHex(SERIES_V1), "series 0/1"));
  }

  @Test
  void seriesDefinitionOfANewerVersionIsRefused() {
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> IgnitePersistence.decodeLabels(HEX.parseHex("02" + SERIES_V1.substring(2)), "series 0/1"));
    assertEquals("stored record has a format version this build does not read [record=series definition,"
        + " name=series 0/1, found=2, reads=1]: written by a newer Hearth? downgrades are not supported", e.getMessage());
  }

  @Test
  void logBatchZstdFrameKeepsTheRawBatchAndItsVersion() {
    ByteSink raw = new ByteSink(2048);
    raw.writeByte(2);
    for (int i = 0; i < 1000; i++) raw.writeByte(i % 7);
    byte[] framed = IgnitePersistence.compressBatch(raw);
    assertEquals(0x5A, framed[0] & 0xff);
    assertArrayEquals(raw.toByteArray(), IgnitePersistence.decompressBatch(framed, "log 0/1"));
    byte[] small = HEX.parseHex("02");
    assertArrayEquals(small, IgnitePersistence.decompressBatch(small, "log 0/2"), "a raw batch passes unchanged");
  }

  @Test
  void replicaElectionVersionOneHasTheDocumentedBytes() {
    String v1 = "01" + "0172" + "0000000000000064" + "00000000000000c8";
    ReplicaElection e = new ReplicaElection("r", 100, 200);
    assertEquals(v1, HEX.formatHex(IgniteReplicaElections.encode(e)));
    assertEquals(e, IgniteReplicaElections.decode("prom", HEX.parseHex(v1)));
  }

  @Test
  void replicaElectionOfANewerVersionIsRefused() {
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> IgniteReplicaElections.decode("prom", HEX.parseHex("02" + "0172" + "0000000000000064" + "00000000000000c8")));
    assertEquals("replica election", e.record());
    assertEquals(2, e.found());
  }
}
