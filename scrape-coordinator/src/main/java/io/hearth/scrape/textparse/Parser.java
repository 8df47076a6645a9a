package io.hearth.scrape.textparse;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;

/**
 * A pull parser over one exposition held in a byte array, as Prometheus's textparse.Parser:
 * {@link #next()} moves to the next entry and returns its kind; accessors read the current entry
 * and are valid only until the next call to {@link #next()}.
 *
 * <p>No object is created per sample unless asked for: {@link #seriesBytes()} with
 * {@link #seriesOffset()}/{@link #seriesLength()} expose the raw series text (e.g.
 * {@code a{b="c"}}) for cache lookups, {@link #value()} and {@link #timestamp()} are primitives;
 * {@link #labels()} builds the label set. The parser reads but never modifies or keeps the array
 * beyond its own lifetime. Not thread-safe.
 */
public interface Parser {
  /**
   * Moves to the next entry.
   *
   * @return the kind of entry, {@link Entry#EOF} at the end (and forever after)
   * @throws ParseException on malformed input, with Prometheus's message and the line
   */
  Entry next();

  /** The array holding the raw series text of the current sample. */
  byte[] seriesBytes();

  int seriesOffset();

  int seriesLength();

  /** The sample value; NaN values are Prometheus's normal NaN, never the staleness marker. */
  double value();

  boolean hasTimestamp();

  /** The sample timestamp in milliseconds, valid when {@link #hasTimestamp()}. */
  long timestamp();

  /**
   * The native histogram of the current {@link Entry#HISTOGRAM} entry, newly built (the caller may
   * keep it); bucket counts are absolute and empty buckets are dropped, as Prometheus's Compact(0).
   *
   * @throws IllegalStateException when the current entry is not a native histogram
   */
  default FloatHistogram histogram() {
    throw new IllegalStateException("not on a native histogram");
  }

  /** The labels of the current sample, {@code __name__} included, escapes resolved. */
  Labels labels();

  /**
   * Fills {@code into} with the current sample's exemplar, if any.
   *
   * @return whether there was one (only ever once per sample)
   */
  boolean exemplar(Exemplar into);

  /**
   * The created timestamp (ms) of the current sample's counter, summary or histogram, as
   * Prometheus's {@code CreatedTimestamp()}; 0 when there is none or the format does not say.
   * Meant to be asked only when created timestamps are ingested: it may read ahead.
   */
  default long createdTimestamp() {
    return 0;
  }

  /** The metric family name of the current TYPE, HELP or UNIT entry. */
  String metricFamily();

  /** The type of the current TYPE entry. */
  MetricType type();

  /** The text of the current HELP entry, escapes resolved. */
  String help();

  /** The unit of the current UNIT entry. */
  String unit();

  /** The text of the current COMMENT entry, {@code #} included. */
  String comment();

  /** The 1-based line of the current entry (computed on demand); 0 for formats without lines. */
  int line();
}
