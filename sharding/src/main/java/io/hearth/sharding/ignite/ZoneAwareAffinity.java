package io.hearth.sharding.ignite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Rendezvous affinity whose copies of a partition go to different zones whenever nodes of another
 * zone exist, and that never holds fewer copies because of zones.
 *
 * <p>For each partition the rendezvous order of all nodes is computed as usual; the primary is its
 * first node; each backup is the next node in that order whose zone holds no copy of the partition
 * yet, or, when every remaining node's zone already holds one, simply the next node. With all nodes
 * in one zone (or none configured) this is exactly {@link RendezvousAffinityFunction}. Ignite's own
 * {@code ClusterNodeAttributeAffinityBackupFilter} is not used because it drops a backup when no node
 * of another zone exists, so a one-zone cluster would keep a single copy.
 *
 * <p>The zone is the node attribute {@link #ZONE_ATTRIBUTE}; a node without it is in the empty zone.
 * The key-to-partition mapping is the inherited one.
 */
public final class ZoneAwareAffinity extends RendezvousAffinityFunction {
  private static final long serialVersionUID = 1L;
  /** The Ignite node attribute that holds {@code --cluster.zone}. */
  static final String ZONE_ATTRIBUTE = "hearth.zone";

  ZoneAwareAffinity(int partitions) {
    super(false, partitions);
  }

  /** Public no-argument constructor for Ignite's marshaller. */
  public ZoneAwareAffinity() {
    super(false);
  }

  static String zoneOf(ClusterNode n) {
    Object z = n.attribute(ZONE_ATTRIBUTE);
    return z == null ? "" : z.toString();
  }

  @Override
  public List<ClusterNode> assignPartition(int part, List<ClusterNode> nodes, int backups,
      Map<UUID, Collection<ClusterNode>> neighborhoodCache) {
    int copies = Math.min(nodes.size(), backups == Integer.MAX_VALUE ? nodes.size() : backups + 1);
    List<ClusterNode> order = super.assignPartition(part, nodes, nodes.size() - 1, neighborhoodCache);
    return pick(order, copies);
  }

  /** The first {@code copies} nodes of {@code order}, each next one from an unused zone while one is left. */
  static List<ClusterNode> pick(List<ClusterNode> order, int copies) {
    List<ClusterNode> chosen = new ArrayList<>(copies);
    List<ClusterNode> rest = new ArrayList<>(order);
    Set<String> zones = new HashSet<>();
    while (chosen.size() < copies && !rest.isEmpty()) {
      int at = 0;
      if (!chosen.isEmpty()) {
        for (int i = 0; i < rest.size(); i++) {
          if (!zones.contains(zoneOf(rest.get(i)))) {
            at = i;
            break;
          }
        }
      }
      ClusterNode n = rest.remove(at);
      chosen.add(n);
      zones.add(zoneOf(n));
    }
    return chosen;
  }
}
