package io.hearth.node.notifier;

import java.util.List;

/**
 * Where the rule evaluator hands the alerts of one evaluation (firing and just-resolved ones, as
 * Prometheus's {@code NotifyFunc}). Contract: never blocks on the network and never throws; a
 * full queue drops the oldest alerts and counts them. Thread-safe.
 */
@FunctionalInterface
public interface AlertSender {
  /** Sends nothing: used when no Alertmanager is configured. */
  AlertSender NONE = alerts -> {};

  void send(List<Alert> alerts);
}
