package io.hearth.sharding.wire;

import io.hearth.sharding.api.StorageException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, over a byte range, raising {@link StorageException.Corrupt}
 * (naming {@code what} is being read) on truncation. Reusable via {@link #reset}. Not thread-safe.
 */
public final class ByteSource {
  private byte[] buf;
  private int pos;
  private int end;
  private String what;

  public ByteSource reset(byte[] b, int off, int len, String what) {
    this.buf = b;
    this.pos = off;
    this.end = off + len;
    this.what = what;
    return this;
  }

  public boolean hasMore() {
    return pos < end;
  }

  public int position() {
    return pos;
  }

  private void need(int n) {
    if (pos + n > end) {
      throw new StorageException.Corrupt(what + " is truncated: needed " + n + " more bytes at offset " + pos + ", end is " + end);
    }
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
    return v;
  }

  public int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) v = (v << 8) | (buf[pos++] & 0xFF);
    return v;
  }

  public long readUvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      byte b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) return v;
    }
    throw new StorageException.Corrupt(what + " has a varint longer than 10 bytes at offset " + pos);
  }

  public long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  public String readString() {
    int n = (int) readUvarint();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Skips {@code n} bytes and returns the offset where they start. */
  public int skip(long n) {
    if (n < 0 || n > end - pos) {
      throw new StorageException.Corrupt(what + " is truncated: needed " + n + " more bytes at offset " + pos + ", end is " + end);
    }
    int at = pos;
    pos += (int) n;
    return at;
  }

  /** The bytes this source reads. */
  public byte[] array() {
    return buf;
  }

  /** Labels written by {@code ByteSink.writeLabels}, trusted to be sorted and unique as they were written. */
  public io.hearth.sharding.api.Labels readLabels() {
    int n = (int) readUvarint();
    String[] pairs = new String[2 * n];
    for (int i = 0; i < 2 * n; i++) pairs[i] = readString();
    return io.hearth.sharding.api.Labels.ofSortedPairsUnchecked(pairs);
  }
}
