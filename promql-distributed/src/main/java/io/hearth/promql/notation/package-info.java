/**
 * Prometheus's series notation, shared by the promqltest scripts and {@code promtool test rules}'
 * {@code input_series}: a label set followed by values in the expanding notation ({@code 1+2x10},
 * {@code _}, {@code _x3}, {@code stale}, native histogram literals {@code {{...}}}), expanded to one
 * {@link io.hearth.promql.notation.SequenceValue} per step by {@link
 * io.hearth.promql.notation.SeriesDescription}.
 *
 * <p>Owns the syntax and its expansion only: it must never read or write storage, evaluate PromQL
 * or decide what a test expects.
 */
package io.hearth.promql.notation;
