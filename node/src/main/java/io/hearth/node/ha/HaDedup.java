package io.hearth.node.ha;

import io.hearth.node.metrics.HaMetrics;
import io.hearth.node.remote.WriteSink;
import io.hearth.sharding.ha.ReplicaTracker;
import java.util.function.LongSupplier;

/**
 * Remote-write deduplication of Prometheus HA pairs: which label names say the cluster and the
 * replica, the tracker that knows the elected replica of each cluster, and a per-request {@link
 * ReplicaFilter} to put between the decoder and the storage sink.
 *
 * <p>As Mimir's HA tracker does, a request belongs to the (cluster, replica) that its first series
 * carries; requests whose first series lacks either label pass unchanged. Thread-safe: one
 * instance serves every write thread; each request takes its own filter.
 */
public final class HaDedup {
  public static final String DEFAULT_CLUSTER_LABEL = "cluster";
  public static final String DEFAULT_REPLICA_LABEL = "__replica__";

  private final String clusterLabel;
  private final String replicaLabel;
  private final ReplicaTracker tracker;
  private final HaMetrics metrics;
  private final LongSupplier clock;

  public HaDedup(String clusterLabel, String replicaLabel, ReplicaTracker tracker, HaMetrics metrics, LongSupplier clock) {
    if (clusterLabel.isEmpty() || replicaLabel.isEmpty() || clusterLabel.equals(replicaLabel)) {
      throw new IllegalArgumentException("HA cluster and replica labels must be two different non-empty names, got \""
          + clusterLabel + "\" and \"" + replicaLabel + "\"");
    }
    this.clusterLabel = clusterLabel;
    this.replicaLabel = replicaLabel;
    this.tracker = tracker;
    this.metrics = metrics;
    this.clock = clock;
    metrics.track(tracker);
  }

  public String clusterLabel() {
    return clusterLabel;
  }

  public String replicaLabel() {
    return replicaLabel;
  }

  public ReplicaTracker tracker() {
    return tracker;
  }

  /** A filter for one request, passing what it keeps to {@code downstream}. */
  public ReplicaFilter filter(WriteSink downstream) {
    return new ReplicaFilter(this, downstream);
  }

  /** Decides for a request whose first series carries both labels; see {@link ReplicaTracker#admit}. */
  boolean admit(String cluster, String replica) {
    return tracker.admit(cluster, replica, clock.getAsLong());
  }

  /** Counts what a dropped request carried, once per request. */
  void dropped(String cluster, long samples, long histograms) {
    metrics.droppedSamples(cluster).add(samples + histograms);
  }
}
