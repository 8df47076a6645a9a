package io.hearth.sharding.segment;

import com.github.luben.zstd.Zstd;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.zip.CRC32C;

/**
 * A segment: sealed chunks of many series of one partition, stored as one blob, plus a small
 * directory saying which series' chunk lies where. Layout in {@code docs/format/segments.md}.
 *
 * <p>Blob: {@code 'H' 'S' version=1 codec(0 raw, 1 zstd) uvarint(rawLength) payload crc32c(4)}.
 * The payload is the concatenation of sealed chunks; directory offsets point into the raw payload.
 * Directory: {@code 'H' 'D' version=1 uvarint(count) count x [id(8) varint(minT) uvarint(maxT-minT)
 * uvarint(offset) uvarint(length)] [uvarint(blob bytes)] crc32c(4)}.
 */
public final class Segment {
  public static final int VERSION = 1;
  public static final int CODEC_RAW = 0;
  public static final int CODEC_ZSTD = 1;
  /** {@link io.hearth.sharding.chunkenc.ColdSegmentCodec}: decimal re-encoding where exact, then zstd. */
  public static final int CODEC_COLD = 2;
  /** zstd pays only when it saves at least this fraction (measured: Gorilla payloads shrink 10-25%). */
  private static final double MIN_GAIN = 0.05;

  private Segment() {}

  /** One entry of a directory. */
  public record Entry(long seriesId, long minT, long maxT, int offset, int length) {}

  /** Encodes a blob from a raw payload, compressing with zstd when it pays. */
  public static byte[] encodeBlob(byte[] payload, int len, int zstdLevel) {
    ByteSink out = new ByteSink(len / 2 + 32);
    out.writeByte('H');
    out.writeByte('S');
    out.writeByte(VERSION);
    byte[] compressed = null;
    long clen = 0;
    if (zstdLevel > 0) {
      compressed = new byte[(int) Zstd.compressBound(len)];
      clen = Zstd.compressByteArray(compressed, 0, compressed.length, payload, 0, len, zstdLevel);
      if (Zstd.isError(clen)) compressed = null;
    }
    if (compressed != null && clen < len * (1 - MIN_GAIN)) {
      out.writeByte(CODEC_ZSTD);
      out.writeUvarint(len);
      out.writeBytes(compressed, 0, (int) clen);
    } else {
      out.writeByte(CODEC_RAW);
      out.writeUvarint(len);
      out.writeBytes(payload, 0, len);
    }
    appendCrc(out);
    return out.toByteArray();
  }

  /**
   * Encodes sealed chunks with the cold segment codec (about 0.9 B/sample on node_exporter-like
   * data against ~2.5 for zstd over Gorilla); decodes to the same concatenated payload.
   */
  public static byte[] encodeColdBlob(java.util.List<byte[]> chunks, int zstdLevel) {
    int rawLen = 0;
    for (byte[] c : chunks) rawLen += c.length;
    ByteSink out = new ByteSink(16 + rawLen / 4);
    out.writeByte('H');
    out.writeByte('S');
    out.writeByte(VERSION);
    out.writeByte(CODEC_COLD);
    out.writeUvarint(rawLen);
    io.hearth.sharding.chunkenc.ColdSegmentCodec.packInto(out, chunks, true, zstdLevel);
    appendCrc(out);
    return out.toByteArray();
  }

  /** Decodes a blob to its raw payload, verifying magic, version and CRC. */
  public static byte[] decodeBlob(byte[] blob, String name) {
    verifyCrc(blob, name);
    ByteSource in = new ByteSource().reset(blob, 0, blob.length - 4, name);
    expectMagic(in, 'S', name);
    int codec = in.readByte();
    int rawLen = (int) in.readUvarint();
    int off = in.position();
    int n = blob.length - 4 - off;
    if (codec == CODEC_RAW) {
      byte[] out = new byte[rawLen];
      System.arraycopy(blob, off, out, 0, Math.min(n, rawLen));
      return out;
    }
    if (codec == CODEC_COLD) {
      byte[] out = new byte[rawLen];
      int at = 0;
      for (byte[] c : io.hearth.sharding.chunkenc.ColdSegmentCodec.unpack(blob, off, n)) {
        if (at + c.length > rawLen) break;
        System.arraycopy(c, 0, out, at, c.length);
        at += c.length;
      }
      if (at != rawLen) {
        throw new StorageException.Corrupt(name + ": cold segment decoded to " + at + " bytes, expected " + rawLen);
      }
      return out;
    }
    // The CRC passed: an unknown codec is a newer build's, not a flipped byte.
    StorageException.UnsupportedVersion.require("segment blob codec", name, codec, CODEC_RAW, CODEC_ZSTD, CODEC_COLD);
    byte[] out = new byte[rawLen];
    long got = Zstd.decompressByteArray(out, 0, rawLen, blob, off, n);
    if (Zstd.isError(got) || got != rawLen) {
      throw new StorageException.Corrupt(name + ": zstd payload decoded to " + got + " bytes, expected " + rawLen);
    }
    return out;
  }

  /** A segment's directory: its entries and the bytes its blob takes in storage (-1 when not recorded). */
  public record Directory(Entry[] entries, long blobBytes) {}

  /**
   * Encodes a directory. {@code blobBytes}, the stored size of the segment's blob, follows the
   * entries as an optional trailer: readers before it stop after the entries and ignore it.
   */
  public static byte[] encodeDirectory(Entry[] entries, int count, long blobBytes) {
    ByteSink out = new ByteSink(24 + count * 12);
    out.writeByte('H');
    out.writeByte('D');
    out.writeByte(VERSION);
    out.writeUvarint(count);
    for (int i = 0; i < count; i++) {
      Entry e = entries[i];
      out.writeLong(e.seriesId());
      out.writeVarint(e.minT());
      out.writeUvarint(e.maxT() - e.minT());
      out.writeUvarint(e.offset());
      out.writeUvarint(e.length());
    }
    out.writeUvarint(blobBytes);
    appendCrc(out);
    return out.toByteArray();
  }

  /** The entries of a directory. */
  public static Entry[] decodeDirectory(byte[] dir, String name) {
    return readDirectory(dir, name).entries();
  }

  /** A directory's entries and, when it records it (written since the trailer), its blob's stored size. */
  public static Directory readDirectory(byte[] dir, String name) {
    verifyCrc(dir, name);
    ByteSource in = new ByteSource().reset(dir, 0, dir.length - 4, name);
    expectMagic(in, 'D', name);
    int count = (int) in.readUvarint();
    Entry[] out = new Entry[count];
    for (int i = 0; i < count; i++) {
      long id = in.readLong();
      long minT = in.readVarint();
      long maxT = minT + in.readUvarint();
      out[i] = new Entry(id, minT, maxT, (int) in.readUvarint(), (int) in.readUvarint());
    }
    long blobBytes = in.hasMore() ? in.readUvarint() : -1;
    return new Directory(out, blobBytes);
  }

  static void expectMagic(ByteSource in, char kind, String name) {
    int a = in.readByte(), b = in.readByte(), v = in.readByte();
    if (a != 'H' || b != kind) {
      throw new StorageException.Corrupt(name + ": bad magic " + a + "," + b + ", expected 'H','" + kind + "'");
    }
    StorageException.UnsupportedVersion.require(recordType(kind), name, v, VERSION);
  }

  /** The record type a magic's second byte names (docs/format/segments.md lists them). */
  static String recordType(char kind) {
    return switch (kind) {
      case 'S' -> "segment blob";
      case 'D' -> "segment directory";
      case 'T' -> "head snapshot";
      case 'H' -> "head snapshot (before the series lifecycle)";
      case 'I' -> "index block";
      case 'M' -> "index block meta";
      default -> "record '" + kind + "'";
    };
  }

  static void appendCrc(ByteSink out) {
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.length());
    out.writeInt((int) crc.getValue());
  }

  static void verifyCrc(byte[] b, String name) {
    if (b.length < 8) throw new StorageException.Corrupt(name + ": " + b.length + " bytes is too short");
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    int want = new ByteSource().reset(b, b.length - 4, 4, name).readInt();
    if ((int) crc.getValue() != want) {
      throw new StorageException.Corrupt(name + ": crc32c mismatch, stored " + Integer.toHexString(want)
          + ", computed " + Integer.toHexString((int) crc.getValue()));
    }
  }

  /**
   * One head series of a head snapshot: its newest timestamp and, when it has one, its open float
   * chunk in sealed form ({@code sealedChunk} null otherwise).
   */
  public record HeadChunk(long seriesId, long lastT, byte[] sealedChunk) {}

  /**
   * A head snapshot lists every series in the head at a checkpoint, so that recovery knows each
   * one's newest timestamp even when its chunks are all in segments:
   * {@code 'H' 'T' version=1 uvarint count count x [id(8) varint(lastT) uvarint len sealedChunk?]
   * crc32c(4)} (len 0: no open chunk). Version 1 snapshots ({@code 'H' 'H'}, open chunks only,
   * no lastT) are still read.
   */
  public static byte[] encodeHeadSnapshot(java.util.List<HeadChunk> chunks) {
    // Sized exactly (the snapshot holds every open chunk of a partition: megabytes), so that the
    // bytes are written once and handed out without a copy.
    long size = 3 + ByteSink.uvarintLength(chunks.size()) + 4;
    for (HeadChunk c : chunks) {
      byte[] b = c.sealedChunk();
      int n = b == null ? 0 : b.length;
      size += 8 + ByteSink.uvarintLength((c.lastT() << 1) ^ (c.lastT() >> 63)) + ByteSink.uvarintLength(n) + n;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("head snapshot of " + size + " bytes exceeds 2 GiB");
    }
    ByteSink out = new ByteSink((int) size);
    out.writeByte('H');
    out.writeByte('T');
    out.writeByte(VERSION);
    out.writeUvarint(chunks.size());
    for (HeadChunk c : chunks) {
      out.writeLong(c.seriesId());
      out.writeVarint(c.lastT());
      byte[] b = c.sealedChunk();
      out.writeUvarint(b == null ? 0 : b.length);
      if (b != null) out.writeBytes(b, 0, b.length);
    }
    appendCrc(out);
    return out.length() == out.array().length ? out.array() : out.toByteArray();
  }

  public static java.util.List<HeadChunk> decodeHeadSnapshot(byte[] b, String name) {
    verifyCrc(b, name);
    ByteSource in = new ByteSource().reset(b, 0, b.length - 4, name);
    boolean withLastT = b.length > 1 && b[1] == 'T';
    expectMagic(in, withLastT ? 'T' : 'H', name);
    int n = (int) in.readUvarint();
    if (n < 0 || n > b.length) throw new StorageException.Corrupt(name + ": " + n + " series cannot fit in " + b.length + " bytes");
    java.util.List<HeadChunk> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long id = in.readLong();
      long lastT = withLastT ? in.readVarint() : Long.MIN_VALUE;
      int len = (int) in.readUvarint();
      byte[] c = null;
      if (len > 0) {
        c = new byte[len];
        int at = in.position();
        in.skip(len);
        System.arraycopy(b, at, c, 0, len);
      }
      out.add(new HeadChunk(id, lastT, c));
    }
    return out;
  }
}
