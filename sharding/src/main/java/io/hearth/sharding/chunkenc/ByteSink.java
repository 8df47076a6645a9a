package io.hearth.sharding.chunkenc;

import java.util.Arrays;

/** A growable byte buffer with varint writers, for building cold segments (not a hot path). */
final class ByteSink {
  private byte[] buf;
  private int len;

  ByteSink(int initial) {
    buf = new byte[Math.max(16, initial)];
  }

  int length() {
    return len;
  }

  byte[] buffer() {
    return buf;
  }

  private void ensure(int more) {
    if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
  }

  void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  void write(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  void writeUvarint(long v) {
    ensure(10);
    len = ChunkCodec.writeUvarint(buf, len, v);
  }

  void writeSvarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }
}
