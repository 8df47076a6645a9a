package io.hearth.node.notifier;

import io.hearth.sharding.api.Labels;

/**
 * One alert as Alertmanager's API v2 receives it. {@code labels} already include the group's and
 * rule's labels and {@code global.external_labels}; the notifier applies
 * {@code alert_relabel_configs}. Times are Unix milliseconds; {@code endsAtMs} is 0 while the alert
 * has no end (the notifier then sends none, and Alertmanager resolves it after its own timeout),
 * or the resolution time once resolved, or the time the evaluator wants it kept until
 * (Prometheus sends firing alerts with an end of now + 4 x the resend delay).
 */
public record Alert(Labels labels, Labels annotations, long startsAtMs, long endsAtMs, String generatorUrl) {
  public Alert {
    if (labels == null || annotations == null) throw new IllegalArgumentException("labels and annotations are required");
    if (generatorUrl == null) generatorUrl = "";
  }

  /** True once the alert has ended at or before {@code nowMs}. */
  public boolean resolvedAt(long nowMs) {
    return endsAtMs != 0 && endsAtMs <= nowMs;
  }
}
