package io.hearth.node.rules;

import io.hearth.node.notifier.AlertSender;
import io.hearth.node.template.QuerySample;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What rule evaluation runs against, shared by every group of a node: the PromQL engine and the
 * node's {@link Queryable} (the cluster's reads in a cluster), the {@link Appendable} results are
 * written to (routed to owners in a cluster), where alerts go, and Prometheus's rule flags.
 * Immutable apart from the external labels and URL, which follow configuration reloads.
 */
public final class RuleContext {
  final QueryEngine engine;
  final Queryable queryable;
  final Appendable appendable;
  final AlertSender alerts;
  final long resendDelayNs;
  final long outageToleranceNs;
  final long gracePeriodNs;
  volatile Labels externalLabels = Labels.EMPTY;
  volatile Map<String, String> externalLabelMap = Map.of();
  final String externalUrl;

  public RuleContext(QueryEngine engine, Queryable queryable, Appendable appendable, AlertSender alerts, String externalUrl,
      Duration resendDelay, Duration outageTolerance, Duration gracePeriod) {
    this.engine = engine;
    this.queryable = queryable;
    this.appendable = appendable;
    this.alerts = alerts;
    this.externalUrl = externalUrl;
    this.resendDelayNs = resendDelay.toNanos();
    this.outageToleranceNs = outageTolerance.toNanos();
    this.gracePeriodNs = gracePeriod.toNanos();
  }

  void externalLabels(Labels l) {
    externalLabels = l;
    externalLabelMap = l.toMap();
  }

  /**
   * Prometheus's {@code EngineQueryFunc}: an instant query whose vector, or scalar as one sample
   * without labels, is the result.
   */
  List<Sample> query(String expr, long tMs) throws RuleEvalException {
    io.hearth.promql.value.Value v;
    try {
      v = engine.instantQuery(queryable, expr, tMs).value();
    } catch (PromQLException | StorageException e) {
      throw new RuleEvalException(e.getMessage());
    }
    if (v instanceof Vector vec) return vec.samples();
    if (v instanceof Scalar s) return List.of(Sample.ofFloat(Labels.EMPTY, s.t(), s.v()));
    throw new RuleEvalException("rule result is not a vector or scalar");
  }

  /** The {@code query} template function at time {@code tMs}. */
  List<QuerySample> templateQuery(String expr, long tMs) throws RuleEvalException {
    List<QuerySample> out = new ArrayList<>();
    for (Sample s : query(expr, tMs)) out.add(new QuerySample(s.labels().toMap(), s.f()));
    return out;
  }
}
