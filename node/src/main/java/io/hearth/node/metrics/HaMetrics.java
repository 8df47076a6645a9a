package io.hearth.node.metrics;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.ha.ReplicaTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figures of HA pair deduplication for {@code /metrics}: samples dropped per HA cluster on this
 * node, failovers this node made, and the elected replica of every cluster as the cluster-wide
 * store holds it. Rendered only once a tracker is attached (deduplication on). Thread-safe.
 */
public final class HaMetrics {
  final Map<String, LongAdder> droppedSamples = new ConcurrentHashMap<>();
  private volatile ReplicaTracker tracker;

  /** Float samples and histograms of non-elected replicas dropped by this node, for {@code cluster}. */
  public LongAdder droppedSamples(String cluster) {
    LongAdder a = droppedSamples.get(cluster);
    return a != null ? a : droppedSamples.computeIfAbsent(cluster, k -> new LongAdder());
  }

  /** Attaches the tracker whose elections and failovers are reported. */
  public void track(ReplicaTracker t) {
    tracker = t;
  }

  ReplicaTracker tracker() {
    return tracker;
  }

  /** The elections to report; empty (and logged by the caller) when the store cannot answer. */
  Map<String, ReplicaElection> elections() {
    ReplicaTracker t = tracker;
    if (t == null) return Map.of();
    try {
      return t.elections();
    } catch (io.hearth.sharding.api.StorageException e) {
      return Map.of();
    }
  }
}
