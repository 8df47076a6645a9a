package io.hearth.promql.engine;

import io.hearth.promql.ast.PosRange;
import io.hearth.promql.parser.Positions;
import io.hearth.sharding.api.text.GoQuote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The warnings and infos a query collects, rendered as Prometheus 3.x renders them: {@code PromQL
 * warning: <text> (<line>:<col>)}, deduplicated by their rendered text. Message texts follow
 * Prometheus's {@code util/annotations}. Not thread-safe (one per query).
 */
final class Annotations {
  private final String query;
  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> infos = new LinkedHashSet<>();

  Annotations(String query) {
    this.query = query;
  }

  void warn(String text, PosRange pos) {
    warnings.add("PromQL warning: " + text + position(pos));
  }

  void info(String text, PosRange pos) {
    infos.add("PromQL info: " + text + position(pos));
  }

  private String position(PosRange pos) {
    if (pos == null) {
      return "";
    }
    return " (" + Positions.lineCol(query, pos) + ")";
  }

  /** Adds annotations already rendered (by a shard evaluating a fragment of this query). */
  void addRendered(List<String> renderedWarnings, List<String> renderedInfos) {
    warnings.addAll(renderedWarnings);
    infos.addAll(renderedInfos);
  }

  List<String> warnings() {
    return new ArrayList<>(warnings);
  }

  List<String> infos() {
    return new ArrayList<>(infos);
  }

  static String quote(String s) {
    return GoQuote.quote(s);
  }

  static String withMetric(String text, String metricName) {
    return metricName.isEmpty() ? text : text + " for metric name " + quote(metricName);
  }

  // The texts of Prometheus's annotations, as functions of their facts.

  static String mixedFloatsHistograms(String metric) {
    return "encountered a mix of histograms and floats for metric name " + quote(metric);
  }

  static String mixedFloatsHistogramsAgg() {
    return "encountered a mix of histograms and floats for aggregation";
  }

  static String mixedExponentialCustom(String metric) {
    return "vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
        + quote(metric);
  }

  static String notCounter(String metric) {
    return "this native histogram metric is not a counter: " + quote(metric);
  }

  static String notGauge(String metric) {
    return "this native histogram metric is not a gauge: " + quote(metric);
  }

  static String possibleNonCounter(String metric) {
    return "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " + quote(metric);
  }

  static String invalidQuantile(double q) {
    return "quantile value should be between 0 and 1, got " + io.hearth.promql.ast.Printing.goFloat(q);
  }

  static String invalidRatio(double r, double to) {
    return "ratio value should be between -1 and 1, got " + io.hearth.promql.ast.Printing.goFloat(r)
        + ", capping to " + io.hearth.promql.ast.Printing.goFloat(to);
  }

  static String badBucketLabel(String metric, String le) {
    return withMetric("bucket label \"le\" is missing or has a malformed value of " + quote(le), metric);
  }

  static String mixedClassicNative(String metric) {
    return withMetric("vector contains a mix of classic and native histograms", metric);
  }

  static String forcedMonotonicity(String metric) {
    return withMetric("input to histogram_quantile needed to be fixed for monotonicity (see "
        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)", metric);
  }

  static String incompatibleTypes(String lhs, String op, String rhs) {
    return "incompatible sample types encountered for binary operator " + quote(op) + ": " + lhs + " " + op + " "
        + rhs;
  }

  static String incompatibleBucketLayout(String op) {
    return "incompatible bucket layout encountered for binary operator " + op;
  }

  static String histogramIgnoredInAggregation(String agg) {
    return "ignored histogram in " + agg + " aggregation";
  }

  static String histogramIgnoredInMixedRange(String metric) {
    return "ignored histograms in a range containing both floats and histograms for metric name " + quote(metric);
  }

  static String counterResetCollision(String operation) {
    return "conflicting counter resets during histogram " + operation;
  }

  static String customBucketsReconciled(String operation) {
    return "mismatched custom buckets were reconciled during " + operation;
  }

  static String quantileNaNResult(String metric) {
    return withMetric("input to histogram_quantile has NaN observations, result is NaN", metric);
  }

  static String quantileNaNSkew(String metric) {
    return withMetric("input to histogram_quantile has NaN observations, result is skewed higher", metric);
  }

  static String fractionNaNs(String metric) {
    return withMetric("input to histogram_fraction has NaN observations, which are excluded from all fractions",
        metric);
  }

  static String sortIneffective() {
    return "sort is ineffective for range queries since results are always ordered by labels";
  }
}
