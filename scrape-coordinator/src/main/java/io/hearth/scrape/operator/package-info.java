/**
 * Prometheus Operator support: ServiceMonitor and PodMonitor objects turned into scrape configs
 * the way the operator generates them ({@link io.hearth.scrape.operator.ScrapeConfigGenerator}),
 * and a watcher that keeps the generated list current
 * ({@link io.hearth.scrape.operator.MonitorWatcher}) for the node to merge into its configuration.
 * It only reads the API server; it must never create or change Kubernetes objects, scrape, or
 * apply configurations itself.
 */
package io.hearth.scrape.operator;
