package io.hearth.scrape.config;

import java.util.List;
import java.util.Map;

/** One entry of {@code static_configs}: target addresses and labels shared by them. */
public record StaticConfig(List<String> targets, Map<String, String> labels) {
  public StaticConfig {
    targets = List.copyOf(targets);
    labels = Map.copyOf(labels);
  }
}
