package io.hearth.scrape.config;

import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.sharding.api.Labels;
import java.time.Duration;
import java.util.List;

/**
 * The {@code global} section with Prometheus's defaults applied: scrape_interval 1m, scrape_timeout
 * min(10s, scrape_interval), evaluation_interval 1m. {@code scrapeProtocols} stays null when not
 * set so each scrape config can pick its own default. Limits of 0 mean no limit.
 */
public record GlobalConfig(
    Duration scrapeInterval,
    Duration scrapeTimeout,
    Duration evaluationInterval,
    Duration ruleQueryOffset,
    Labels externalLabels,
    List<ScrapeProtocol> scrapeProtocols,
    long bodySizeLimit,
    long sampleLimit,
    long targetLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long keepDroppedTargets,
    NameValidationScheme metricNameValidationScheme,
    String metricNameEscapingScheme,
    String queryLogFile,
    String scrapeFailureLogFile,
    boolean scrapeNativeHistograms,
    boolean alwaysScrapeClassicHistograms,
    boolean convertClassicHistogramsToNhcb,
    boolean extraScrapeMetrics) {

  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

  public static final GlobalConfig DEFAULT = new GlobalConfig(DEFAULT_SCRAPE_INTERVAL, DEFAULT_SCRAPE_TIMEOUT,
      DEFAULT_EVALUATION_INTERVAL, Duration.ZERO, Labels.EMPTY, null, 0, 0, 0, 0, 0, 0, 0,
      NameValidationScheme.UTF8, "", "", "", false, false, false, false);
}
