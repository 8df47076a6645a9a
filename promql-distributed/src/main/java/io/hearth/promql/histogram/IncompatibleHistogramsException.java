package io.hearth.promql.histogram;

/**
 * Two histograms cannot be combined: one uses exponential buckets and the other custom buckets
 * (Prometheus's {@code ErrHistogramsIncompatibleSchema}). Callers turn it into an annotation.
 */
public final class IncompatibleHistogramsException extends RuntimeException {
  public IncompatibleHistogramsException() {
    super("cannot apply this operation on histograms with a mix of exponential and custom bucket schemas", null,
        false, false);
  }
}
