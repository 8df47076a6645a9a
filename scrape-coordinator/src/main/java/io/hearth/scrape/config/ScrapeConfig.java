package io.hearth.scrape.config;

import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry with defaults applied and globals inherited exactly as
 * Prometheus's {@code ScrapeConfig.Validate} does. Immutable; equality is value equality, which the
 * scrape manager uses to decide whether a job changed on reload.
 *
 * @param params URL query parameters added to every scrape of the job
 * @param fallbackScrapeProtocol the format assumed when a target sends no or an unknown
 *     Content-Type; null when not set
 * @param kubernetesSdConfigs {@code kubernetes_sd_configs} kept raw for the Kubernetes discoverer
 * @param otherSdConfigs other recognised Prometheus {@code *_sd_configs} kept raw, not acted on
 */
public record ScrapeConfig(
    String jobName,
    boolean honorLabels,
    boolean honorTimestamps,
    boolean trackTimestampsStaleness,
    Map<String, List<String>> params,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    List<ScrapeProtocol> scrapeProtocols,
    ScrapeProtocol fallbackScrapeProtocol,
    boolean scrapeNativeHistograms,
    boolean alwaysScrapeClassicHistograms,
    boolean convertClassicHistogramsToNhcb,
    String scrapeFailureLogFile,
    String metricsPath,
    String scheme,
    boolean enableCompression,
    long bodySizeLimit,
    long sampleLimit,
    long targetLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long nativeHistogramBucketLimit,
    double nativeHistogramMinBucketFactor,
    long keepDroppedTargets,
    NameValidationScheme metricNameValidationScheme,
    String metricNameEscapingScheme,
    boolean extraScrapeMetrics,
    HttpClientConfig httpClientConfig,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<Object> kubernetesSdConfigs,
    Map<String, Object> otherSdConfigs) {

  public static final String DEFAULT_METRICS_PATH = "/metrics";
  public static final String DEFAULT_SCHEME = "http";

  /** A minimal valid config for a job with static targets, all else defaulted (handy in tests). */
  public static ScrapeConfig forStaticTargets(String jobName, Duration interval, Duration timeout, String... targets) {
    return new ScrapeConfig(jobName, false, true, false, Map.of(), interval, timeout, ScrapeProtocol.DEFAULT, null,
        false, false, false, "", DEFAULT_METRICS_PATH, DEFAULT_SCHEME, true, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        NameValidationScheme.UTF8, "allow-utf-8", false, HttpClientConfig.DEFAULT, List.of(), List.of(),
        List.of(new StaticConfig(List.of(targets), Map.of())), List.of(), List.of(), Map.of());
  }
}
