package io.hearth.promql.value;

/** A PromQL result value: one of the four kinds of the Prometheus HTTP API's {@code resultType}. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
  /** {@code scalar}, {@code string}, {@code vector} or {@code matrix}. */
  String resultType();
}
