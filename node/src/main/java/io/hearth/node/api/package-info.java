/**
 * The Prometheus HTTP API endpoints: query, series and labels, status, remote write and read,
 * federate. Each parses its parameters, calls storage or the engine, and renders Prometheus's JSON;
 * none holds state of its own or talks to Ignite.
 */
package io.hearth.node.api;
