package io.hearth.node.http;

/**
 * An error to answer as Prometheus does: {@code {"status":"error","errorType":...,"error":...}}
 * with the status code Prometheus uses for that type, or as plain text for endpoints (remote
 * write) that answer in text.
 */
public final class ApiException extends RuntimeException {
  public final int status;
  public final String errorType;
  public final boolean plainText;
  public final String retryAfter;

  public ApiException(int status, String errorType, String message, boolean plainText, String retryAfter) {
    super(message);
    this.status = status;
    this.errorType = errorType;
    this.plainText = plainText;
    this.retryAfter = retryAfter;
  }

  public static ApiException badData(String message) {
    return new ApiException(400, "bad_data", message, false, null);
  }

  public static ApiException execution(String message) {
    return new ApiException(422, "execution", message, false, null);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message, false, "1");
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, false, null);
  }

  public static ApiException internal(String message) {
    return new ApiException(500, "internal", message, false, null);
  }

  /** A plain-text error (remote write, lifecycle endpoints). */
  public static ApiException text(int status, String message) {
    return new ApiException(status, null, message, true, status == 429 || status == 503 ? "1" : null);
  }
}
