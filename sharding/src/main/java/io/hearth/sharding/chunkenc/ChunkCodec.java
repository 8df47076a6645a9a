package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.StorageException;
import java.util.zip.CRC32C;

/**
 * The sealed, self-describing form of a chunk: {@code [encoding][version][uvarint numSamples]
 * [uvarint payloadLen][payload][CRC32C]} (big-endian CRC over everything before it). Layout and
 * the order of checks: {@code docs/format/chunks.md}, "Sealed chunk".
 *
 * <p>Stateless and thread-safe. {@code open*} verify the CRC and do not allocate (the iterator is
 * reused when given); failures raise {@link StorageException.Corrupt} naming what was expected and
 * what was found.
 */
public final class ChunkCodec {
  /** Smallest possible sealed chunk: encoding, version, two one-byte varints, one payload byte, CRC. */
  public static final int MIN_SEALED_BYTES = 1 + 1 + 1 + 1 + 1 + 4;
  private static final int CRC_BYTES = 4;

  private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

  private ChunkCodec() {}

  /** Exact size of {@code seal(chunk)}. */
  public static int sealedSize(XorChunk chunk) {
    return sealedSize(chunk.numSamples(), chunk.sizeBytes());
  }

  /** Exact size of {@code seal(chunk)}. */
  public static int sealedSize(HistogramChunk chunk) {
    return sealedSize(chunk.numSamples(), chunk.sizeBytes());
  }

  /** A new array holding the sealed form of {@code chunk}, which must not be empty. */
  public static byte[] seal(XorChunk chunk) {
    byte[] dst = new byte[sealedSize(chunk)];
    seal(chunk, dst, 0);
    return dst;
  }

  /**
   * Writes the sealed form of {@code chunk} at {@code dst[off]}; returns the number of bytes
   * written ({@link #sealedSize(XorChunk)}). The chunk must not be empty.
   */
  public static int seal(XorChunk chunk, byte[] dst, int off) {
    return seal(Encoding.XOR, chunk.numSamples(), chunk.buffer(), chunk.sizeBytes(), dst, off);
  }

  public static byte[] seal(HistogramChunk chunk) {
    byte[] dst = new byte[sealedSize(chunk)];
    seal(chunk, dst, 0);
    return dst;
  }

  public static int seal(HistogramChunk chunk, byte[] dst, int off) {
    return seal(Encoding.HISTOGRAM, chunk.numSamples(), chunk.buffer(), chunk.sizeBytes(), dst, off);
  }

  /**
   * Verifies the sealed XOR chunk in {@code buf[off, off + len)} (exactly one chunk) and returns an
   * iterator over it: {@code reuse} when not null. The iterator reads {@code buf} in place.
   */
  public static XorIterator open(byte[] buf, int off, int len, XorIterator reuse) {
    long h = verify(buf, off, len, Encoding.XOR);
    int payloadOff = (int) (h >>> 32);
    int numSamples = (int) h;
    XorIterator it = reuse != null ? reuse : new XorIterator();
    return it.reset(buf, payloadOff, off + len - CRC_BYTES - payloadOff, numSamples);
  }

  /** As {@link #open(byte[], int, int, XorIterator)}, for a sealed histogram chunk. */
  public static HistogramIterator openHistogram(byte[] buf, int off, int len, HistogramIterator reuse) {
    long h = verify(buf, off, len, Encoding.HISTOGRAM);
    int payloadOff = (int) (h >>> 32);
    int numSamples = (int) h;
    HistogramIterator it = reuse != null ? reuse : new HistogramIterator();
    return it.reset(buf, payloadOff, off + len - CRC_BYTES - payloadOff, numSamples);
  }

  /** Verifies a sealed XOR chunk and returns it as an appendable chunk again (bytes copied). */
  public static XorChunk reopen(byte[] buf, int off, int len) {
    long h = verify(buf, off, len, Encoding.XOR);
    int payloadOff = (int) (h >>> 32);
    return XorChunk.fromPayload(buf, payloadOff, off + len - CRC_BYTES - payloadOff, (int) h);
  }

  /** The encoding of the sealed chunk at {@code buf[off]} (header only; no CRC check). */
  public static Encoding encodingOf(byte[] buf, int off, int len) {
    if (len < 1) throw tooShort(len);
    return Encoding.of(buf[off]);
  }

  /**
   * Total length of the sealed chunk starting at {@code buf[off]}, read from its header, for
   * walking concatenated chunks; {@code avail} bounds the read. No CRC check.
   */
  public static int sealedLength(byte[] buf, int off, int avail) {
    if (avail < MIN_SEALED_BYTES) throw tooShort(avail);
    int end = off + avail;
    int p = off + 2;
    long n = readUvarint(buf, p, end, "numSamples");
    p += uvarintSize(n);
    long payloadLen = readUvarint(buf, p, end, "payload length");
    p += uvarintSize(payloadLen);
    long total = (p - off) + payloadLen + CRC_BYTES;
    if (total > avail) {
      throw new StorageException.Corrupt("sealed chunk runs past the buffer [expected=at most " + avail
          + " bytes, found=" + total + " announced]");
    }
    return (int) total;
  }

  private static int sealedSize(int numSamples, int payloadLen) {
    return 2 + uvarintSize(numSamples) + uvarintSize(payloadLen) + payloadLen + CRC_BYTES;
  }

  private static int seal(Encoding enc, int numSamples, byte[] payload, int payloadLen, byte[] dst, int off) {
    if (numSamples <= 0) throw new IllegalArgumentException("cannot seal an empty chunk [encoding=" + enc + "]");
    int p = off;
    dst[p++] = enc.code();
    dst[p++] = enc.version();
    p = writeUvarint(dst, p, numSamples);
    p = writeUvarint(dst, p, payloadLen);
    System.arraycopy(payload, 0, dst, p, payloadLen);
    p += payloadLen;
    int crc = crc(dst, off, p - off);
    dst[p++] = (byte) (crc >>> 24);
    dst[p++] = (byte) (crc >>> 16);
    dst[p++] = (byte) (crc >>> 8);
    dst[p++] = (byte) crc;
    return p - off;
  }

  /** Verifies a sealed chunk of any chunk encoding, as {@link #open} does. */
  static void verifyAny(byte[] buf, int off, int len) {
    verify(buf, off, len, null);
  }

  /**
   * Checks everything in the order of the format doc ({@code expected} null: any chunk encoding);
   * returns {@code payloadOff << 32 | numSamples}.
   */
  private static long verify(byte[] buf, int off, int len, Encoding expected) {
    if (len < MIN_SEALED_BYTES) throw tooShort(len);
    int end = off + len;
    Encoding enc = Encoding.of(buf[off]);
    if (expected == null && enc == Encoding.COLD_SEGMENT) {
      throw new StorageException.Corrupt("expected a sealed chunk [expected=XOR (1) or HISTOGRAM (2), found="
          + enc + " (" + enc.code() + ")]");
    }
    if (expected != null && enc != expected) {
      throw new StorageException.Corrupt("wrong chunk encoding [expected=" + expected + " (" + expected.code()
          + "), found=" + enc + " (" + enc.code() + ")]");
    }
    if (buf[off + 1] != enc.version() && stored(buf, off + len) == crc(buf, off, len - CRC_BYTES)) {
      // Intact bytes of a version this build does not read (a flipped version byte fails the CRC below).
      throw new StorageException.UnsupportedVersion("sealed " + enc + " chunk", "chunk", buf[off + 1] & 0xff, enc.version());
    }
    int p = off + 2;
    long n = readUvarint(buf, p, end, "numSamples");
    p += uvarintSize(n);
    if (n == 0 || n > Integer.MAX_VALUE) {
      throw new StorageException.Corrupt("bad sample count in " + enc + " chunk [expected=1.." + Integer.MAX_VALUE
          + ", found=" + Long.toUnsignedString(n) + "]");
    }
    long payloadLen = readUvarint(buf, p, end, "payload length");
    p += uvarintSize(payloadLen);
    long expectedLen = (long) (end - CRC_BYTES) - p;
    if (payloadLen != expectedLen) {
      throw new StorageException.Corrupt("payload length does not match the buffer in " + enc + " chunk [expected="
          + expectedLen + ", found=" + Long.toUnsignedString(payloadLen) + "]");
    }
    int stored = stored(buf, end);
    int actual = crc(buf, off, len - CRC_BYTES);
    if (stored != actual) {
      throw new StorageException.Corrupt("checksum mismatch in " + enc + " chunk [expected=crc32c "
          + String.format("%08x", actual) + " of " + (len - CRC_BYTES) + " bytes, found=" + String.format("%08x", stored)
          + "]");
    }
    return ((long) p << 32) | n;
  }

  /** The big-endian CRC32C stored in the 4 bytes before {@code end}. */
  static int stored(byte[] buf, int end) {
    return ((buf[end - 4] & 0xff) << 24) | ((buf[end - 3] & 0xff) << 16) | ((buf[end - 2] & 0xff) << 8) | (buf[end - 1] & 0xff);
  }

  static int crc(byte[] buf, int off, int len) {
    CRC32C c = CRC.get();
    c.reset();
    c.update(buf, off, len);
    return (int) c.getValue();
  }

  static int uvarintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  static int writeUvarint(byte[] dst, int p, long v) {
    while ((v & ~0x7fL) != 0) {
      dst[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    dst[p++] = (byte) v;
    return p;
  }

  /** Reads a uvarint at {@code buf[p]}, not past {@code end}; its size is {@link #uvarintSize}. */
  static long readUvarint(byte[] buf, int p, int end, String field) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) {
        throw new StorageException.Corrupt("varint " + field + " runs past the buffer [expected=a terminating byte"
            + " before offset " + end + ", found=end of buffer]");
      }
      int b = buf[p++];
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new StorageException.Corrupt("varint " + field + " is not minimal [expected=no trailing zero byte,"
              + " found=" + (shift / 7 + 1) + " bytes for " + v + "]");
        }
        return v;
      }
    }
    throw new StorageException.Corrupt("varint " + field + " is too long [expected=at most 10 bytes, found=more]");
  }

  private static StorageException.Corrupt tooShort(int len) {
    return new StorageException.Corrupt("sealed chunk too short [expected=at least " + MIN_SEALED_BYTES
        + " bytes, found=" + len + "]");
  }
}
