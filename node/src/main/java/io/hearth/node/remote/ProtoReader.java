package io.hearth.node.remote;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;

/**
 * A protobuf wire reader over a byte range, reusable, allocating nothing on the happy path.
 *
 * <p>Failures raise {@link BadRequest} ({@code MALFORMED_PROTOBUF}) with the text gogo-protobuf's
 * generated unmarshalers give, which is what Prometheus answers: {@code unexpected EOF},
 * {@code proto: integer overflow}, {@code proto: negative length found during unmarshaling},
 * {@code proto: wrong wireType = 0 for field Value}, {@code proto: Sample: illegal tag 0 (wire
 * type 0)}, {@code proto: Sample: wiretype end group for non-group}, {@code proto: illegal
 * wireType 6}. Nested messages are read by narrowing {@link #limit} with {@link #enter()} and
 * restoring it with {@link #leave(int)}. Not thread-safe.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  static final String UNEXPECTED_EOF = "unexpected EOF";
  static final String INTEGER_OVERFLOW = "proto: integer overflow";
  static final String NEGATIVE_LENGTH = "proto: negative length found during unmarshaling";

  byte[] buf;
  int pos;
  int limit;
  /** Wire type of the tag last read by {@link #readTag(String)}. */
  int wireType;

  ProtoReader reset(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("range out of bounds [off=" + off + ", len=" + len + ", length=" + buf.length + "]");
    }
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    return this;
  }

  /** Drops the reference to the caller's buffer. */
  void release() {
    buf = null;
  }

  boolean more() {
    return pos < limit;
  }

  /**
   * Reads a tag of a message of Go type {@code type} (for the error text) and returns its field
   * number; the wire type is left in {@link #wireType}.
   */
  int readTag(String type) {
    int start = pos;
    long wire;
    int b;
    if (pos < limit && (b = buf[pos]) >= 0) {
      pos++;
      wire = b;
    } else {
      wire = readVarint();
    }
    int wt = (int) (wire & 7);
    int field = (int) (wire >>> 3);
    if (wt == END_GROUP) {
      throw malformed("proto: " + type + ": wiretype end group for non-group", start);
    }
    if (field <= 0) {
      throw malformed("proto: " + type + ": illegal tag " + field + " (wire type " + Long.toUnsignedString(wire) + ")", start);
    }
    wireType = wt;
    return field;
  }

  long readVarint() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift >= 64) {
        throw malformed(INTEGER_OVERFLOW, pos);
      }
      if (pos >= limit) {
        throw malformed(UNEXPECTED_EOF, pos);
      }
      int b = buf[pos++];
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  /** A varint truncated to 32 bits, as Go's {@code int32(v)} / {@code uint32(v)}. */
  int readVarint32() {
    return (int) readVarint();
  }

  long readSint64() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  int readSint32() {
    int v = (int) readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  long readFixed64() {
    if (limit - pos < 8) {
      throw malformed(UNEXPECTED_EOF, pos);
    }
    byte[] b = buf;
    int p = pos;
    pos = p + 8;
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
        | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
  }

  double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  /** Reads a length prefix and returns the end position of the value it announces. */
  int readLengthEnd() {
    int start = pos;
    long n = readVarint();
    if (n < 0) {
      throw malformed(NEGATIVE_LENGTH, start);
    }
    long end = pos + n;
    if (end < 0) {
      throw malformed(NEGATIVE_LENGTH, start);
    }
    if (end > limit) {
      throw malformed(UNEXPECTED_EOF, start);
    }
    return (int) end;
  }

  /**
   * Enters a length-delimited field: reads its length, narrows the limit to its end and returns
   * the previous limit for {@link #leave(int)}.
   */
  int enter() {
    int end = readLengthEnd();
    int old = limit;
    limit = end;
    return old;
  }

  void leave(int oldLimit) {
    pos = limit;
    limit = oldLimit;
  }

  void expect(int want, String field) {
    if (wireType != want) {
      throw wrongWireType(field);
    }
  }

  BadRequest wrongWireType(String field) {
    return malformed("proto: wrong wireType = " + wireType + " for field " + field, pos);
  }

  /** Skips the value of an unknown field whose tag was just read, as gogo's {@code skipTypes}. */
  void skip() {
    skipValue(wireType);
  }

  private void skipValue(int wt) {
    int depth = 0;
    while (true) {
      switch (wt) {
        case VARINT:
          readVarint();
          break;
        case FIXED64:
          skipBytes(8);
          break;
        case LEN:
          pos = readLengthEnd();
          break;
        case START_GROUP:
          depth++;
          break;
        case END_GROUP:
          if (depth == 0) {
            throw malformed("proto: unexpected end of group", pos);
          }
          depth--;
          break;
        case FIXED32:
          skipBytes(4);
          break;
        default:
          throw malformed("proto: illegal wireType " + wt, pos);
      }
      if (depth == 0) {
        return;
      }
      wt = (int) (readVarint() & 7);
    }
  }

  private void skipBytes(int n) {
    if (limit - pos < n) {
      throw malformed(UNEXPECTED_EOF, pos);
    }
    pos += n;
  }

  static BadRequest malformed(String message, int offset) {
    return new BadRequest(BadRequest.Reason.MALFORMED_PROTOBUF, message, offset);
  }
}
