/**
 * The series-churn benchmark's steps (load, check, summary), run by benchmarks/churn/churn-bench.sh
 * against any Prometheus-compatible system over its HTTP API and remote write. It owns the churn
 * workload, its acknowledgement record and the correctness check afterwards. It must never depend on
 * a Hearth module (it builds alone and measures any Hearth version) and only measures: nothing here
 * changes what the system under test does.
 */
package io.hearth.bench.churn;
