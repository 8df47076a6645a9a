/**
 * Exposition bodies for the parser benchmarks and the scrape-CPU benchmark's target server:
 * Prometheus text, OpenMetrics and protobuf shaped like real exporters', deterministic from their
 * arguments. Benchmark data only; never used by Hearth itself.
 */
package io.hearth.benchmarks.exposition;
