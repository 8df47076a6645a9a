/**
 * PromQL function kernels over primitive arrays: rate extrapolation, regression, smoothing,
 * {@code *_over_time}, quantiles over values and classic buckets, calendar and math functions,
 * label-function helpers. Pure computations: no labels iteration, no storage, no engine state.
 */
package io.hearth.promql.functions;
