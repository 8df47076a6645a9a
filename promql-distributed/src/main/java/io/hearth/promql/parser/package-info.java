/**
 * The PromQL lexer and parser: {@link io.hearth.promql.parser.Parser} turns query text into the
 * tree of {@code io.hearth.promql.ast}, with Prometheus 3.x grammar, type checks and error texts
 * ({@code line:col: parse error: ...}); {@link io.hearth.promql.parser.Durations} reads and prints
 * Prometheus durations.
 *
 * <p>Owns syntax only: it must never evaluate expressions, read storage or know about the HTTP
 * API. Duration expressions ({@code [step()*2]}) are kept as trees for the engine to evaluate.
 */
package io.hearth.promql.parser;
