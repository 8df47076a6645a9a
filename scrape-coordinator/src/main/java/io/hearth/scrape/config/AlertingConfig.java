package io.hearth.scrape.config;

import io.hearth.scrape.relabel.RelabelConfig;
import java.util.List;

/**
 * prometheus.yml's {@code alerting} section: {@code alert_relabel_configs} applied to every alert
 * before it is queued, and the {@code alertmanagers} to send to. Immutable.
 */
public record AlertingConfig(List<RelabelConfig> alertRelabelConfigs, List<AlertmanagerConfig> alertmanagers) {
  public static final AlertingConfig EMPTY = new AlertingConfig(List.of(), List.of());

  public AlertingConfig {
    alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
    alertmanagers = List.copyOf(alertmanagers);
  }
}
