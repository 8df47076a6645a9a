/**
 * Native histogram arithmetic on {@link io.hearth.sharding.api.FloatHistogram}: addition and
 * subtraction across schemas and zero thresholds, custom-bucket reconciliation, scaling,
 * compaction, counter-reset detection, rate, Kahan sums, quantile/fraction/variance. Never
 * touches storage or PromQL values.
 */
package io.hearth.promql.histogram;
