package io.hearth.node.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response: status, content type, extra headers and either complete body bytes or, for {@link
 * #streamed}, a {@link BodyWriter} that produces the body while it is sent.
 */
public final class ApiResponse {
  public final int status;
  public final String contentType;
  public final byte[] body;
  public final Map<String, String> headers = new LinkedHashMap<>();
  /** Null for a complete response. */
  public final BodyWriter stream;

  public ApiResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, null);
  }

  private ApiResponse(int status, String contentType, byte[] body, BodyWriter stream) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.stream = stream;
  }

  /** A response whose body {@code writer} produces as it is sent (HTTP chunked transfer encoding). */
  public static ApiResponse streamed(int status, String contentType, BodyWriter writer) {
    return new ApiResponse(status, contentType, new byte[0], writer);
  }

  public static ApiResponse text(int status, String text) {
    return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static ApiResponse json(int status, byte[] body) {
    return new ApiResponse(status, "application/json", body);
  }

  public static ApiResponse empty(int status) {
    return new ApiResponse(status, null, new byte[0]);
  }

  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
