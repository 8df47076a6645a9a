/**
 * Metric metadata (type, help, unit) from scrapes and remote write, which {@code node.api}'s
 * {@code MetadataApi} serves at {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}, and
 * the cluster-wide family lookup {@code /federate} uses with {@code --web.federate.metadata}.
 * Bounded in memory; not durable. It never writes samples and never answers a lookup from part of the cluster.
 */
package io.hearth.node.metadata;
