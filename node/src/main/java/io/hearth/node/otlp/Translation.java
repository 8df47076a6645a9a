package io.hearth.node.otlp;

import java.util.List;

/**
 * What one translation left out: data points refused (delta temporality, a scale below -4, a name
 * or label that cannot be made valid, labels over the limits) and the first messages saying why,
 * in Prometheus 3's words where it has them. OTLP reports these as a partial success.
 *
 * @param rejectedDataPoints data points not delivered to the sink
 * @param errors the first {@value OtlpTranslator#MAX_ERRORS} distinct messages
 */
public record Translation(long rejectedDataPoints, List<String> errors) {
  public Translation {
    errors = List.copyOf(errors);
  }

  /** The messages joined by {@code ; }, empty when there are none. */
  public String errorMessage() {
    return String.join("; ", errors);
  }
}
