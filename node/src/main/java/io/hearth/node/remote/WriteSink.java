package io.hearth.node.remote;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;

/**
 * Receives a remote-write request as it is decoded, series by series.
 *
 * <p>Order: {@link #series} starts a series; {@link #createdTimestamp} (2.0, or an OTLP data
 * point's start time; when non-zero), then
 * its {@link #sample}s, {@link #histogram}s and {@link #exemplar}s follow in wire order, then its {@link #metadata}
 * (2.0); the next {@link #series} ends it. 1.0 request-level metadata arrives where it sits on the
 * wire, between series. A series whose labels break a rule never reaches {@link #series}: it is
 * reported once to {@link #invalidSeries} and its samples are dropped.
 *
 * <p><b>Staging and rollback.</b> The decoder streams: it does not validate the whole body first.
 * If {@code decode} throws (a malformed protobuf found after earlier series were delivered, an
 * invalid native histogram, or an invalid series under {@link
 * DecodeOptions.InvalidSeriesPolicy#REJECT_REQUEST}), everything delivered so far for that request
 * must be discarded: a sink stages into an {@code Appender} and the caller calls {@code rollback()}
 * on exception and {@code commit()} only after {@code decode} returns. Nothing is then applied from
 * a request that fails, as in Prometheus (which unmarshals fully before appending).
 *
 * <p><b>Ownership.</b> {@link Labels} are new immutable objects, free to keep. The {@link
 * FloatHistogram} passed to {@link #histogram} and its arrays are reused by the decoder for the next
 * histogram: copy what you keep. Calls come from the decoding thread only; implementations need not
 * be thread-safe. Samples are passed as primitives: no object is made per sample.
 */
public interface WriteSink {
  /** Starts a series; {@code labels} are valid, sorted, unique, and without empty values. */
  void series(Labels labels);

  /** A float sample of the current series; the value's bits are as sent (stale NaN survives). */
  void sample(long t, double v);

  /** A native histogram sample of the current series, counts made absolute; {@code h} is reused. */
  void histogram(long t, FloatHistogram h);

  /**
   * An exemplar of the current series, in wire order after the series started: its labels (empty
   * values dropped, not otherwise validated: storage checks their length), value and timestamp
   * ({@code 0} when the sender gave none: an exemplar at time 0 counts as one without a timestamp,
   * as in Prometheus). Only bodies that carry exemplars make this call.
   */
  default void exemplar(Labels labels, double value, long timestamp) {}

  /**
   * The current series' created timestamp (remote write 2.0's, or an OTLP data point's start time),
   * when the sender gave one (non-zero), before the series' first sample.
   */
  default void createdTimestamp(long createdMs) {}

  /**
   * Metric metadata: 1.0 request-level entries, or 2.0 per-series metadata with {@code
   * metricFamilyName} set to the series' {@code __name__}. Help and unit may be empty.
   */
  default void metadata(String metricFamilyName, MetricType type, String help, String unit) {}

  /**
   * A series skipped under {@link DecodeOptions.InvalidSeriesPolicy#SKIP}, with Prometheus's
   * message and how many samples and histograms it carried (Prometheus counts them in {@code
   * prometheus_api_remote_write_invalid_labels_samples_total}).
   */
  default void invalidSeries(InvalidSeriesReason reason, String message, int samples, int histograms) {}
}
