package io.hearth.sharding.wire;

import java.util.Arrays;

/** A growable byte buffer with varint and fixed-width writers. Reusable via {@link #reset()}. Not thread-safe. */
public final class ByteSink {
  private byte[] buf;
  private int len;

  public ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public void reset() {
    len = 0;
  }

  public int length() {
    return len;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }

  public void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  public void writeBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  public void writeLong(long v) {
    ensure(8);
    for (int i = 56; i >= 0; i -= 8) buf[len++] = (byte) (v >>> i);
  }

  public void writeInt(int v) {
    ensure(4);
    for (int i = 24; i >= 0; i -= 8) buf[len++] = (byte) (v >>> i);
  }

  public void writeUvarint(long v) {
    ensure(10);
    len = putUvarint(buf, len, v);
  }

  /**
   * Writes {@code v} as an unsigned varint into {@code dst} at {@code at}, which must have room for
   * {@link #uvarintLength(long)} bytes, and returns the offset after it.
   */
  public static int putUvarint(byte[] dst, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[at++] = (byte) v;
    return at;
  }

  /** The number of bytes {@link #writeUvarint} writes for {@code v}: 1 to 10. */
  public static int uvarintLength(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  public void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  public void writeString(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    writeUvarint(b.length);
    writeBytes(b, 0, b.length);
  }

  /** Labels as their count, then each name and value as {@link #writeString}; read by {@code ByteSource.readLabels}. */
  public void writeLabels(io.hearth.sharding.api.Labels l) {
    writeUvarint(l.size());
    for (int i = 0; i < l.size(); i++) {
      writeString(l.name(i));
      writeString(l.value(i));
    }
  }
}
