/**
 * Which node of a cluster runs each scrape target and rule group ({@code WorkAssignment}), and how
 * that work moves when a node hands over before a stop or returns after one. Owns the
 * {@code node.handover} service. Never owns partitions or data (that is {@code sharding.cluster}'s
 * ownership manager) and never talks to Ignite directly: only through the {@code ClusterView} seam.
 */
package io.hearth.node.cluster;
