package io.hearth.sharding.wire;

/**
 * Protobuf input that does not decode, as {@link ProtoReader} reports it by default: gogo-protobuf's
 * text, the number of the field being read and the byte offset. No stack trace is captured: the
 * input is at fault, not the code.
 */
public final class ProtoFormatException extends RuntimeException {
  private final String reason;
  private final int field;
  private final int offset;

  public ProtoFormatException(String reason, int field, int offset) {
    super(reason + " [field=" + field + ", offset=" + offset + "]", null, false, false);
    this.reason = reason;
    this.field = field;
    this.offset = offset;
  }

  /** gogo-protobuf's text for the failure, e.g. {@code unexpected EOF}. */
  public String reason() {
    return reason;
  }

  /** The number of the field whose tag was read last, 0 when none was. */
  public int field() {
    return field;
  }

  /** Byte offset in the array where the bad value starts. */
  public int offset() {
    return offset;
  }
}
