/**
 * The subset of Go's {@code text/template} that Prometheus rule labels and annotations use, with
 * Prometheus's template functions: lexing, parsing (with Go's error wording, which {@code hearth
 * check rules} prints) and execution over plain Java values. Owns no query evaluation and no
 * storage: the {@code query} function reaches PromQL only through {@link
 * io.hearth.node.template.QueryFunc}; it must never import the engine or the store.
 */
package io.hearth.node.template;
