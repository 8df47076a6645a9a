/**
 * The Prometheus HTTP API endpoints: query, series and labels, status, remote write and read,
 * federate, targets and scrape pools, metadata. Each parses its parameters, calls storage, the
 * engine, the scrape manager or the metadata store, and renders Prometheus's JSON in one envelope
 * ({@code QueryApi.success}; errors through {@code HttpServer.error}); none holds state of its own
 * or talks to Ignite.
 */
package io.hearth.node.api;
