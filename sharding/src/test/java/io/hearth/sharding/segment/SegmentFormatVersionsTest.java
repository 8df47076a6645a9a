package io.hearth.sharding.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StorageException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record of docs/format/segments.md that carries an {@code 'H' kind version} header: the
 * version-1 form, written here byte by byte from the doc, reads; a form with a version this build
 * does not read (intact, with a matching CRC) is refused with {@link StorageException.UnsupportedVersion}
 * naming the record, the version found and the versions read.
 */
class SegmentFormatVersionsTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The bytes of {@code hex} followed by their CRC32C, big-endian. */
  static byte[] withCrc(String hex) {
    byte[] b = HEX.parseHex(hex);
    CRC32C crc = new CRC32C();
    crc.update(b);
    return HEX.parseHex(hex + String.format("%08x", (int) crc.getValue()));
  }

  @Test
  void segmentBlobVersionOneRawCodecReads() {
    assertArrayEquals(HEX.parseHex("aabbcc"), Segment.decodeBlob(withCrc("4853" + "01" + "00" + "03" + "aabbcc"), "segment 0/1"));
  }

  @Test
  void segmentBlobWithACodecThisBuildLacksIsRefused() {
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> Segment.decodeBlob(withCrc("4853" + "01" + "07" + "03" + "aabbcc"), "segment 0/1"));
    assertEquals("segment blob codec", e.record());
    assertTrue(e.getMessage().contains("name=segment 0/1, found=7, reads=0,1,2"), e.getMessage());
  }

  @Test
  void segmentDirectoryVersionOneReads() {
    // one entry: id 7, minT 10 (svarint 0x14), maxT-minT 5, offset 0, length 3
    Segment.Entry[] d = Segment.decodeDirectory(withCrc("4844" + "01" + "01" + "0000000000000007" + "14" + "05" + "00" + "03"), "dir");
    assertEquals(List.of(new Segment.Entry(7, 10, 15, 0, 3)), List.of(d));
    assertEquals(-1, Segment.readDirectory(withCrc("4844" + "01" + "01" + "0000000000000007" + "14" + "05" + "00" + "03"),
        "dir").blobBytes(), "a directory without the trailer does not say its blob's size");
  }

  @Test
  void segmentDirectoryCarriesItsBlobSizeAfterTheEntries() {
    Segment.Entry[] entries = {new Segment.Entry(7, 10, 15, 0, 3), new Segment.Entry(9, 12, 40, 3, 200)};
    byte[] dir = Segment.encodeDirectory(entries, 2, 1234);
    Segment.Directory d = Segment.readDirectory(dir, "dir");
    assertEquals(List.of(entries), List.of(d.entries()));
    assertEquals(1234, d.blobBytes());
    // Same version byte: the trailer is where a reader of the layout without it stops reading.
    assertEquals(1, dir[2]);
    assertEquals("d209", HexFormat.of().formatHex(dir, dir.length - 6, dir.length - 4), "uvarint 1234 right before the CRC");
  }

  @Test
  void headSnapshotBeforeTheSeriesLifecycleReadsWithoutLastT() {
    List<Segment.HeadChunk> s = Segment.decodeHeadSnapshot(withCrc("4848" + "01" + "01" + "0000000000000007" + "00"), "snap");
    assertEquals(1, s.size());
    assertEquals(7, s.get(0).seriesId());
    assertEquals(Long.MIN_VALUE, s.get(0).lastT());
    assertNull(s.get(0).sealedChunk());
  }

  @Test
  void headSnapshotVersionOneReadsLastT() {
    List<Segment.HeadChunk> s = Segment.decodeHeadSnapshot(withCrc("4854" + "01" + "01" + "0000000000000007" + "14" + "00"), "snap");
    assertEquals(10, s.get(0).lastT());
  }

  @Test
  void indexBlockMetaVersionOneReads() {
    IndexBlock.Meta m = IndexBlock.decodeMeta(withCrc("484d" + "01" + "14" + "28" + "00" + "02" + "13" + "01" + "02" + "40"), "meta");
    assertEquals(new IndexBlock.Meta(10, 20, 0, 2, -10, 1, 2, 64), m);
  }

  @Test
  void indexBlockBodyVersionOneReads() {
    // symbols "a","b"; one series id 7 {a="b"} with one chunk in segment 1 at [0,3) over t 10..15
    String body = "4849" + "01" + "02" + "0161" + "0162" + "01" + "0000000000000007" + "01" + "00" + "01"
        + "01" + "01" + "00" + "03" + "14" + "05";
    IndexBlock.Decoded d = IndexBlock.decode(withCrc("4853" + "01" + "00" + "1a" + body), "block");
    assertEquals(7, d.ids[0]);
    assertEquals("{a=\"b\"}", d.labels(0).toString());
    assertEquals(15, d.maxT[0]);
  }

  @Test
  void indexBlockOfAnEarlierReleaseWithItsSymbolsUnsortedReadsWithTheTableSorted() {
    // symbols "b","a" in that order (releases before the sorted table wrote first-seen order); {a="b"}
    String body = "4849" + "01" + "02" + "0162" + "0161" + "01" + "0000000000000007" + "01" + "01" + "00"
        + "01" + "01" + "00" + "03" + "14" + "05";
    IndexBlock.Decoded d = IndexBlock.decode(withCrc("4853" + "01" + "00" + "1a" + body), "block");
    assertEquals(java.util.List.of("a", "b"), java.util.List.of(d.symbols));
    assertEquals("{a=\"b\"}", d.labels(0).toString());
  }

  @Test
  void indexBlockIsWrittenWithItsSymbolTableAscending() {
    var entry = new IndexBlock.SeriesEntry(3, io.hearth.sharding.api.Labels.of("z", "y", "b", "a", "__name__", "m"),
        new long[] {1}, new int[] {0}, new int[] {4}, new long[] {10}, new long[] {20});
    IndexBlock.Decoded d = IndexBlock.decode(IndexBlock.encode(java.util.List.of(entry), 1), "block");
    String[] sorted = d.symbols.clone();
    java.util.Arrays.sort(sorted);
    assertEquals(java.util.List.of(sorted), java.util.List.of(d.symbols));
    assertEquals(entry.labels(), d.labels(0));
  }

  static Stream<Arguments> newerVersions() {
    return Stream.of(
        Arguments.of("segment blob", (Consumer<byte[]>) b -> Segment.decodeBlob(b, "r"), "4853" + "02" + "00" + "00"),
        Arguments.of("segment directory", (Consumer<byte[]>) b -> Segment.decodeDirectory(b, "r"), "4844" + "02" + "00"),
        Arguments.of("head snapshot", (Consumer<byte[]>) b -> Segment.decodeHeadSnapshot(b, "r"), "4854" + "02" + "00"),
        Arguments.of("index block meta", (Consumer<byte[]>) b -> IndexBlock.decodeMeta(b, "r"), "484d" + "02" + "00"),
        Arguments.of("index block", (Consumer<byte[]>) b -> IndexBlock.decode(b, "r"),
            "4853" + "01" + "00" + "05" + "4849" + "02" + "00" + "00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("newerVersions")
  void newerVersionIsRefusedNamingRecordFoundAndRead(String record, Consumer<byte[]> decoder, String hex) {
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> decoder.accept(withCrc(hex)));
    assertEquals(record, e.record());
    assertEquals(2, e.found());
    assertEquals("stored record has a format version this build does not read [record=" + record + ", name=r, found=2,"
        + " reads=1]: written by a newer Hearth? downgrades are not supported", e.getMessage());
  }

  @Test
  void badMagicIsCorruptNotAVersionQuestion() {
    assertThrows(StorageException.Corrupt.class, () -> Segment.decodeDirectory(withCrc("4858" + "01" + "00"), "r"));
  }
}
