package io.hearth.node.rules;

import io.hearth.sharding.api.Labels;

/**
 * One alert of an alerting rule, as Prometheus's {@code rules.Alert}: its identifying labels,
 * expanded annotations, state and the times that drive it. Times are Unix nanoseconds, 0 for
 * unset. Mutated by the group's evaluation thread only; {@link #snapshot()} gives the API a
 * consistent copy.
 */
public final class ActiveAlert {
  final Labels labels;
  volatile Labels annotations;
  volatile AlertState state;
  volatile double value;
  volatile long activeAtNs;
  volatile long firedAtNs;
  volatile long resolvedAtNs;
  volatile long lastSentAtNs;
  volatile long validUntilNs;
  volatile long keepFiringSinceNs;

  ActiveAlert(Labels labels, Labels annotations, long activeAtNs, double value) {
    this.labels = labels;
    this.annotations = annotations;
    this.activeAtNs = activeAtNs;
    this.value = value;
    this.state = AlertState.PENDING;
  }

  /** An immutable view for the API. */
  public record View(Labels labels, Labels annotations, AlertState state, long activeAtNs, long keepFiringSinceNs,
      double value) {}

  View snapshot() {
    return new View(labels, annotations, state, activeAtNs, keepFiringSinceNs, value);
  }

  /** Prometheus's {@code needsSending}: firing or resolved, and not sent within the resend delay (or resolved since). */
  boolean needsSending(long tsNs, long resendDelayNs) {
    if (state == AlertState.PENDING) return false;
    if (resolvedAtNs > lastSentAtNs) return true;
    return lastSentAtNs + resendDelayNs < tsNs;
  }
}
