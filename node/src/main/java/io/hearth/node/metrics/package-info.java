/**
 * The node's own {@code /metrics}: counters and gauges of ingest, storage, queries and the cluster
 * in the Prometheus text format. Reads figures; never changes them.
 */
package io.hearth.node.metrics;
