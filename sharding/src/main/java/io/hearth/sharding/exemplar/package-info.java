/**
 * Exemplars, kept as Prometheus keeps them: {@link io.hearth.sharding.exemplar.CircularExemplarStore},
 * one circular buffer of at most {@code storage.exemplars.max_exemplars} entries shared by every
 * series of the node, with each series' exemplars chained oldest to newest; {@link
 * io.hearth.sharding.exemplar.ExemplarAppendable}, which puts it behind any {@code Appendable} so
 * remote write and scrapes stage exemplars in the appender they already use; and {@link
 * io.hearth.sharding.exemplar.ClusterExemplars}, which asks every node of a cluster for its
 * exemplars and merges the answers; {@link io.hearth.sharding.exemplar.ExemplarRouter}, which sends
 * committed exemplars to their series' owner.
 *
 * <p>Exemplars live in memory only, as in Prometheus: a restart forgets them. In a cluster they are
 * kept by the node serving their series' partition, which checks their order per series; one that
 * cannot reach it is dropped, never failing the samples' request.
 *
 * <p>Must never: persist anything, import Ignite, hold more than its configured number of
 * exemplars, or make samples without exemplars pay for them.
 */
package io.hearth.sharding.exemplar;
