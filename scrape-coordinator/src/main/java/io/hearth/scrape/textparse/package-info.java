/**
 * Exposition parsers: Prometheus text 0.0.4, OpenMetrics 1.0 text and protobuf as pull parsers over a byte
 * array ({@link io.hearth.scrape.textparse.Parser}), with Prometheus's exact grammar and error
 * messages, and content negotiation ({@link io.hearth.scrape.textparse.ContentNegotiation}). Parsers
 * only read the bytes they are given: they must never do I/O, keep references across resets or
 * allocate per sample unless asked for labels. The Prometheus protobuf format
 * ({@link io.hearth.scrape.textparse.ProtobufParser}) walks the body in place the same way.
 */
package io.hearth.scrape.textparse;
