/**
 * Prometheus Operator support: ServiceMonitor and PodMonitor objects turned into scrape configs
 * the way the operator generates them ({@link io.hearth.scrape.operator.ScrapeConfigGenerator}),
 * PrometheusRule objects into the operator's rule files
 * ({@link io.hearth.scrape.operator.RuleFileGenerator}), and a watcher that keeps both current
 * ({@link io.hearth.scrape.operator.MonitorWatcher}) for the node to merge into its configuration
 * and hand to its rule evaluation as plain text by file name. It only reads the API server; it
 * must never create or change Kubernetes objects, scrape, evaluate or validate rules, or apply
 * configurations itself.
 */
package io.hearth.scrape.operator;
