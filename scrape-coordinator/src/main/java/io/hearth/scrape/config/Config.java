package io.hearth.scrape.config;

import io.hearth.sharding.api.text.PromDuration;
import java.util.List;
import java.util.Map;

/**
 * A whole prometheus.yml, parsed and validated by {@link ConfigLoader}. Scraping acts on
 * {@link #global()} and {@link #scrapeConfigs()}, the notifier on {@link #alerting()}, OTLP ingest on
 * {@link #otlp()};
 * {@code rule_files}, {@code remote_write}, {@code remote_read} and the other top-level sections
 * are accepted and kept (as plain maps/lists) but not acted on here.
 */
public record Config(
    GlobalConfig global,
    List<String> ruleFiles,
    List<String> scrapeConfigFiles,
    List<ScrapeConfig> scrapeConfigs,
    AlertingConfig alerting,
    List<Object> remoteWrite,
    List<Object> remoteRead,
    Map<String, Object> otherSections,
    OtlpConfig otlp) {

  public static final Config EMPTY =
      new Config(GlobalConfig.DEFAULT, List.of(), List.of(), List.of(), AlertingConfig.EMPTY, List.of(), List.of(), Map.of(),
      OtlpConfig.DEFAULT);

  /**
   * {@code storage.tsdb.out_of_order_time_window} in milliseconds, 0 when absent.
   *
   * @throws IllegalArgumentException when it is not a duration
   */
  public long outOfOrderTimeWindowMs() {
    if (!(otherSections.get("storage") instanceof Map<?, ?> storage)) return 0;
    if (!(storage.get("tsdb") instanceof Map<?, ?> tsdb)) return 0;
    Object w = tsdb.get("out_of_order_time_window");
    return w == null ? 0 : PromDuration.parseConfig(String.valueOf(w)).toMillis();
  }

  /** Prometheus's default of {@code storage.exemplars.max_exemplars} with exemplar storage on. */
  public static final int DEFAULT_MAX_EXEMPLARS = 100_000;
  /** The largest {@code max_exemplars} taken: the ring is allocated up front (about 16 bytes a slot). */
  public static final int MAX_MAX_EXEMPLARS = 10_000_000;

  /**
   * {@code storage.exemplars.max_exemplars}: {@value #DEFAULT_MAX_EXEMPLARS} when absent, 0 (off) when
   * negative, as Prometheus.
   *
   * @throws IllegalArgumentException when it is not an integer or above {@value #MAX_MAX_EXEMPLARS}
   */
  public int maxExemplars() {
    if (!(otherSections.get("storage") instanceof Map<?, ?> storage)) return DEFAULT_MAX_EXEMPLARS;
    if (!(storage.get("exemplars") instanceof Map<?, ?> exemplars)) return DEFAULT_MAX_EXEMPLARS;
    Object n = exemplars.get("max_exemplars");
    if (n == null) return DEFAULT_MAX_EXEMPLARS;
    long v;
    try {
      v = Long.parseLong(String.valueOf(n).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer: " + n);
    }
    if (v > MAX_MAX_EXEMPLARS) {
      throw new IllegalArgumentException(v + " is above the largest value taken, " + MAX_MAX_EXEMPLARS
          + " (the buffer is allocated up front)");
    }
    return (int) Math.max(0, v);
  }

  /** The scrape config for a job, or null. */
  public ScrapeConfig scrapeConfig(String jobName) {
    for (ScrapeConfig c : scrapeConfigs) {
      if (c.jobName().equals(jobName)) return c;
    }
    return null;
  }
}
