package io.hearth.promql.engine;

/**
 * Engine limits and defaults, as Prometheus's flags: {@code --query.lookback-delta} (5m),
 * {@code --query.max-samples} (50,000,000), {@code --query.timeout} (2m).
 */
public record EngineOptions(long lookbackDeltaMs, long maxSamples, long timeoutMs) {
  public static EngineOptions defaults() {
    return new EngineOptions(5 * 60_000L, 50_000_000L, 120_000L);
  }
}
