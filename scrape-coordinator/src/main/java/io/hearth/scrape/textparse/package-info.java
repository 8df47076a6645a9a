/**
 * Exposition parsers: Prometheus text 0.0.4 and OpenMetrics 1.0 text as pull parsers over a byte
 * array ({@link io.hearth.scrape.textparse.Parser}), with Prometheus's exact grammar and error
 * messages, and content negotiation ({@link io.hearth.scrape.textparse.ContentNegotiation}). Parsers
 * only read the bytes they are given: they must never do I/O, keep references across resets or
 * allocate per sample unless asked for labels. The protobuf format is not implemented yet.
 */
package io.hearth.scrape.textparse;
