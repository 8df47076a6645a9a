package io.hearth.promql.engine;

/**
 * A query failure, typed by the Prometheus HTTP API {@code errorType} it maps to. The HTTP edge
 * maps {@link #errorType()} to a status code in one place; nobody parses the message.
 */
public class PromQLException extends RuntimeException {
  /** Prometheus's error types. */
  public enum ErrorType {
    BAD_DATA("bad_data"), EXECUTION("execution"), TIMEOUT("timeout"), CANCELED("canceled"),
    INTERNAL("internal"), UNAVAILABLE("unavailable");

    public final String wire;

    ErrorType(String wire) {
      this.wire = wire;
    }
  }

  private final ErrorType errorType;

  public PromQLException(ErrorType errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public PromQLException(ErrorType errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  public ErrorType errorType() {
    return errorType;
  }

  /** A syntax error: the message is Prometheus's text, e.g. {@code 1:14: parse error: unexpected ...}. */
  public static PromQLException parse(String message) {
    return new PromQLException(ErrorType.BAD_DATA, message);
  }

  /** A runtime error such as {@code vector cannot contain metrics with the same labelset}. */
  public static PromQLException execution(String message) {
    return new PromQLException(ErrorType.EXECUTION, message);
  }
}
