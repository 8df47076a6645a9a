/**
 * The shared vocabulary of Hearth: label sets, matchers, samples and the small read and write
 * seams ({@link io.hearth.sharding.api.Queryable}, {@link io.hearth.sharding.api.Querier},
 * {@link io.hearth.sharding.api.Appender}). PromQL and scraping depend on this package only,
 * never on storage internals, and it must never import Ignite.
 */
package io.hearth.sharding.api;
