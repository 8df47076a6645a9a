package io.hearth.node.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response: status, content type, extra headers and body bytes. */
public final class ApiResponse {
  public final int status;
  public final String contentType;
  public final byte[] body;
  public final Map<String, String> headers = new LinkedHashMap<>();

  public ApiResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
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
