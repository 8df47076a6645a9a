package io.hearth.node.rules;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.value.Sample;
import io.hearth.sharding.api.Labels;
import java.util.List;

/**
 * A rule of a group with its evaluation record: health, last error, duration and start of the last
 * evaluation. Evaluated by its group's thread only; the record is read by the API from any thread.
 */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
  final RuleSpec spec;
  /** The expression as Prometheus prints it back ({@code query} in the rules API). */
  final String query;
  final Labels labels;
  volatile Health health = Health.UNKNOWN;
  volatile String lastError = "";
  volatile double evaluationSeconds;
  /** Wall-clock start of the last evaluation in Unix nanoseconds; 0 before the first. */
  volatile long lastEvaluationNs;

  Rule(RuleSpec spec) {
    this.spec = spec;
    this.query = Parser.parseExpr(spec.expr()).toString();
    this.labels = Labels.fromMap(spec.labels());
  }

  public String name() {
    return spec.name();
  }

  public RuleSpec spec() {
    return spec;
  }

  public Health health() {
    return health;
  }

  public String lastError() {
    return lastError;
  }

  /** Prometheus's identity of a rule within a group across reloads: name and labels. */
  String identity() {
    return name() + labels;
  }

  /**
   * Evaluates at {@code evalNs} (the group's slot) with the query at {@code evalNs - offsetNs}.
   *
   * @return the samples to write
   */
  abstract List<Sample> eval(RuleContext ctx, long evalNs, long offsetNs, int limit) throws RuleEvalException;

  static long toMs(long ns) {
    return Math.floorDiv(ns, 1_000_000L);
  }
}
