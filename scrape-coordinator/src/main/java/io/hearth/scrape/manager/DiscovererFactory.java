package io.hearth.scrape.manager;

import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.Discoverer;
import java.util.List;

/**
 * Creates the discoverers of a job beyond static and file discovery (e.g. Kubernetes from
 * {@link ScrapeConfig#kubernetesSdConfigs()}). Called on the manager's thread when a job is
 * (re)created; the returned discoverers are started and closed by the manager.
 */
@FunctionalInterface
public interface DiscovererFactory {
  DiscovererFactory NONE = cfg -> List.of();

  List<Discoverer> create(ScrapeConfig cfg);
}
