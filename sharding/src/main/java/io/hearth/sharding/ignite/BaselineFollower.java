package io.hearth.sharding.ignite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterState;

/**
 * Lets the baseline follow the nodes that join ({@code --cluster.baseline-settle}): a server node
 * that is online but not in the baseline becomes part of it once it has been online without a break
 * for the settle delay. Only added, never removed: a node that stops (a restart, a rolling upgrade, a
 * crash) stays in the baseline, so no data moves because of it; removing a node stays the explicit
 * {@code baseline/remove} call. Only the oldest server node acts, so the cluster makes one change at a
 * time; every node runs the check (every 2 s), so the role moves with the oldest node.
 *
 * <p>A node taken out of the baseline while it runs (decommissioned) is never added back while that
 * run lasts: every follower remembers the runs (Ignite node ids) it has seen in the baseline, and a
 * run seen there once and outside it later was removed on purpose. When the node starts again (a new
 * run) it is a newcomer like any other.
 */
final class BaselineFollower implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BaselineFollower.class.getName());
  private final Ignite ignite;
  private final long settleMs;
  private final LongSupplier clock;
  /** Consistent id of each online node outside the baseline, with when it was first seen online. */
  private final Map<String, Long> since = new HashMap<>();
  /** Ids of the node runs seen in the baseline (kept while they are online). */
  private final Set<java.util.UUID> seenInBaseline = new HashSet<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hearth-baseline-follower");
    t.setDaemon(true);
    return t;
  });

  BaselineFollower(Ignite ignite, long settleMs, LongSupplier clock) {
    this.ignite = ignite;
    this.settleMs = settleMs;
    this.clock = clock;
  }

  void start() {
    timer.scheduleWithFixedDelay(() -> {
      try {
        check();
      } catch (RuntimeException e) {
        // a topology change in the middle of the check: the next check sees the new one
        LOG.log(Level.FINE, "baseline check failed", e);
      }
    }, 0, 2, TimeUnit.SECONDS); // at once: the baseline members are known from the start
  }

  /** One check: records newcomers, and on the oldest node adds those settled long enough. */
  void check() {
    if (ignite.cluster().state() != ClusterState.ACTIVE) return;
    Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
    if (baseline == null) return;
    Set<String> inBaseline = new HashSet<>();
    for (BaselineNode b : baseline) inBaseline.add(String.valueOf(b.consistentId()));
    long now = clock.getAsLong();
    List<ClusterNode> settled = new ArrayList<>();
    Set<String> outside = new HashSet<>();
    Set<java.util.UUID> onlineRuns = new HashSet<>();
    for (ClusterNode n : ignite.cluster().forServers().nodes()) {
      String id = String.valueOf(n.consistentId());
      onlineRuns.add(n.id());
      if (inBaseline.contains(id)) {
        seenInBaseline.add(n.id());
        continue;
      }
      if (seenInBaseline.contains(n.id())) continue; // decommissioned: stays out
      outside.add(id);
      long first = since.computeIfAbsent(id, k -> now);
      if (now - first >= settleMs) settled.add(n);
    }
    since.keySet().retainAll(outside); // a node that left starts its settle delay again when it is back
    seenInBaseline.retainAll(onlineRuns);
    if (settled.isEmpty() || !ignite.cluster().forServers().forOldest().node().isLocal()) return;
    List<BaselineNode> next = new ArrayList<>(baseline);
    next.addAll(settled);
    ignite.cluster().setBaselineTopology(next);
    for (ClusterNode n : settled) {
      LOG.info("added " + n.consistentId() + " to the baseline: online for " + (now - since.remove(String.valueOf(n.consistentId()))) / 1000
          + " s (--cluster.baseline-settle " + settleMs / 1000 + " s); its share of the partitions moves to it now");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
