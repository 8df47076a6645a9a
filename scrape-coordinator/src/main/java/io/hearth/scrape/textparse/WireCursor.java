package io.hearth.scrape.textparse;

/**
 * A cursor over protobuf wire data in a byte array, for {@link ProtobufParser}. Reads tags,
 * varints, fixed 64-bit doubles and length-delimited ranges between {@link #pos} and
 * {@link #end}; nested messages are walked by saving {@code end}, narrowing it to the message and
 * putting it back. Allocates nothing but its exceptions. Not thread-safe.
 */
final class WireCursor {
  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int I32 = 5;

  byte[] b;
  int pos;
  int end;
  /** Field number and wire type of the last tag read by {@link #nextField()}. */
  int field;
  int wire;

  void reset(byte[] b, int from, int to) {
    this.b = b;
    this.pos = from;
    this.end = to;
  }

  boolean atEnd() {
    return pos >= end;
  }

  /** Reads the next tag into {@link #field} and {@link #wire}. */
  void nextField() {
    long tag = varint();
    field = (int) (tag >>> 3);
    wire = (int) (tag & 7);
    if (field <= 0 || tag >>> 3 > Integer.MAX_VALUE) {
      throw fail("proto: illegal tag " + (tag >>> 3) + " (wire type " + wire + ")");
    }
    if (wire == 3 || wire == 4 || wire > 5) throw fail("proto: illegal wireType " + wire);
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) throw fail("unexpected EOF");
      int x = b[pos++];
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) return v;
    }
    throw fail("proto: integer overflow");
  }

  static long zigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  double float64() {
    if (end - pos < 8) {
      pos = end;
      throw fail("unexpected EOF");
    }
    long v = 0;
    for (int k = 7; k >= 0; k--) v = (v << 8) | (b[pos + k] & 0xffL);
    pos += 8;
    return Double.longBitsToDouble(v);
  }

  /** Reads a length prefix and returns the end of the delimited range, which starts at {@link #pos}. */
  int delimitedEnd() {
    long n = varint();
    if (n < 0 || n > Integer.MAX_VALUE) throw fail("proto: negative length found during unmarshaling");
    if (n > end - pos) throw fail("unexpected EOF");
    return pos + (int) n;
  }

  /** Skips the value of the last tag read. */
  void skip() {
    switch (wire) {
      case VARINT -> varint();
      case I64 -> advance(8);
      case LEN -> pos = delimitedEnd();
      default -> advance(4);
    }
  }

  private void advance(int n) {
    if (end - pos < n) {
      pos = end;
      throw fail("unexpected EOF");
    }
    pos += n;
  }

  /** The value of the last tag, a varint field named {@code name} (for the error). */
  long varintField(String name) {
    expect(VARINT, name);
    return varint();
  }

  /** The value of the last tag, a double field named {@code name} (for the error). */
  double float64Field(String name) {
    expect(I64, name);
    return float64();
  }

  /**
   * Steps over the value of the last tag, a length-delimited field named {@code name}, and returns
   * its range as {@code from << 32 | to} (see {@link #from(long)} and {@link #to(long)}).
   */
  long lenField(String name) {
    expect(LEN, name);
    int to = delimitedEnd();
    long r = ((long) pos << 32) | to;
    pos = to;
    return r;
  }

  static int from(long range) {
    return (int) (range >>> 32);
  }

  static int to(long range) {
    return (int) range;
  }

  /** Requires the last tag's wire type to be {@code expected}. */
  void expect(int expected, String fieldName) {
    if (wire != expected) throw fail("proto: wrong wireType = " + wire + " for field " + fieldName);
  }

  ParseException fail(String message) {
    return new ParseException(message, 0, pos + 1);
  }
}
