/**
 * Remote-write deduplication of Prometheus HA pairs at the node's edge: the label names, the
 * per-request filter between the remote-write decoders and storage (first series decides, replica
 * label dropped from what is stored, the other replica's samples counted and dropped). The election
 * itself is {@code io.hearth.sharding.ha}'s.
 *
 * <p>Must never: decode a request body itself, keep labels between requests, or allocate per
 * sample.
 */
package io.hearth.node.ha;
