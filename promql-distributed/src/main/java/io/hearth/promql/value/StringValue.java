package io.hearth.promql.value;

/** A string result at time {@code t} (ms). */
public record StringValue(long t, String s) implements Value {
  @Override public String resultType() { return "string"; }
}
