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
 * @param limits bounds on each series' labels (a series beyond one is invalid and skipped)
 */
public record DecodeOptions(InvalidSeriesPolicy invalidSeries, NameValidation nameValidation, boolean sortUnsortedLabels,
    LabelLimits limits) {
  public static final DecodeOptions DEFAULT =
      new DecodeOptions(InvalidSeriesPolicy.SKIP, NameValidation.UTF8, false, LabelLimits.NONE);

  /**
   * Bounds on one series' labels; 0 means no bound.
   *
   * @param maxLabels labels per series, {@code __name__} included
   * @param maxNameLength bytes of a label name
   * @param maxValueLength bytes of a label value
   */
  public record LabelLimits(int maxLabels, int maxNameLength, int maxValueLength) {
    public static final LabelLimits NONE = new LabelLimits(0, 0, 0);
  }

  public DecodeOptions(InvalidSeriesPolicy invalidSeries, NameValidation nameValidation, boolean sortUnsortedLabels) {
    this(invalidSeries, nameValidation, sortUnsortedLabels, LabelLimits.NONE);
  }

  public DecodeOptions withLimits(LabelLimits l) {
    return new DecodeOptions(invalidSeries, nameValidation, sortUnsortedLabels, l);
  }

  public DecodeOptions {
    if (invalidSeries == null || nameValidation == null || limits == null) {
      throw new IllegalArgumentException("decode options need a policy and a name validation");
    }
  }

  public DecodeOptions withInvalidSeries(InvalidSeriesPolicy p) {
    return new DecodeOptions(p, nameValidation, sortUnsortedLabels, limits);
  }

  public DecodeOptions withNameValidation(NameValidation v) {
    return new DecodeOptions(invalidSeries, v, sortUnsortedLabels, limits);
  }

  public DecodeOptions withSortUnsortedLabels(boolean sort) {
    return new DecodeOptions(invalidSeries, nameValidation, sort, limits);
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
