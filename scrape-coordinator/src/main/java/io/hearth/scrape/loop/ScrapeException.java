package io.hearth.scrape.loop;

/** A failed scrape (transport, HTTP status, size limit): the target is marked down with this message. */
public final class ScrapeException extends Exception {
  public ScrapeException(String message) {
    super(message, null, false, false);
  }

  public ScrapeException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
