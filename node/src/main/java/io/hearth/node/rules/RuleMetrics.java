package io.hearth.node.rules;

import java.util.Collection;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code hearth_rule_*} figures, named as Prometheus's {@code prometheus_rule_*}: per group
 * (label {@code rule_group="file;name"}) evaluations, failures, iterations, missed iterations,
 * rules, interval, last duration, last evaluation timestamp and samples, and the group duration
 * summary (sum and count). Thread-safe.
 */
public final class RuleMetrics {
  private RuleMetrics() {}

  /** One group's counters; they survive reloads of the same group (same key). */
  public static final class Group {
    final LongAdder evaluations = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder iterations = new LongAdder();
    final LongAdder missed = new LongAdder();
    final DoubleAdder durationSum = new DoubleAdder();
    volatile long lastSamples;
  }

  /** Renders the figures of {@code groups} in the text format 0.0.4. */
  static String render(Collection<RuleGroup> groups) {
    StringBuilder sb = new StringBuilder(4096);
    double sum = 0;
    long count = 0;
    for (RuleGroup g : groups) {
      sum += g.metrics.durationSum.sum();
      count += g.metrics.iterations.sum();
    }
    header(sb, "hearth_rule_group_duration_seconds", "summary", "The duration of rule group evaluations.");
    sb.append("hearth_rule_group_duration_seconds_sum ").append(num(sum)).append('\n');
    sb.append("hearth_rule_group_duration_seconds_count ").append(count).append('\n');
    family(sb, groups, "hearth_rule_evaluations_total", "counter", "The total number of rule evaluations.",
        g -> g.metrics.evaluations.sum());
    family(sb, groups, "hearth_rule_evaluation_failures_total", "counter", "The total number of rule evaluation failures.",
        g -> g.metrics.failures.sum());
    family(sb, groups, "hearth_rule_group_iterations_total", "counter",
        "The total number of scheduled rule group evaluations, whether executed or missed.",
        g -> g.metrics.iterations.sum() + g.metrics.missed.sum());
    family(sb, groups, "hearth_rule_group_iterations_missed_total", "counter",
        "The total number of rule group evaluations missed due to slow rule group evaluation.", g -> g.metrics.missed.sum());
    family(sb, groups, "hearth_rule_group_interval_seconds", "gauge", "The interval of a rule group.",
        g -> g.intervalNs / 1e9);
    family(sb, groups, "hearth_rule_group_last_duration_seconds", "gauge",
        "The duration of the last rule group evaluation.", g -> g.lastDurationSeconds);
    family(sb, groups, "hearth_rule_group_last_evaluation_samples", "gauge",
        "The number of samples returned during the last rule group evaluation.", g -> g.metrics.lastSamples);
    family(sb, groups, "hearth_rule_group_last_evaluation_timestamp_seconds", "gauge",
        "The timestamp of the last rule group evaluation in seconds.", g -> g.lastEvalTimestampNs / 1e9);
    family(sb, groups, "hearth_rule_group_rules", "gauge", "The number of rules.", g -> g.rules.size());
    return sb.toString();
  }

  private static void header(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void family(StringBuilder sb, Collection<RuleGroup> groups, String name, String type, String help,
      java.util.function.ToDoubleFunction<RuleGroup> value) {
    header(sb, name, type, help);
    for (RuleGroup g : groups) {
      sb.append(name).append("{rule_group=\"").append(escape(g.spec.key())).append("\"} ")
          .append(num(value.applyAsDouble(g))).append('\n');
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String num(double v) {
    return io.hearth.scrape.gofmt.GoFloat.formatG(v);
  }
}
