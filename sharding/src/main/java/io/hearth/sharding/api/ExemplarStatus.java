package io.hearth.sharding.api;

/**
 * The outcome of appending one exemplar. Exemplars are best effort, as in Prometheus: a refused one
 * never fails the request or scrape it came with; it is counted by this value. The enum only grows.
 */
public enum ExemplarStatus {
  /** Staged (stored on commit, unless it is out of order or a duplicate by then). */
  OK("ok"),
  /** Exemplar storage is off ({@code storage.exemplars.max_exemplars: 0}) or the store takes none. */
  DISABLED("exemplar storage is disabled or max exemplars is less than or equal to 0"),
  /** More than {@link Exemplar#MAX_LABEL_SET_LENGTH} characters of label names and values. */
  LABELS_TOO_LONG("exemplar label set is too long: label length for exemplar exceeds maximum of "
      + Exemplar.MAX_LABEL_SET_LENGTH + " UTF-8 characters"),
  /** At or before the timestamp of the series' newest stored exemplar, and not the same exemplar. */
  OUT_OF_ORDER("out of order exemplar"),
  /** The same as the series' newest stored exemplar: ignored, not an error. */
  DUPLICATE("duplicate exemplar");

  private final String message;

  ExemplarStatus(String message) {
    this.message = message;
  }

  /** Prometheus's wording of the refusal. */
  public String message() {
    return message;
  }
}
