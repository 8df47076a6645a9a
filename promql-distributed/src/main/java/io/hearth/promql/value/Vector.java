package io.hearth.promql.value;

import java.util.List;

/** An instant vector. The order is the engine's (sorted only where PromQL sorts). */
public record Vector(List<Sample> samples) implements Value {
  @Override public String resultType() { return "vector"; }
}
