package io.hearth.node.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP metrics request body: its encoding from {@code Content-Type} ({@code
 * application/x-protobuf} or {@code application/json}, else 415), {@code Content-Encoding} gzip
 * inflated into a buffer that never grows past the caller's bound (a gzip bomb stops at the bound
 * with 413, having allocated at most the bound), then parsed. Stateless and thread-safe.
 */
public final class OtlpBody {
  /** The densest deflate stream decodes to at most 1032 bytes per byte (RFC 1951's longest match). */
  public static final int MAX_GZIP_RATIO = 1032;

  /** How a body is encoded; the answer goes back in the same encoding. */
  public enum Format {
    PROTOBUF("application/x-protobuf"), JSON("application/json");

    public final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }
  }

  private OtlpBody() {}

  /**
   * The format a {@code Content-Type} names.
   *
   * @throws OtlpException 415 for anything else
   */
  public static Format format(String contentType) {
    String t = contentType == null ? "" : contentType;
    int semi = t.indexOf(';');
    if (semi >= 0) t = t.substring(0, semi);
    t = t.trim().toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (f.contentType.equals(t)) return f;
    }
    throw new OtlpException(415, "unsupported content type: " + (contentType == null ? "" : contentType)
        + ", supported: [application/json, application/x-protobuf]");
  }

  /**
   * The most bytes a body of {@code length} bytes in this {@code Content-Encoding} may decode to,
   * before the caller's own bound: what to reserve before calling {@link #decode}.
   *
   * @throws OtlpException 400 for an encoding other than none or gzip
   */
  public static long maxDecodedLength(String contentEncoding, int length) {
    if (isGzip(contentEncoding)) return (long) length * MAX_GZIP_RATIO + 64;
    return length;
  }

  private static boolean isGzip(String contentEncoding) {
    String e = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || e.equals("identity")) return false;
    if (e.equals("gzip")) return true;
    throw new OtlpException(400, "unsupported compression: " + contentEncoding + ". Only \"gzip\" or no compression supported");
  }

  /**
   * Inflates (when gzip) and parses a body.
   *
   * @param maxDecodedBytes the bound on the decoded body; past it, 413
   * @throws OtlpException 400 for a corrupt gzip stream or a body that is not the message, 413 past
   *     the bound
   */
  public static ExportMetricsServiceRequest decode(byte[] body, String contentEncoding, Format format, int maxDecodedBytes) {
    byte[] raw = isGzip(contentEncoding) ? gunzip(body, maxDecodedBytes) : body;
    if (raw.length > maxDecodedBytes) {
      throw new OtlpException(413, "request body of " + raw.length + " bytes exceeds the limit of " + maxDecodedBytes + " bytes");
    }
    try {
      if (format == Format.PROTOBUF) return ExportMetricsServiceRequest.parseFrom(raw);
      ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(new String(raw, StandardCharsets.UTF_8), b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new OtlpException(400, "invalid OTLP " + (format == Format.PROTOBUF ? "protobuf" : "JSON")
          + " metrics request: " + e.getMessage());
    } catch (RuntimeException e) {
      // JsonFormat reports some malformed input (bad numbers, nesting) as unchecked exceptions.
      throw new OtlpException(400, "invalid OTLP JSON metrics request: " + e.getMessage());
    }
  }

  /** The response body in the request's format. */
  public static byte[] encode(Message m, Format format) {
    if (format == Format.PROTOBUF) return m.toByteArray();
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(m).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("response not printable as JSON", e);
    }
  }

  private static byte[] gunzip(byte[] body, int max) {
    byte[] out = new byte[(int) Math.min(max + 1L, Math.max(1024, Math.min((long) body.length * 4, max + 1L)))];
    int n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      while (true) {
        if (n == out.length) {
          if (n > max) break;
          out = Arrays.copyOf(out, (int) Math.min(max + 1L, (long) out.length * 2));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) break;
        n += r;
      }
    } catch (IOException e) {
      throw new OtlpException(400, "invalid gzip body: " + e.getMessage());
    }
    if (n > max) {
      throw new OtlpException(413, "gzip body decodes to more than the limit of " + max + " bytes");
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
