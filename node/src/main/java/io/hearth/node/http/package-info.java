/**
 * The HTTP server (Netty): routing to bounded pools, per-connection guards (read timeout, request
 * body budget), streamed responses with back-pressure ({@link io.hearth.node.http.BodyWriter}),
 * TLS and basic auth from {@code --web.config.file}, and the one place where errors
 * become Prometheus-style JSON. Knows no endpoint's meaning; never queues without bound.
 */
package io.hearth.node.http;
