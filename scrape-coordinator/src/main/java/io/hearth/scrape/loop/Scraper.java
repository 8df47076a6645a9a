package io.hearth.scrape.loop;

/**
 * Fetches one exposition from a target. Implementations must bound every call by the scrape
 * timeout they were created with, and enforce the body size limit on the uncompressed body.
 * Called by one scrape loop at a time (not concurrently for the same target).
 */
public interface Scraper {
  /**
   * @return the uncompressed body and its Content-Type
   * @throws ScrapeException with Prometheus's wording ({@code server returned HTTP status 500
   *     Internal Server Error}, {@code body size limit exceeded}, {@code Get "url": context
   *     deadline exceeded})
   */
  ScrapeResponse scrape() throws ScrapeException;

  /** A fetched exposition: {@code body[0, length)} with the response's Content-Type (maybe empty). */
  record ScrapeResponse(byte[] body, int length, String contentType) {}
}
