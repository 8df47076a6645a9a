package io.hearth.promql.value;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;

/** One element of an instant vector: a float ({@code h == null}) or a histogram sample. */
public record Sample(Labels labels, long t, double f, FloatHistogram h) {
  public static Sample ofFloat(Labels labels, long t, double f) {
    return new Sample(labels, t, f, null);
  }

  public boolean isHistogram() {
    return h != null;
  }
}
