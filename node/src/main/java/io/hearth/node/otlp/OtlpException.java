package io.hearth.node.otlp;

/**
 * A request the OTLP endpoint refuses as a whole, with the HTTP status it answers: 400 for a body
 * that does not decode, 413 for one that inflates past the bound, 415 for an unknown content type.
 * The message names what was wrong.
 */
public final class OtlpException extends RuntimeException {
  private final int httpStatus;

  public OtlpException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
