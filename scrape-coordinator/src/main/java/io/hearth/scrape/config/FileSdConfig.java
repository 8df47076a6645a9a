package io.hearth.scrape.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code file_sd_configs}: file patterns ({@code *} allowed in the last path element)
 * of JSON or YAML target group files, re-read every {@code refresh_interval} (default 5m) and
 * whenever their modification time changes.
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  public FileSdConfig {
    files = List.copyOf(files);
  }
}
