package io.hearth.node.remote;

import io.hearth.sharding.api.FloatHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side reader of Prometheus {@code chunkenc} chunks (XOR 1, HISTOGRAM 2, FLOAT_HISTOGRAM 3),
 * written from the format description, independent of the encoders under test. It is trusted
 * because {@code PrometheusReadPathsDifferentialTest} decodes Prometheus 2.42's own chunks with it
 * and gets back exactly the samples written to that Prometheus.
 */
public final class PromChunkDecoder {
  /** One decoded sample: {@code h} null for a float. */
  public record Sample(long t, double v, FloatHistogram h) {
    @Override
    public String toString() {
      return t + "=" + (h == null ? Double.toString(v) + "[" + Long.toHexString(Double.doubleToRawLongBits(v)) + "]" : h.toString());
    }
  }

  private final byte[] b;
  private int pos; // bit position

  private PromChunkDecoder(byte[] b, int startByte) {
    this.b = b;
    this.pos = startByte * 8;
  }

  public static List<Sample> decode(int encoding, byte[] data) {
    return switch (encoding) {
      case 1 -> xor(data);
      case 2, 3 -> histogram(data, encoding == 3);
      default -> throw new AssertionError("unknown chunk encoding " + encoding);
    };
  }

  private long bits(int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      if (pos >>> 3 >= b.length) throw new AssertionError("chunk ends early at bit " + pos);
      v = (v << 1) | ((b[pos >>> 3] >>> (7 - (pos & 7))) & 1);
      pos++;
    }
    return v;
  }

  private boolean bit() {
    return bits(1) == 1;
  }

  private long uvarint() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      long x = bits(8);
      v |= (x & 0x7f) << shift;
      if ((x & 0x80) == 0) return v;
    }
  }

  private long varint() {
    long u = uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  private static long signExtend(long v, int n) {
    return n == 64 ? v : (v << (64 - n)) >> (64 - n);
  }

  private int prefixOnes(int max) {
    int n = 0;
    while (n < max && bit()) n++;
    return n;
  }

  private static final int[] VARBIT = {0, 3, 6, 9, 12, 18, 25, 56, 64};

  private long varbitInt() {
    int k = prefixOnes(8);
    if (k == 0) return 0;
    int n = VARBIT[k];
    long v = bits(n);
    // Prometheus's bit range is (-(2^(n-1)-1), 2^(n-1)]: a set top bit is negative unless it is 2^(n-1)
    if (n < 64 && v > (1L << (n - 1))) v -= 1L << n;
    return v;
  }

  private long varbitUint() {
    int k = prefixOnes(8);
    return k == 0 ? 0 : bits(VARBIT[k]);
  }

  private long[] lt = {0xff, 0};

  private long xor(long prev, long[] window) {
    if (!bit()) return prev;
    if (bit()) {
      window[0] = bits(5);
      long sig = bits(6);
      if (sig == 0) sig = 64;
      window[1] = 64 - window[0] - sig;
    }
    int sig = (int) (64 - window[0] - window[1]);
    return prev ^ (bits(sig) << window[1]);
  }

  private static int count(byte[] data) {
    return ((data[0] & 0xff) << 8) | (data[1] & 0xff);
  }

  static List<Sample> xor(byte[] data) {
    int n = count(data);
    PromChunkDecoder d = new PromChunkDecoder(data, 2);
    List<Sample> out = new ArrayList<>(n);
    long t = 0;
    long delta = 0;
    long v = 0;
    long[] w = {0xff, 0};
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        t = d.varint();
        v = d.bits(64);
      } else {
        if (i == 1) {
          delta = d.uvarint();
        } else {
          int k = d.prefixOnes(4);
          int[] widths = {0, 14, 17, 20, 64};
          long dod = k == 0 ? 0 : d.bits(widths[k]);
          if (k > 0 && k < 4 && dod > (1L << (widths[k] - 1))) dod -= 1L << widths[k];
          delta += dod;
        }
        t += delta;
        v = d.xor(v, w);
      }
      out.add(new Sample(t, Double.longBitsToDouble(v), null));
    }
    return out;
  }

  private int[] spans() {
    int n = (int) varbitUint();
    int[] s = new int[n * 2];
    for (int i = 0; i < n; i++) {
      s[2 * i + 1] = (int) varbitUint();
      s[2 * i] = (int) varbitInt();
    }
    return s;
  }

  private static int bucketCount(int[] spans) {
    int n = 0;
    for (int i = 1; i < spans.length; i += 2) n += spans[i];
    return n;
  }

  static List<Sample> histogram(byte[] data, boolean floats) {
    int n = count(data);
    int header = data[2] & 0xff;
    PromChunkDecoder d = new PromChunkDecoder(data, 3);
    int zb = (int) d.bits(8);
    double zt = zb == 0 ? 0 : zb == 255 ? Double.longBitsToDouble(d.bits(64)) : Math.scalb(0.5, zb - 243);
    int schema = (int) d.varbitInt();
    int[] pos = d.spans();
    int[] neg = d.spans();
    double[] custom = new double[0];
    if (schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA) {
      custom = new double[(int) d.varbitUint()];
      for (int i = 0; i < custom.length; i++) {
        long u = d.varbitUint();
        custom[i] = u == 0 ? Double.longBitsToDouble(d.bits(64)) : (u - 1) / 1000.0;
      }
    }
    int np = bucketCount(pos);
    int nn = bucketCount(neg);
    List<Sample> out = new ArrayList<>(n);
    long t = 0;
    long tDelta = 0;
    long cnt = 0;
    long zcnt = 0;
    long cntDelta = 0;
    long zDelta = 0;
    long sum = 0;
    long[] sumW = {0xff, 0};
    long[] buckets = new long[np + nn];
    long[] bucketDeltas = new long[np + nn];
    long[] vals = new long[3 + np + nn];
    long[][] ws = new long[3 + np + nn][];
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        t = d.varbitInt();
      } else if (i == 1) {
        tDelta = d.varbitInt();
        t += tDelta;
      } else {
        tDelta += d.varbitInt();
        t += tDelta;
      }
      FloatHistogram h = new FloatHistogram();
      h.schema = schema;
      h.zeroThreshold = zt;
      h.positiveSpans = pos;
      h.negativeSpans = neg;
      h.customValues = custom;
      if (!floats) {
        if (i == 0) {
          cnt = d.varbitUint();
          zcnt = d.varbitUint();
          sum = d.bits(64);
          for (int k = 0; k < np + nn; k++) buckets[k] = d.varbitInt();
        } else {
          long c = d.varbitInt();
          long z = d.varbitInt();
          if (i == 1) {
            cntDelta = c;
            zDelta = z;
          } else {
            cntDelta += c;
            zDelta += z;
          }
          cnt += cntDelta;
          zcnt += zDelta;
          sum = d.xor(sum, sumW);
          for (int k = 0; k < np + nn; k++) {
            long x = d.varbitInt();
            bucketDeltas[k] = i == 1 ? x : bucketDeltas[k] + x;
            buckets[k] += bucketDeltas[k];
          }
        }
        h.count = cnt;
        h.zeroCount = zcnt;
        h.sum = Double.longBitsToDouble(sum);
        h.positiveBuckets = absolute(buckets, 0, np);
        h.negativeBuckets = absolute(buckets, np, nn);
      } else {
        for (int k = 0; k < vals.length; k++) {
          if (i == 0) {
            vals[k] = d.bits(64);
            ws[k] = new long[] {0xff, 0};
          } else {
            vals[k] = d.xor(vals[k], ws[k]);
          }
        }
        h.count = Double.longBitsToDouble(vals[0]);
        h.zeroCount = Double.longBitsToDouble(vals[1]);
        h.sum = Double.longBitsToDouble(vals[2]);
        h.positiveBuckets = new double[np];
        h.negativeBuckets = new double[nn];
        for (int k = 0; k < np; k++) h.positiveBuckets[k] = Double.longBitsToDouble(vals[3 + k]);
        for (int k = 0; k < nn; k++) h.negativeBuckets[k] = Double.longBitsToDouble(vals[3 + np + k]);
      }
      h.counterResetHint = (header & 0xc0) == 0xc0 ? FloatHistogram.CounterResetHint.GAUGE
          : i > 0 ? FloatHistogram.CounterResetHint.NOT_COUNTER_RESET
          : (header & 0xc0) == 0x80 ? FloatHistogram.CounterResetHint.COUNTER_RESET
          : (header & 0xc0) == 0x40 ? FloatHistogram.CounterResetHint.NOT_COUNTER_RESET
          : FloatHistogram.CounterResetHint.UNKNOWN;
      out.add(new Sample(t, 0, h));
    }
    return out;
  }

  private static double[] absolute(long[] deltas, int from, int n) {
    double[] a = new double[n];
    long v = 0;
    for (int k = 0; k < n; k++) {
      v += deltas[from + k];
      a[k] = v;
    }
    return a;
  }
}
