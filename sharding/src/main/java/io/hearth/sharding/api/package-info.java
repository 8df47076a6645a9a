/**
 * The shared vocabulary of Hearth: label sets, matchers, samples and the small read and write
 * seams ({@link io.hearth.sharding.api.Queryable}, {@link io.hearth.sharding.api.Querier},
 * {@link io.hearth.sharding.api.Appender}). PromQL and scraping depend on this package only,
 * never on storage internals, and it must never import Ignite. Prometheus's text forms (quoting,
 * label text, durations, byte sizes, metric types) live beside it in {@code sharding.api.text}, which
 * every module may import too.
 */
package io.hearth.sharding.api;
