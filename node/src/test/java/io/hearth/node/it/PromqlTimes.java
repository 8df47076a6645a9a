package io.hearth.node.it;

import java.util.List;
import java.util.Map;

/**
 * When the PromQL differential tests evaluate {@code it/promql-queries.txt} over a {@link
 * SyntheticWorkload} starting at {@code t0}: instant queries at {@code a}, {@code b} and {@code c}
 * and a range query from {@code rangeStart} to {@code rangeEnd} at {@link #RANGE_STEP}. The times
 * are whole seconds 7, 17 or 43 seconds past a minute, so neither a sample nor a subquery step lies
 * on the left edge of a window, where Prometheus 2.42's closed windows and 3.x's left-open ones
 * differ; the known differences were established for exactly these times.
 */
record PromqlTimes(long t0, long a, long b, long c, long rangeStart, long rangeEnd) {
  static final long RANGE_STEP = 60_000;
  private static final long MIN = 60_000;

  /** Times for data whose last sample lies in the minute before now (t0 is 50 minutes ago, a whole minute). */
  static PromqlTimes endingNow() {
    long t0 = System.currentTimeMillis() / MIN * MIN - 50 * MIN;
    return new PromqlTimes(t0, t0 + 17 * MIN + 17_000, t0 + 31 * MIN + 43_000, t0 + 48 * MIN + 7_000, t0 + 20 * MIN + 17_000,
        t0 + 52 * MIN + 17_000);
  }

  long[] instants() {
    return new long[] {a, b, c};
  }

  /** The parameters of {@code /api/v1/query} for {@code query} at {@code time}. */
  static List<Map.Entry<String, String>> instantParams(String query, long time) {
    return List.of(Map.entry("query", query), Map.entry("time", PromApiClient.time(time)));
  }

  /** The parameters of {@code /api/v1/query_range} for {@code query} over the range. */
  List<Map.Entry<String, String>> rangeParams(String query) {
    return List.of(Map.entry("query", query), Map.entry("start", PromApiClient.time(rangeStart)),
        Map.entry("end", PromApiClient.time(rangeEnd)), Map.entry("step", (RANGE_STEP / 1000) + "s"));
  }

  /** The query with its time placeholders filled in (seconds with millisecond fraction). */
  String fill(String template) {
    return template.replace("${A}", PromApiClient.time(a)).replace("${B}", PromApiClient.time(b))
        .replace("${C}", PromApiClient.time(c)).replace("${T0}", PromApiClient.time(t0));
  }

  /** For report headers: {@code t0=..., instant at ..., ..., ..., range ....  step 60s}. */
  @Override
  public String toString() {
    return "t0=" + PromApiClient.time(t0) + ", instant at " + PromApiClient.time(a) + ", " + PromApiClient.time(b) + ", "
        + PromApiClient.time(c) + ", range " + PromApiClient.time(rangeStart) + ".." + PromApiClient.time(rangeEnd) + " step "
        + RANGE_STEP / 1000 + "s";
  }
}
