/**
 * The PromQL abstract syntax tree: immutable nodes forming the sealed hierarchy {@link
 * io.hearth.promql.ast.Expr}, the operator enums, the function table {@link
 * io.hearth.promql.ast.Functions} and duration expressions ({@link
 * io.hearth.promql.ast.DurationExpr}).
 *
 * <p>Owns the shape of a parsed query and how it prints ({@code toString()} matches Prometheus's
 * {@code String()}). It must never evaluate data, touch storage or parse text (see {@code
 * io.hearth.promql.parser}). Every node carries its {@link io.hearth.promql.ast.PosRange}, the
 * character offsets in the query text, so annotations can report {@code line:col}.
 */
package io.hearth.promql.ast;
