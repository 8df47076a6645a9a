package io.hearth.promql.value;

import java.util.List;

/** A range vector (the result of a range query, or of an instant query for {@code x[5m]}). */
public record Matrix(List<RangeSeries> series) implements Value {
  @Override public String resultType() { return "matrix"; }
}
