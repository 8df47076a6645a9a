package io.hearth.sharding.head;

import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;

/**
 * The ingest-log record format: one batch per partition per commit, a run of samples per series.
 *
 * <p>{@code version=1, then runs: id(8) uvarint(n) varint(t0) v0(8) [varint(t - prevT) v(8)]*(n-1)}.
 * Values are raw float64 bits so the staleness NaN survives exactly.
 */
final class LogRecords {
  static final int VERSION = 1;

  private LogRecords() {}

  interface Visitor {
    void sample(long seriesId, long t, double v);
  }

  static void begin(ByteSink out) {
    out.writeByte(VERSION);
  }

  static void writeRun(ByteSink out, long id, long[] ts, double[] vs, int[] idx, int from, int to) {
    out.writeLong(id);
    out.writeUvarint(to - from);
    long prev = 0;
    for (int i = from; i < to; i++) {
      long t = ts[idx[i]];
      out.writeVarint(i == from ? t : t - prev);
      out.writeLong(Double.doubleToRawLongBits(vs[idx[i]]));
      prev = t;
    }
  }

  static void read(byte[] b, int off, int len, String name, Visitor v) {
    ByteSource in = new ByteSource().reset(b, off, len, name);
    int version = in.readByte();
    if (version != VERSION) {
      throw new StorageException.Corrupt(name + ": log batch version " + version + ", expected " + VERSION);
    }
    while (in.hasMore()) {
      long id = in.readLong();
      long n = in.readUvarint();
      long t = 0;
      for (long i = 0; i < n; i++) {
        t = i == 0 ? in.readVarint() : t + in.readVarint();
        v.sample(id, t, Double.longBitsToDouble(in.readLong()));
      }
    }
  }
}
