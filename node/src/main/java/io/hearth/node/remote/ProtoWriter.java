package io.hearth.node.remote;

import java.util.Arrays;

/**
 * A growable protobuf wire writer, reusable after {@link #reset()}. Nested messages are written by
 * encoding the child into its own writer and then {@link #message(int, ProtoWriter)}: one copy,
 * canonical (minimal) length prefixes. Not thread-safe.
 */
final class ProtoWriter {
  private byte[] buf;
  private int n;

  ProtoWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void reset() {
    n = 0;
  }

  int size() {
    return n;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, n);
  }

  byte[] array() {
    return buf;
  }

  private void ensure(int more) {
    if (buf.length - n < more) {
      long want = Math.max((long) buf.length * 2, (long) n + more);
      if (want > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("protobuf message too large [size=" + n + ", more=" + more + "]");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  void varint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[n++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[n++] = (byte) v;
  }

  void fixed64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[n++] = (byte) (v >>> (8 * i));
    }
  }

  void doubleField(int field, double v) {
    tag(field, ProtoReader.FIXED64);
    fixed64(Double.doubleToRawLongBits(v));
  }

  void sint32Field(int field, int v) {
    tag(field, ProtoReader.VARINT);
    varint(Integer.toUnsignedLong((v << 1) ^ (v >> 31)));
  }

  void stringField(int field, String s) {
    tag(field, ProtoReader.LEN);
    int len = utf8Length(s);
    varint(len);
    ensure(len);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[n++] = (byte) c;
      } else if (c < 0x800) {
        buf[n++] = (byte) (0xc0 | (c >> 6));
        buf[n++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[n++] = (byte) (0xf0 | (cp >> 18));
        buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[n++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        buf[n++] = '?'; // as String.getBytes does for a lone surrogate
      } else {
        buf[n++] = (byte) (0xe0 | (c >> 12));
        buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[n++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  static int utf8Length(String s) {
    int len = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len++;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        len++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /** Writes {@code child} as a length-delimited field. */
  void message(int field, ProtoWriter child) {
    tag(field, ProtoReader.LEN);
    varint(child.n);
    append(child);
  }

  void append(ProtoWriter other) {
    ensure(other.n);
    System.arraycopy(other.buf, 0, buf, n, other.n);
    n += other.n;
  }

  /** A packed repeated double field; nothing when empty. */
  void packedDoubles(int field, double[] values) {
    if (values.length == 0) {
      return;
    }
    tag(field, ProtoReader.LEN);
    varint(8L * values.length);
    for (double v : values) {
      fixed64(Double.doubleToRawLongBits(v));
    }
  }
}
