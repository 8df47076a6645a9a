package io.hearth.scrape.relabel;

/** An invalid relabel configuration; the message is worded as Prometheus words it. */
public final class RelabelConfigException extends IllegalArgumentException {
  public RelabelConfigException(String message) {
    super(message);
  }

  public RelabelConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
