package io.hearth.node.remote;

/**
 * How the remote-write decoders treat series whose labels break a rule.
 *
 * <p>{@link #DEFAULT} is what Prometheus 3.x does: an invalid series is skipped and reported to
 * {@link WriteSink#invalidSeries}, the rest of the request is still delivered (1.0: Prometheus
 * answers 204 and counts the drop; 2.0: Prometheus writes the rest and answers 400 with the joined
 * messages, see {@link DecodeResult#invalidSeriesMessage()}); names are validated as UTF-8, which
 * is what Prometheus 3.x's write handler hard-codes whatever the configured scheme.
 *
 * @param invalidSeries skip the series, or refuse the whole request
 * @param nameValidation UTF-8 (Prometheus 3.x) or legacy ({@code [a-zA-Z_][a-zA-Z0-9_]*}, metric
 *     names also {@code :}) name rules
 * @param sortUnsortedLabels whether to sort label names that arrive out of order (what Prometheus
 *     does silently) instead of refusing the series as {@link InvalidSeriesReason#UNSORTED_LABEL_NAMES};
 *     both specs say senders MUST sort, and Hearth refuses by default
 */
public record DecodeOptions(InvalidSeriesPolicy invalidSeries, NameValidation nameValidation, boolean sortUnsortedLabels) {
  public static final DecodeOptions DEFAULT = new DecodeOptions(InvalidSeriesPolicy.SKIP, NameValidation.UTF8, false);

  public DecodeOptions {
    if (invalidSeries == null || nameValidation == null) {
      throw new IllegalArgumentException("decode options need a policy and a name validation");
    }
  }

  public DecodeOptions withInvalidSeries(InvalidSeriesPolicy p) {
    return new DecodeOptions(p, nameValidation, sortUnsortedLabels);
  }

  public DecodeOptions withNameValidation(NameValidation v) {
    return new DecodeOptions(invalidSeries, v, sortUnsortedLabels);
  }

  public DecodeOptions withSortUnsortedLabels(boolean sort) {
    return new DecodeOptions(invalidSeries, nameValidation, sort);
  }

  public enum InvalidSeriesPolicy {
    /** Skip the series and go on (Prometheus 3.x, both versions). */
    SKIP,
    /**
     * Throw {@link RemoteProtocolException.BadRequest} ({@code INVALID_SERIES}) at the first invalid
     * series; the caller rolls back what the sink staged. What the 1.0 spec's "MUST reject" reads as.
     */
    REJECT_REQUEST
  }

  public enum NameValidation {
    UTF8, LEGACY
  }
}
