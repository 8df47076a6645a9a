package io.hearth.node.remote;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;

/** Counts one decode and applies the invalid-series policy; reused request after request. */
final class DecodeTally {
  static final int MAX_MESSAGES = 32;

  int series;
  long samples;
  long histograms;
  long exemplars;
  int metadata;
  int invalidSeries;
  long invalidSamples;
  long invalidHistograms;
  private StringBuilder messages;
  private int messageCount;

  void reset() {
    series = 0;
    samples = 0;
    histograms = 0;
    exemplars = 0;
    metadata = 0;
    invalidSeries = 0;
    invalidSamples = 0;
    invalidHistograms = 0;
    messages = null;
    messageCount = 0;
  }

  /** Records a skipped series, or throws under {@code REJECT_REQUEST}. */
  void invalid(DecodeOptions options, WriteSink sink, InvalidSeriesReason reason, String message, int nSamples, int nHistograms) {
    if (options.invalidSeries() == DecodeOptions.InvalidSeriesPolicy.REJECT_REQUEST) {
      throw new BadRequest(BadRequest.Reason.INVALID_SERIES, message);
    }
    invalidSeries++;
    invalidSamples += nSamples;
    invalidHistograms += nHistograms;
    if (messageCount < MAX_MESSAGES) {
      if (messages == null) {
        messages = new StringBuilder();
      } else {
        messages.append('\n');
      }
      messages.append(message);
      messageCount++;
    }
    sink.invalidSeries(reason, message, nSamples, nHistograms);
  }

  DecodeResult result() {
    String m = null;
    if (messages != null) {
      if (invalidSeries > messageCount) {
        messages.append("\n(and ").append(invalidSeries - messageCount).append(" more invalid series)");
      }
      m = messages.toString();
    }
    return new DecodeResult(series, samples, histograms, exemplars, metadata, invalidSeries, invalidSamples, invalidHistograms, m);
  }
}
