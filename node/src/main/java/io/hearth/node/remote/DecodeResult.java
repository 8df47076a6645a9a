package io.hearth.node.remote;

/**
 * What one decode delivered to the sink and what it skipped.
 *
 * <p>{@code samples} and {@code histograms} count what was passed to the sink, not what storage
 * accepted: the 2.0 "written" headers must come from the sink's own counts of accepted samples
 * (see {@link RemoteWriteHeaders#written}). {@code exemplars} counts
 * the exemplars delivered to the sink.
 *
 * @param invalidSeriesMessage the messages of the skipped series joined by newlines (Go's
 *     {@code errors.Join}), the first 32 only; {@code null} when every series was valid. A 2.0
 *     handler answers 400 with it after committing the rest; a 1.0 handler answers 204 (Prometheus
 *     3.x) and only logs it.
 */
public record DecodeResult(
    int series,
    long samples,
    long histograms,
    long exemplars,
    int metadata,
    int invalidSeries,
    long invalidSeriesSamples,
    long invalidSeriesHistograms,
    String invalidSeriesMessage) {

  public boolean hasInvalidSeries() {
    return invalidSeries > 0;
  }
}
