package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.StorageException;

/** A bounds-checked cursor over bytes with varint readers; overruns raise {@code Corrupt}. */
final class ByteSource {
  private final byte[] buf;
  private final int end;
  private final String what;
  private int pos;

  ByteSource(byte[] buf, int off, int len, String what) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
    this.what = what;
  }

  byte[] array() {
    return buf;
  }

  int position() {
    return pos;
  }

  boolean hasMore() {
    return pos < end;
  }

  int readByte() {
    if (pos >= end) throw overrun(1);
    return buf[pos++] & 0xff;
  }

  /** Skips {@code n} bytes and returns the offset where they start. */
  int skip(long n) {
    if (n < 0 || n > end - pos) throw overrun(n);
    int at = pos;
    pos += (int) n;
    return at;
  }

  long readUvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw new StorageException.Corrupt("varint in " + what + " is too long [expected=at most 10 bytes, found=more at "
        + pos + "]");
  }

  long readSvarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  private StorageException.Corrupt overrun(long n) {
    return new StorageException.Corrupt(what + " ends early [expected=" + n + " more bytes at offset " + pos
        + ", found=" + (end - pos) + "]");
  }
}
