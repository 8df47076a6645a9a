package io.hearth.promql.planner;

import java.util.List;

/**
 * Partial series and rendered annotations ({@code PromQL warning: ...}) of one or more shards'
 * evaluation of a {@link Fragment}.
 */
public record FragmentResult(List<PartialSeries> series, List<String> warnings, List<String> infos) {
  public FragmentResult {
    series = List.copyOf(series);
    warnings = List.copyOf(warnings);
    infos = List.copyOf(infos);
  }
}
