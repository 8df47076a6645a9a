/**
 * Prometheus's text forms, written once for every module: Go's {@code %q} quoting
 * ({@link io.hearth.sharding.api.text.GoQuote}), {@code labels.Labels.String()}
 * ({@link io.hearth.sharding.api.text.LabelsText}), the duration syntax
 * ({@link io.hearth.sharding.api.text.PromDuration}), byte sizes
 * ({@link io.hearth.sharding.api.text.ByteSize}) and the metric types
 * ({@link io.hearth.sharding.api.text.MetricType}). Pure functions and values only: must never hold
 * state, do I/O, or import anything outside the JDK and {@code sharding.api}. Errors are plain
 * {@link java.lang.IllegalArgumentException}s stating the fact; callers wrap them in their own
 * flag, config or API error.
 */
package io.hearth.sharding.api.text;
