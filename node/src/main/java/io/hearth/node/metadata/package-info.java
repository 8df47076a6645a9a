/**
 * Metric metadata (type, help, unit) from scrapes and remote write, and its endpoints
 * {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}. Bounded in memory; not durable.
 */
package io.hearth.node.metadata;
