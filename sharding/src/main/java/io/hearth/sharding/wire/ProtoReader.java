package io.hearth.sharding.wire;

/**
 * A protobuf wire reader over a range of the caller's byte array: the one reader of remote write
 * 1.0 and 2.0, remote read and the protobuf exposition parser. Reusable via {@link #reset}; values
 * come back as primitives and length-delimited values as offsets into the caller's array, so the
 * happy path allocates nothing. Not thread-safe.
 *
 * <p>Every read is bounded by {@link #limit()}: a varint, fixed-width value or length that runs
 * past it fails. Failures carry the text gogo-protobuf's generated unmarshalers give, which is what
 * Prometheus answers and logs: {@code unexpected EOF}, {@code proto: integer overflow}, {@code
 * proto: negative length found during unmarshaling}, {@code proto: wrong wireType = 0 for field
 * Value}, {@code proto: Sample: illegal tag 0 (wire type 0)}, {@code proto: Sample: wiretype end
 * group for non-group}, {@code proto: illegal wireType 6}. The exception is made by the {@link
 * Failure} the reader was built with, given that text, the number of the field whose tag was read
 * last and the byte offset; the default is a {@link ProtoFormatException} naming all three.
 *
 * <p>Nested messages are read by narrowing the limit with {@link #enter()} and restoring it with
 * {@link #leave(int)}, or by {@link #lenField} (a range packed in a long, see {@link
 * #rangeFrom(long)}) and {@link #reset} of a second reader over it.
 */
public final class ProtoReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LEN = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int FIXED32 = 5;

  public static final String UNEXPECTED_EOF = "unexpected EOF";
  public static final String INTEGER_OVERFLOW = "proto: integer overflow";
  public static final String NEGATIVE_LENGTH = "proto: negative length found during unmarshaling";

  /** Makes the exception a reader throws; the caller's own type (an HTTP 400, a parse error). */
  @FunctionalInterface
  public interface Failure {
    /**
     * The exception for malformed input: {@code message} is gogo-protobuf's text, {@code field} the
     * number of the field whose tag was read last (0 before the first tag), {@code offset} the byte
     * offset in the array where the bad value starts. Must not throw itself.
     */
    RuntimeException failure(String message, int field, int offset);
  }

  private final Failure failure;
  private byte[] buf;
  private int pos;
  private int limit;
  private int field;
  private int wireType;

  /** A reader failing with {@link ProtoFormatException}. */
  public ProtoReader() {
    this(ProtoFormatException::new);
  }

  public ProtoReader(Failure failure) {
    this.failure = failure;
  }

  /** Reads {@code buf[off, off + len)}; throws IllegalArgumentException when that is not inside {@code buf}. */
  public ProtoReader reset(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IllegalArgumentException("range out of bounds [off=" + off + ", len=" + len + ", length=" + buf.length + "]");
    }
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    this.field = 0;
    this.wireType = 0;
    return this;
  }

  /** Drops the reference to the caller's array. */
  public void release() {
    buf = null;
  }

  /** The array read; length-delimited values are offsets into it. */
  public byte[] array() {
    return buf;
  }

  public int position() {
    return pos;
  }

  /** Moves to {@code p}, which the caller got from this reader (a value's end, a saved position). */
  public void position(int p) {
    pos = p;
  }

  public int limit() {
    return limit;
  }

  /** Sets the end of what is read to {@code l}, an end this reader gave (see {@link #enter()}). */
  public void limit(int l) {
    limit = l;
  }

  /** Whether bytes are left before the limit. */
  public boolean more() {
    return pos < limit;
  }

  /** The field number of the tag last read by {@link #readTag}. */
  public int field() {
    return field;
  }

  /** The wire type of the tag last read by {@link #readTag}. */
  public int wireType() {
    return wireType;
  }

  /**
   * Reads a tag of a message of Go type {@code type} (for the error text; null leaves it out) and
   * returns its field number; the wire type is then {@link #wireType()}. Refuses field 0 and an end
   * group with no group open, as gogo does; other wire types fail when skipped or expected.
   */
  public int readTag(String type) {
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
    long number = wire >>> 3;
    if (wt == END_GROUP) {
      throw fail(prefix(type) + "wiretype end group for non-group", start);
    }
    if (number <= 0 || number > Integer.MAX_VALUE) {
      throw fail(prefix(type) + "illegal tag " + (int) number + " (wire type " + Long.toUnsignedString(wire) + ")", start);
    }
    field = (int) number;
    wireType = wt;
    return field;
  }

  private static String prefix(String type) {
    return type == null ? "proto: " : "proto: " + type + ": ";
  }

  /** An unsigned varint of up to 10 bytes; an 11th continuation byte is {@code proto: integer overflow}. */
  public long readVarint() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift >= 64) {
        throw fail(INTEGER_OVERFLOW, pos);
      }
      if (pos >= limit) {
        throw fail(UNEXPECTED_EOF, pos);
      }
      int b = buf[pos++];
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  /** A varint truncated to 32 bits, as Go's {@code int32(v)} / {@code uint32(v)}. */
  public int readVarint32() {
    return (int) readVarint();
  }

  public long readSint64() {
    return decodeZigZag(readVarint());
  }

  public int readSint32() {
    int v = (int) readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** The signed value of a zigzag-encoded {@code sint64}. */
  public static long decodeZigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Eight bytes, little-endian. */
  public long readFixed64() {
    if (limit - pos < 8) {
      throw fail(UNEXPECTED_EOF, pos);
    }
    byte[] b = buf;
    int p = pos;
    pos = p + 8;
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
        | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
  }

  /** Four bytes, little-endian. */
  public int readFixed32() {
    if (limit - pos < 4) {
      throw fail(UNEXPECTED_EOF, pos);
    }
    byte[] b = buf;
    int p = pos;
    pos = p + 4;
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  /**
   * Reads a length prefix and returns the end offset of the value it announces, which starts at
   * {@link #position()}; a length past the limit is {@code unexpected EOF} at the prefix's offset.
   */
  public int readLengthEnd() {
    int start = pos;
    long n = readVarint();
    if (n < 0) {
      throw fail(NEGATIVE_LENGTH, start);
    }
    long end = pos + n;
    if (end < 0) {
      throw fail(NEGATIVE_LENGTH, start);
    }
    if (end > limit) {
      throw fail(UNEXPECTED_EOF, start);
    }
    return (int) end;
  }

  /**
   * Enters a length-delimited value: reads its length, narrows the limit to its end and returns
   * the previous limit for {@link #leave(int)}.
   */
  public int enter() {
    int end = readLengthEnd();
    int old = limit;
    limit = end;
    return old;
  }

  /** Leaves what {@link #enter()} entered: moves to its end and restores {@code oldLimit}. */
  public void leave(int oldLimit) {
    pos = limit;
    limit = oldLimit;
  }

  /** Requires the last tag's wire type to be {@code want}; else {@code proto: wrong wireType}, naming {@code fieldName}. */
  public void expect(int want, String fieldName) {
    if (wireType != want) {
      throw wrongWireType(fieldName);
    }
  }

  /** The failure for a field named {@code fieldName} with the last tag's wire type, which it does not accept. */
  public RuntimeException wrongWireType(String fieldName) {
    return fail("proto: wrong wireType = " + wireType + " for field " + fieldName, pos);
  }

  /** The value of the last tag, a varint field named {@code fieldName} (for the error). */
  public long varintField(String fieldName) {
    expect(VARINT, fieldName);
    return readVarint();
  }

  /** The value of the last tag, a double field named {@code fieldName} (for the error). */
  public double doubleField(String fieldName) {
    expect(FIXED64, fieldName);
    return readDouble();
  }

  /**
   * Steps over the value of the last tag, a length-delimited field named {@code fieldName}, and
   * returns its range in the array as {@code from << 32 | to} (see {@link #rangeFrom(long)} and
   * {@link #rangeTo(long)}).
   */
  public long lenField(String fieldName) {
    expect(LEN, fieldName);
    int to = readLengthEnd();
    long r = ((long) pos << 32) | to;
    pos = to;
    return r;
  }

  /** The start offset of a range returned by {@link #lenField}. */
  public static int rangeFrom(long range) {
    return (int) (range >>> 32);
  }

  /** The end offset (exclusive) of a range returned by {@link #lenField}. */
  public static int rangeTo(long range) {
    return (int) range;
  }

  /** Skips the value of the field whose tag was just read, as gogo's {@code skipTypes} (groups included). */
  public void skip() {
    int wt = wireType;
    int depth = 0;
    while (true) {
      switch (wt) {
        case VARINT -> readVarint();
        case FIXED64 -> skipBytes(8);
        case LEN -> pos = readLengthEnd();
        case START_GROUP -> depth++;
        case END_GROUP -> {
          if (depth == 0) {
            throw fail("proto: unexpected end of group", pos);
          }
          depth--;
        }
        case FIXED32 -> skipBytes(4);
        default -> throw fail("proto: illegal wireType " + wt, pos);
      }
      if (depth == 0) {
        return;
      }
      wt = (int) (readVarint() & 7);
    }
  }

  private void skipBytes(int n) {
    if (limit - pos < n) {
      throw fail(UNEXPECTED_EOF, pos);
    }
    pos += n;
  }

  /** The failure this reader throws for {@code message} at {@code offset}, with the last tag's field number. */
  public RuntimeException fail(String message, int offset) {
    return failure.failure(message, field, offset);
  }
}
