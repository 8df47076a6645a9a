package io.hearth.node.remote;

/**
 * A remote-write or remote-read request refused for what the client sent, typed by the HTTP status
 * the edge answers with. The message is the plain-text body to send (Prometheus's own text where
 * Prometheus has one); nobody parses it. No stack trace is captured: these are client errors.
 */
public abstract class RemoteProtocolException extends RuntimeException {
  RemoteProtocolException(String message) {
    super(message, null, false, false);
  }

  /** The HTTP status to answer with. */
  public abstract int httpStatus();

  /** HTTP 400: the body does not decode or breaks a rule; the client must not retry it as is. */
  public static final class BadRequest extends RemoteProtocolException {
    /** Why, for metrics. Only grows. */
    public enum Reason {
      /** The protobuf does not parse (truncated, wrong wire type, bad length...). */
      MALFORMED_PROTOBUF,
      /** The snappy block does not decompress. */
      CORRUPT_SNAPPY,
      /** A series' labels break a rule and the policy rejects the whole request. */
      INVALID_SERIES,
      /** A native histogram's spans and buckets disagree. */
      INVALID_HISTOGRAM,
      /** A remote-read matcher has an unknown type or a regular expression that does not compile. */
      INVALID_MATCHER,
      /** None of the remote-read response types the client accepts is supported. */
      UNSUPPORTED_RESPONSE_TYPE
    }

    private final Reason reason;
    private final int offset;

    public BadRequest(Reason reason, String message) {
      this(reason, message, -1);
    }

    public BadRequest(Reason reason, String message, int offset) {
      super(message);
      this.reason = reason;
      this.offset = offset;
    }

    /** A {@link io.hearth.sharding.wire.ProtoReader.Failure}: malformed protobuf at {@code offset}, with gogo's text as the body. */
    public static BadRequest malformedProtobuf(String message, int field, int offset) {
      return new BadRequest(Reason.MALFORMED_PROTOBUF, message, offset);
    }

    public Reason reason() {
      return reason;
    }

    /** Byte offset in the decompressed body where decoding failed, or -1; for logs. */
    public int offset() {
      return offset;
    }

    @Override
    public int httpStatus() {
      return 400;
    }
  }

  /** HTTP 413: the body would decompress to more than the configured limit; nothing was allocated. */
  public static final class PayloadTooLarge extends RemoteProtocolException {
    private final long declared;
    private final long limit;

    public PayloadTooLarge(long declared, long limit) {
      super("snappy: decoded length exceeds the limit [declared=" + declared + ", limit=" + limit + "]");
      this.declared = declared;
      this.limit = limit;
    }

    public long declared() {
      return declared;
    }

    public long limit() {
      return limit;
    }

    @Override
    public int httpStatus() {
      return 413;
    }
  }

  /** HTTP 415: Content-Type or Content-Encoding names something this server does not take. */
  public static final class UnsupportedMediaType extends RemoteProtocolException {
    public UnsupportedMediaType(String message) {
      super(message);
    }

    @Override
    public int httpStatus() {
      return 415;
    }
  }
}
