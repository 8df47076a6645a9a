package io.hearth.scrape.loop;

import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.config.ScrapeProtocol;
import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;

/**
 * What a scrape loop needs from its job's configuration; the interval and timeout are the target's
 * own (from its {@code __scrape_interval__}/{@code __scrape_timeout__} labels). Limits of 0 mean none.
 *
 * @param createdTimestampZeroIngestion {@code --enable-feature=created-timestamp-zero-ingestion}: created
 *     timestamps (OpenMetrics {@code _created} lines, protobuf {@code created_timestamp}) become zero
 *     samples and {@code _created} lines are not stored
 */
public record LoopOptions(
    Duration interval,
    Duration timeout,
    boolean honorLabels,
    boolean honorTimestamps,
    boolean trackTimestampsStaleness,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    List<RelabelConfig> metricRelabelConfigs,
    NameValidationScheme validationScheme,
    ScrapeProtocol fallbackProtocol,
    boolean scrapeNativeHistograms,
    boolean alwaysScrapeClassicHistograms,
    boolean createdTimestampZeroIngestion) {

  /** Options without created-timestamp zero ingestion. */
  public LoopOptions(Duration interval, Duration timeout, boolean honorLabels, boolean honorTimestamps,
      boolean trackTimestampsStaleness, long sampleLimit, long labelLimit, long labelNameLengthLimit,
      long labelValueLengthLimit, List<RelabelConfig> metricRelabelConfigs, NameValidationScheme validationScheme,
      ScrapeProtocol fallbackProtocol, boolean scrapeNativeHistograms, boolean alwaysScrapeClassicHistograms) {
    this(interval, timeout, honorLabels, honorTimestamps, trackTimestampsStaleness, sampleLimit, labelLimit,
        labelNameLengthLimit, labelValueLengthLimit, metricRelabelConfigs, validationScheme, fallbackProtocol,
        scrapeNativeHistograms, alwaysScrapeClassicHistograms, false);
  }

  /** These options with created-timestamp zero ingestion on or off. */
  public LoopOptions withCreatedTimestampZeroIngestion(boolean on) {
    return new LoopOptions(interval, timeout, honorLabels, honorTimestamps, trackTimestampsStaleness, sampleLimit,
        labelLimit, labelNameLengthLimit, labelValueLengthLimit, metricRelabelConfigs, validationScheme,
        fallbackProtocol, scrapeNativeHistograms, alwaysScrapeClassicHistograms, on);
  }

  /** Options without native histograms ({@code scrape_native_histograms} false, the default). */
  public LoopOptions(Duration interval, Duration timeout, boolean honorLabels, boolean honorTimestamps,
      boolean trackTimestampsStaleness, long sampleLimit, long labelLimit, long labelNameLengthLimit,
      long labelValueLengthLimit, List<RelabelConfig> metricRelabelConfigs, NameValidationScheme validationScheme,
      ScrapeProtocol fallbackProtocol) {
    this(interval, timeout, honorLabels, honorTimestamps, trackTimestampsStaleness, sampleLimit, labelLimit,
        labelNameLengthLimit, labelValueLengthLimit, metricRelabelConfigs, validationScheme, fallbackProtocol, false,
        false);
  }

  public static LoopOptions of(ScrapeConfig c, Duration interval, Duration timeout) {
    return new LoopOptions(interval, timeout, c.honorLabels(), c.honorTimestamps(), c.trackTimestampsStaleness(),
        c.sampleLimit(), c.labelLimit(), c.labelNameLengthLimit(), c.labelValueLengthLimit(), c.metricRelabelConfigs(),
        c.metricNameValidationScheme(), c.fallbackScrapeProtocol(), c.scrapeNativeHistograms(),
        c.alwaysScrapeClassicHistograms());
  }
}
