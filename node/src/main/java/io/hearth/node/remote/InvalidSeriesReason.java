package io.hearth.node.remote;

/** Why a series' labels were refused, for metrics. The enum only grows. */
public enum InvalidSeriesReason {
  /** No {@code __name__} label. */
  MISSING_METRIC_NAME,
  /** {@code __name__} is empty (or not a legacy metric name under legacy validation). */
  INVALID_METRIC_NAME,
  /** A label name is the empty string. */
  EMPTY_LABEL_NAME,
  /** A label name is not a legacy name under legacy validation. */
  INVALID_LABEL_NAME,
  /** A label name or value is not valid UTF-8. */
  INVALID_UTF8,
  /** The same label name twice. */
  DUPLICATE_LABEL_NAME,
  /** Label names not in ascending byte order (the specs' MUST). */
  UNSORTED_LABEL_NAMES,
  /** 2.0 only: an odd number of label references, or one past the symbols table. */
  INVALID_SYMBOL_REFERENCE,
  /** More labels than {@code --remote-write.max-labels-per-series}. */
  TOO_MANY_LABELS,
  /** A label name longer than {@code --remote-write.max-label-name-length}. */
  LABEL_NAME_TOO_LONG,
  /** A label value longer than {@code --remote-write.max-label-value-length}. */
  LABEL_VALUE_TOO_LONG
}
