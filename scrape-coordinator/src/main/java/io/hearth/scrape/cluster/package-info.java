/**
 * Scraping across the cluster: discovery runs once per cluster on the leader (the primary of
 * partition 0) and its target groups reach every node ({@code SharedDiscovery}). Talks to other
 * nodes only through {@link io.hearth.sharding.api.ClusterView}.
 */
package io.hearth.scrape.cluster;
