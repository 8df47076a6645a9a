package io.hearth.node.remote;

import io.hearth.node.remote.RemoteProtocolException.UnsupportedMediaType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides which remote-write message a request carries from its headers, as Prometheus 3.x's write
 * handler does, with its 415 texts.
 *
 * <p>Rules: a missing Content-Type means {@code application/x-protobuf} (1.0 senders predate it).
 * The media type (before the first {@code ;}, after trimming the whole header) must be exactly
 * {@code application/x-protobuf}, else {@code expected application/x-protobuf as the first (media)
 * part, got <header> content-type}. Each parameter must be {@code key=value}, else {@code as per
 * https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got <p> in
 * <header> content-type}. A {@code proto} parameter names the message: an unknown name gives {@code
 * got <header> content type; unknown remote write protobuf message <name>, supported:
 * prometheus.WriteRequest, io.prometheus.write.v2.Request}; no {@code proto} parameter means 1.0. A
 * known message this server is not configured to take gives {@code <name> protobuf message is not
 * accepted by this server; accepted [<names>]}. A missing Content-Encoding means snappy; anything
 * but {@code snappy} (any case) gives {@code <enc> encoding (compression) is not accepted by this
 * server; only snappy is acceptable}. All of these are HTTP 415.
 *
 * <p>Two deliberate differences: parameter keys and values are trimmed (Prometheus compares {@code
 * " proto"} literally, so {@code application/x-protobuf; proto=io.prometheus.write.v2.Request}
 * would silently decode a 2.0 body as 1.0 and drop it all), and every refusal stops the request
 * (Prometheus 3.x logs the last two and carries on). {@code X-Prometheus-Remote-Write-Version} is
 * not read, as in Prometheus 3.x: the spec makes Content-Type the authority.
 */
public final class ContentNegotiation {
  private final Set<RemoteWriteVersion> accepted;

  /** Takes both versions, Prometheus 3.x's default. */
  public ContentNegotiation() {
    this(EnumSet.allOf(RemoteWriteVersion.class));
  }

  public ContentNegotiation(Set<RemoteWriteVersion> accepted) {
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException("a remote-write receiver must accept at least one message");
    }
    this.accepted = EnumSet.copyOf(accepted);
  }

  /**
   * The message version of a request.
   *
   * @param contentType the Content-Type header, or null
   * @param contentEncoding the Content-Encoding header, or null
   * @param versionHeader X-Prometheus-Remote-Write-Version, or null; informational only
   * @throws UnsupportedMediaType (HTTP 415) with Prometheus's text
   */
  public RemoteWriteVersion negotiate(String contentType, String contentEncoding, String versionHeader) {
    RemoteWriteVersion v = parseContentType(contentType);
    if (!accepted.contains(v)) {
      StringBuilder sb = new StringBuilder(v.protoMessage()).append(" protobuf message is not accepted by this server; accepted [");
      boolean first = true;
      for (RemoteWriteVersion a : accepted) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        sb.append(a.protoMessage());
      }
      throw new UnsupportedMediaType(sb.append(']').toString());
    }
    if (contentEncoding != null && !contentEncoding.isEmpty() && !contentEncoding.equalsIgnoreCase(RemoteWriteHeaders.SNAPPY)) {
      throw new UnsupportedMediaType(contentEncoding + " encoding (compression) is not accepted by this server; only snappy is acceptable");
    }
    return v;
  }

  static RemoteWriteVersion parseContentType(String header) {
    String contentType = header == null || header.isEmpty() ? RemoteWriteHeaders.PROTOBUF : header.strip();
    String[] parts = contentType.split(";", -1);
    if (!parts[0].equals(RemoteWriteHeaders.PROTOBUF)) {
      throw new UnsupportedMediaType("expected " + RemoteWriteHeaders.PROTOBUF + " as the first (media) part, got " + contentType + " content-type");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", -1);
      if (pair.length != 2) {
        throw new UnsupportedMediaType("as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got "
            + parts[i] + " in " + contentType + " content-type");
      }
      if (pair[0].strip().equals("proto")) {
        String name = pair[1].strip();
        RemoteWriteVersion v = RemoteWriteVersion.ofProtoMessage(name);
        if (v == null) {
          throw new UnsupportedMediaType("got " + contentType + " content type; unknown remote write protobuf message " + name
              + ", supported: " + RemoteWriteVersion.V1.protoMessage() + ", " + RemoteWriteVersion.V2.protoMessage());
        }
        return v;
      }
    }
    return RemoteWriteVersion.V1;
  }
}
