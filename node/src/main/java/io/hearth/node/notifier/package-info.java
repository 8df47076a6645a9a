/**
 * Sending alerts to Alertmanager: the {@link io.hearth.node.notifier.AlertSender} seam the rule
 * evaluator calls, and behind it ({@link io.hearth.node.notifier.Notifier}) the Alertmanager
 * discovery, relabelling, bounded queue and API v2 client configured by {@code alerting} in
 * prometheus.yml, and {@code /api/v1/alertmanagers}. Owns no evaluation and no storage: it must
 * never query or write samples, and must never block or throw at the evaluator.
 */
package io.hearth.node.notifier;
