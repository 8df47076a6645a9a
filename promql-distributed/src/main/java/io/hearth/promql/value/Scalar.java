package io.hearth.promql.value;

/** A scalar result at time {@code t} (ms). */
public record Scalar(long t, double v) implements Value {
  @Override public String resultType() { return "scalar"; }
}
