package io.hearth.sharding.chunkenc;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs many sealed chunks (of many series) into one zstd-compressed blob for cold storage, and
 * back, byte-identical. XOR chunks whose values are all short decimals (counters in 1/100 s,
 * integer gauges, 0/1 states) are re-encoded VictoriaMetrics-style first: timestamps as byte-aligned
 * delta of delta, values as integer mantissas with one power-of-ten exponent per chunk, as deltas
 * or deltas of deltas. Everything else is kept verbatim. Layout: {@code docs/format/chunks.md},
 * "Cold segment".
 *
 * <p>Thread-safe. Packing reuses per-thread buffers (see {@code Scratch}), so that a segment
 * allocates about its own output only; unpacking allocates freely (a cold path).
 */
public final class ColdSegmentCodec {
  /** zstd level used by {@link #pack(List)}; cold data is written once and read rarely. */
  public static final int DEFAULT_LEVEL = 9;

  private static final int KIND_VERBATIM = 0;
  private static final int KIND_XOR_DECIMAL = 1;
  private static final int MODE_DELTA = 1;
  private static final int MODE_DELTA_OF_DELTA = 2;
  private static final int MODE_GRID = 3;
  private static final int MAX_POW10 = 22;
  private static final double TWO_53 = 9007199254740992.0;
  private static final double[] POW10 = new double[MAX_POW10 + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_POW10; i++, p *= 10) POW10[i] = p;
  }

  private ColdSegmentCodec() {}

  /** Packs sealed chunks (each element exactly one, as from {@link ChunkCodec#seal}) with defaults. */
  public static byte[] pack(List<byte[]> sealedChunks) {
    return pack(sealedChunks, true, DEFAULT_LEVEL);
  }

  /**
   * Packs sealed chunks. With {@code reencode} false every chunk is stored verbatim (plain zstd over
   * Gorilla), for comparison. Each chunk's CRC is verified first.
   */
  public static byte[] pack(List<byte[]> sealedChunks, boolean reencode, int zstdLevel) {
    ByteSink out = new ByteSink(1024);
    packInto(out, sealedChunks, reencode, zstdLevel);
    return out.toByteArray();
  }

  /** {@link #pack(List, boolean, int)}, appending the segment to {@code out} (e.g. after a header of the caller's). */
  public static void packInto(ByteSink out, List<byte[]> sealedChunks, boolean reencode, int zstdLevel) {
    Scratch s = SCRATCH.get();
    try {
      ByteSink a = s.a;
      ByteSink b = s.b;
      a.reset();
      b.reset();
      XorIterator it = s.it;
      for (byte[] c : sealedChunks) {
        ChunkCodec.verifyAny(c, 0, c.length);
        if (reencode && c[0] == Encoding.XOR.code()) {
          ChunkCodec.open(c, 0, c.length, it);
          int n = it.numSamples();
          s.ensure(n);
          long[] ts = s.ts;
          long[] bits = s.bits;
          for (int i = 0; i < n; i++) {
            it.next();
            ts[i] = it.atT();
            bits[i] = it.atValueBits();
          }
          if (writeDecimal(a, b, ts, bits, n, s)) continue;
        }
        a.writeByte(KIND_VERBATIM);
        a.writeUvarint(c.length);
        a.writeBytes(c, 0, c.length);
      }

      ByteSink raw = s.raw;
      raw.reset();
      raw.writeUvarint(a.length());
      raw.writeBytes(a.array(), 0, a.length());
      raw.writeBytes(b.array(), 0, b.length());

      int bound = (int) Math.min(Integer.MAX_VALUE - 64, Zstd.compressBound(raw.length()));
      if (s.compressed.length < bound) s.compressed = new byte[bound];
      int compressed;
      try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
        ctx.setLevel(zstdLevel).setChecksum(true);
        compressed = ctx.compressByteArray(s.compressed, 0, bound, raw.array(), 0, raw.length());
      }
      int start = out.length();
      out.writeByte(Encoding.COLD_SEGMENT.code());
      out.writeByte(Encoding.COLD_SEGMENT.version());
      out.writeUvarint(sealedChunks.size());
      out.writeUvarint(raw.length());
      out.writeBytes(s.compressed, 0, compressed);
      int crc = ChunkCodec.crc(out.array(), start, out.length() - start);
      out.writeByte(crc >>> 24);
      out.writeByte(crc >>> 16);
      out.writeByte(crc >>> 8);
      out.writeByte(crc);
    } finally {
      if (s.oversized()) SCRATCH.remove();
    }
  }

  /**
   * One thread's packing buffers, reused from segment to segment: the two streams, the raw payload,
   * the compressed bytes, one chunk's samples and the arrays the encoders derive from them. Kept
   * while each stays under {@link #MAX_KEPT_BYTES}.
   */
  private static final class Scratch {
    static final int MAX_KEPT_BYTES = 8 << 20;
    final ByteSink a = new ByteSink(1024);
    final ByteSink b = new ByteSink(1024);
    final ByteSink raw = new ByteSink(1024);
    final XorIterator it = new XorIterator();
    final BitWriter packed = new BitWriter(1024);
    byte[] compressed = new byte[0];
    long[] ts = new long[128];
    long[] bits = new long[128];
    long[] m = new long[128];
    long[] delta = new long[128];
    long[] dod = new long[128];
    long[] grid = new long[128];

    void ensure(int n) {
      if (ts.length >= n) return;
      ts = new long[n];
      bits = new long[n];
      m = new long[n];
      delta = new long[n];
      dod = new long[n];
      grid = new long[n];
    }

    boolean oversized() {
      return a.array().length > MAX_KEPT_BYTES || b.array().length > MAX_KEPT_BYTES || raw.array().length > MAX_KEPT_BYTES
          || compressed.length > MAX_KEPT_BYTES || 8L * ts.length > MAX_KEPT_BYTES || packed.buffer().length > MAX_KEPT_BYTES;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Returns the sealed chunks of a segment, byte-identical to those packed, in order. */
  public static List<byte[]> unpack(byte[] buf, int off, int len) {
    if (len < 2 + 1 + 1 + 4) {
      throw new StorageException.Corrupt("cold segment too short [expected=at least 8 bytes, found=" + len + "]");
    }
    if (buf[off] != Encoding.COLD_SEGMENT.code()) {
      throw new StorageException.Corrupt("not a cold segment [expected=encoding 3 (COLD_SEGMENT), found="
          + (buf[off] & 0xff) + "]");
    }
    int end = off + len;
    int stored = ChunkCodec.stored(buf, end);
    int actual = ChunkCodec.crc(buf, off, len - 4);
    if (stored != actual) {
      throw new StorageException.Corrupt("checksum mismatch in cold segment [expected=crc32c "
          + String.format("%08x", actual) + " of " + (len - 4) + " bytes, found=" + String.format("%08x", stored) + "]");
    }
    // After the CRC: intact bytes of another version are a newer build's, not a flipped byte.
    StorageException.UnsupportedVersion.require("cold segment", "cold segment", buf[off + 1] & 0xff,
        Encoding.COLD_SEGMENT.version());
    ByteSource head = new ByteSource().reset(buf, off + 2, len - 6, "cold segment header");
    long count = head.readUvarint();
    long rawLen = head.readUvarint();
    if (count > Integer.MAX_VALUE || rawLen > Integer.MAX_VALUE - 16) {
      throw new StorageException.Corrupt("cold segment sizes out of range [expected=below 2^31, found=count "
          + count + ", raw length " + rawLen + "]");
    }
    int zOff = head.position();
    byte[] raw = new byte[(int) rawLen];
    long got = Zstd.decompressByteArray(raw, 0, raw.length, buf, zOff, end - 4 - zOff);
    if (Zstd.isError(got)) {
      throw new StorageException.Corrupt("cold segment does not decompress [expected=a zstd frame, found=error "
          + Zstd.getErrorName(got) + "]");
    }
    if (got != rawLen) {
      throw new StorageException.Corrupt("cold segment decompressed size differs [expected=" + rawLen + ", found="
          + got + "]");
    }

    ByteSource lenA = new ByteSource().reset(raw, 0, raw.length, "cold segment");
    long aLen = lenA.readUvarint();
    int aOff = lenA.skip(aLen);
    ByteSource a = new ByteSource().reset(raw, aOff, (int) aLen, "cold segment stream A");
    ByteSource b = new ByteSource().reset(raw, aOff + (int) aLen, raw.length - aOff - (int) aLen, "cold segment stream B");
    List<byte[]> chunks = new ArrayList<>((int) Math.min(count, 1 << 16));
    for (long i = 0; i < count; i++) {
      int kind = a.readByte();
      if (kind == KIND_VERBATIM) {
        long n = a.readUvarint();
        int at = a.skip(n);
        chunks.add(Arrays.copyOfRange(raw, at, at + (int) n));
      } else if (kind == KIND_XOR_DECIMAL) {
        chunks.add(ChunkCodec.seal(readDecimal(a, b)));
      } else {
        throw new StorageException.Corrupt("unknown chunk kind in cold segment [expected=0 or 1, found=" + kind
            + ", chunk=" + i + "]");
      }
    }
    if (a.hasMore() || b.hasMore()) {
      throw new StorageException.Corrupt("cold segment has trailing bytes [expected=" + count + " chunks, found="
          + "more data after them]");
    }
    return chunks;
  }

  /** Number of chunks in a segment (header only, no CRC check). */
  public static int chunkCount(byte[] buf, int off, int len) {
    return (int) new ByteSource().reset(buf, off + 2, len - 2, "cold segment header").readUvarint();
  }

  /** Writes a kind-1 chunk when every value is a short decimal; otherwise writes nothing. */
  private static boolean writeDecimal(ByteSink a, ByteSink b, long[] ts, long[] bits, int n, Scratch s) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      int ki = decimalDigits(Double.longBitsToDouble(bits[i]), k);
      if (ki < 0) return false;
      k = Math.max(k, ki);
    }
    long[] m = s.m;
    for (int i = 0; i < n; i++) {
      double v = Double.longBitsToDouble(bits[i]);
      double scaled = v * POW10[k];
      if (!(Math.abs(scaled) < TWO_53)) return false;
      m[i] = Math.round(scaled);
      if (Double.doubleToRawLongBits(value(m[i], k)) != bits[i]) return false;
    }

    a.writeByte(KIND_XOR_DECIMAL);
    a.writeUvarint(n);
    a.writeVarint(ts[0]);
    if (n > 1) writeSeries(a, ts, n, s);
    b.writeByte(k);
    b.writeVarint(m[0]);
    if (n > 1) writeSeries(b, m, n, s);
    return true;
  }

  /**
   * Writes {@code xs[1..n)} relative to {@code xs[0]} in the cheapest of the modes (the fewest
   * bit-packed residual bits; ties to delta, then delta of delta): deltas, deltas of deltas, or residuals
   * against the line {@code xs[0] + i * step} (regular scrapes with jitter, steady counters).
   */
  private static void writeSeries(ByteSink out, long[] xs, int n, Scratch s) {
    long[] delta = s.delta;
    long[] dod = s.dod;
    int end = n - 1;
    for (int i = 1; i < n; i++) {
      delta[i - 1] = xs[i] - xs[i - 1];
      dod[i - 1] = i == 1 ? delta[0] : delta[i - 1] - delta[i - 2];
    }
    long step = Math.floorDiv(xs[n - 1] - xs[0] + (n - 1) / 2, n - 1); // nearest: jitter averages out
    long[] grid = s.grid;
    for (int i = 1; i < n; i++) grid[i - 1] = xs[i] - xs[0] - i * step;
    long deltaCost = forCost(delta, 0, end);
    long dodCost = forCost(dod, 1, end);
    long gridCost = forCost(grid, 0, end);
    if (gridCost < deltaCost && gridCost < dodCost) {
      out.writeByte(MODE_GRID);
      out.writeVarint(step);
      writeFor(out, grid, 0, end, s.packed);
    } else if (dodCost < deltaCost) {
      out.writeByte(MODE_DELTA_OF_DELTA);
      out.writeVarint(dod[0]);
      writeFor(out, dod, 1, end, s.packed);
    } else {
      out.writeByte(MODE_DELTA);
      writeFor(out, delta, 0, end, s.packed);
    }
  }

  /**
   * Frame of reference, common factor and bit packing for {@code xs[from..]}: {@code svarint min},
   * {@code uvarint g} (the greatest common divisor of all {@code x - min}; 0 when they are all 0,
   * and then nothing follows), {@code byte w} (bits of the largest {@code (x - min) / g}), then
   * every {@code (x - min) / g} in {@code w} bits, most significant first, padded to a byte. The
   * factor removes e.g. the 4096 of page-rounded memory gauges or the 1000 of second-aligned
   * timestamps. Bit packing measured 10-15% smaller than varints under zstd.
   */
  private static void writeFor(ByteSink out, long[] xs, int from, int end, BitWriter bits) {
    if (from >= end) return;
    long min = min(xs, from, end);
    long g = gcd(xs, from, end, min);
    out.writeVarint(min);
    out.writeUvarint(g);
    if (g == 0) return;
    int w = forWidth(xs, from, end, min, g);
    out.writeByte(w);
    bits.clear();
    for (int i = from; i < end; i++) bits.writeBits(Long.divideUnsigned(xs[i] - min, g), w);
    out.writeBytes(bits.buffer(), 0, bits.byteLength());
  }

  /** Reads {@code count} values written by {@link #writeFor} into {@code dst[0..count)}. */
  private static void readFor(ByteSource in, long[] dst, int count, BitReader bits) {
    if (count <= 0) return;
    long min = in.readVarint();
    long g = in.readUvarint();
    if (g == 0) {
      Arrays.fill(dst, 0, count, min);
      return;
    }
    int w = in.readByte();
    if (w < 1 || w > 64) {
      throw new StorageException.Corrupt("bad bit width in cold segment chunk [expected=1..64, found=" + w + "]");
    }
    long bytes = ((long) count * w + 7) >>> 3;
    int at = in.skip(bytes);
    bits.reset(in.array(), at, (int) bytes);
    for (int i = 0; i < count; i++) dst[i] = min + bits.readBits(w) * g;
  }

  /** Size in bits of what {@link #writeFor} writes for the residuals {@code xs[from, end)}, headers aside. */
  private static long forCost(long[] xs, int from, int end) {
    if (from >= end) return 0;
    long min = min(xs, from, end);
    long g = gcd(xs, from, end, min);
    return g == 0 ? 0 : (long) (end - from) * forWidth(xs, from, end, min, g);
  }

  private static int forWidth(long[] xs, int from, int end, long min, long g) {
    long max = 0;
    for (int i = from; i < end; i++) max |= Long.divideUnsigned(xs[i] - min, g);
    return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
  }

  private static long gcd(long[] xs, int from, int end, long min) {
    long g = 0;
    for (int i = from; i < end && g != 1; i++) {
      long d = xs[i] - min; // unsigned
      while (d != 0) {
        long t = Long.remainderUnsigned(g, d);
        g = d;
        d = t;
      }
    }
    return g;
  }

  private static long min(long[] xs, int from, int end) {
    long min = Long.MAX_VALUE;
    for (int i = from; i < end; i++) min = Math.min(min, xs[i]);
    return min;
  }

  /** Reads what {@link #writeSeries} wrote into {@code xs[1..n)}, given {@code xs[0]}. */
  private static void readSeries(ByteSource in, long[] xs, int n, String what, long[] tmp, BitReader bits) {
    int mode = in.readByte();
    if (mode == MODE_GRID) {
      long step = in.readVarint();
      readFor(in, tmp, n - 1, bits);
      for (int i = 1; i < n; i++) xs[i] = xs[0] + i * step + tmp[i - 1];
    } else if (mode == MODE_DELTA_OF_DELTA) {
      long d = in.readVarint();
      xs[1] = xs[0] + d;
      readFor(in, tmp, n - 2, bits);
      for (int i = 2; i < n; i++) {
        d += tmp[i - 2];
        xs[i] = xs[i - 1] + d;
      }
    } else if (mode == MODE_DELTA) {
      readFor(in, tmp, n - 1, bits);
      for (int i = 1; i < n; i++) xs[i] = xs[i - 1] + tmp[i - 1];
    } else {
      throw new StorageException.Corrupt("bad " + what + " mode in cold segment chunk [expected=" + MODE_DELTA
          + ", " + MODE_DELTA_OF_DELTA + " or " + MODE_GRID + ", found=" + mode + "]");
    }
  }

  private static XorChunk readDecimal(ByteSource a, ByteSource b) {
    long count = a.readUvarint();
    if (count < 1 || count > 1 << 24) {
      throw new StorageException.Corrupt("bad sample count in cold segment chunk [expected=1.." + (1 << 24)
          + ", found=" + count + "]");
    }
    int n = (int) count;
    long[] ts = new long[n];
    long[] m = new long[n];
    long[] tmp = new long[n];
    BitReader bits = new BitReader();
    ts[0] = a.readVarint();
    if (n > 1) readSeries(a, ts, n, "timestamp", tmp, bits);
    int k = b.readByte();
    if (k > MAX_POW10) {
      throw new StorageException.Corrupt("bad decimal exponent in cold segment chunk [expected=0.." + MAX_POW10
          + ", found=" + k + "]");
    }
    m[0] = b.readVarint();
    if (n > 1) readSeries(b, m, n, "value", tmp, bits);
    XorChunk c = new XorChunk();
    for (int i = 0; i < n; i++) {
      if (i > 0 && ts[i] <= ts[i - 1]) {
        throw new StorageException.Corrupt("timestamps in cold segment chunk do not increase [expected=t > "
            + ts[i - 1] + ", found=" + ts[i] + "]");
      }
      c.append(ts[i], value(m[i], k));
    }
    return c;
  }

  private static double value(long m, int k) {
    return k == 0 ? (double) m : m / POW10[k];
  }

  /**
   * The fewest decimal digits {@code k >= from} after the point with which {@code v} is
   * {@code m / 10^k} bit-exact, or -1 (NaN, infinities, -0.0, too many digits).
   */
  private static int decimalDigits(double v, int from) {
    long want = Double.doubleToRawLongBits(v);
    for (int k = from; k <= MAX_POW10; k++) {
      double scaled = v * POW10[k];
      if (!(Math.abs(scaled) < TWO_53)) return -1;
      if (Double.doubleToRawLongBits(value(Math.round(scaled), k)) == want) return k;
    }
    return -1;
  }
}
