/**
 * Sending alerts to Alertmanager: the {@link io.hearth.node.notifier.AlertSender} seam the rule
 * evaluator calls, and behind it the Alertmanager discovery, relabelling, bounded queue and API v2
 * client configured by {@code alerting} in prometheus.yml. Owns no evaluation and no storage: it
 * must never query or write samples.
 */
package io.hearth.node.notifier;
