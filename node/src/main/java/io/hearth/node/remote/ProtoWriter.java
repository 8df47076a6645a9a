package io.hearth.node.remote;

import io.hearth.sharding.wire.ProtoReader;
import java.util.Arrays;

/**
 * A growable protobuf wire writer, reusable after {@link #reset()}. Nested messages are written by
 * encoding the child into its own writer and then {@link #message(int, ProtoWriter)}: one copy,
 * canonical (minimal) length prefixes. Not thread-safe.
 */
public final class ProtoWriter {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LEN = 2;

  private byte[] buf;
  private int n;

  public ProtoWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public void reset() {
    n = 0;
  }

  public int size() {
    return n;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, n);
  }

  public byte[] array() {
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

  public void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  public void varint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[n++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[n++] = (byte) v;
  }

  public void fixed64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[n++] = (byte) (v >>> (8 * i));
    }
  }

  public void doubleField(int field, double v) {
    tag(field, ProtoReader.FIXED64);
    fixed64(Double.doubleToRawLongBits(v));
  }

  public void sint32Field(int field, int v) {
    tag(field, ProtoReader.VARINT);
    varint(Integer.toUnsignedLong((v << 1) ^ (v >> 31)));
  }

  public void stringField(int field, String s) {
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

  public static int utf8Length(String s) {
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

  /** A varint field (written even when zero: proto2 optional fields that are set). */
  public void varintField(int field, long v) {
    tag(field, VARINT);
    varint(v);
  }

  /** A length-delimited bytes field (written even when empty). */
  public void bytesField(int field, byte[] b, int off, int len) {
    tag(field, ProtoReader.LEN);
    varint(len);
    ensure(len);
    System.arraycopy(b, off, buf, n, len);
    n += len;
  }

  /** Writes {@code child} as a length-delimited field. */
  public void message(int field, ProtoWriter child) {
    tag(field, ProtoReader.LEN);
    varint(child.n);
    append(child);
  }

  public void append(ProtoWriter other) {
    ensure(other.n);
    System.arraycopy(other.buf, 0, buf, n, other.n);
    n += other.n;
  }

  /** A packed repeated double field; nothing when empty. */
  public void packedDoubles(int field, double[] values) {
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
