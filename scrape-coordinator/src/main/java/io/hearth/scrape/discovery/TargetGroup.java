package io.hearth.scrape.discovery;

import io.hearth.sharding.api.Labels;
import java.util.List;

/**
 * A set of targets sharing labels, identified by its source within a discoverer. A group with no
 * targets announces that the source has none any more.
 *
 * @param targets one label set per target (at least {@code __address__})
 * @param labels labels shared by all targets; a target's own labels win
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
  public TargetGroup {
    targets = List.copyOf(targets);
  }
}
