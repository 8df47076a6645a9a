package io.hearth.sharding.api;

/**
 * An exemplar attached to a sample of a series: its own labels (a trace id, typically), a value and
 * a timestamp in milliseconds. Immutable.
 *
 * @param labels the exemplar's labels (empty values already dropped, as {@link Labels} does)
 * @param hasTimestamp false when the source gave no timestamp (a scraped exemplar without one: the
 *     scrape's time stands in, and two such exemplars with the same labels and value are the same)
 */
public record Exemplar(Labels labels, double value, long timestamp, boolean hasTimestamp) {
  /** At most this many UTF-8 characters of label names and values together, as Prometheus. */
  public static final int MAX_LABEL_SET_LENGTH = 128;

  /**
   * Prometheus's {@code Exemplar.Equals}: same labels, same value bits' meaning ({@code ==}), and
   * the same timestamp when either has one.
   */
  public boolean sameAs(Exemplar o) {
    if (!labels.equals(o.labels)) return false;
    if ((hasTimestamp || o.hasTimestamp) && timestamp != o.timestamp) return false;
    return value == o.value;
  }

  /** Characters (code points) of label names and values together, the measure of {@link #MAX_LABEL_SET_LENGTH}. */
  public int labelSetLength() {
    int n = 0;
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      String value = labels.value(i);
      n += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
    }
    return n;
  }
}
