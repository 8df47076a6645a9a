package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.rendezvous.ClusterNodeAttributeAffinityBackupFilter;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the copies of each partition live, on real Ignite nodes in this JVM: in different zones when
 * nodes of two zones exist, and never fewer copies when all nodes share one zone.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZoneAwareAffinityTest {
  private static final int PARTITIONS = 64;
  @TempDir Path dir;
  private final List<IgniteStore> stores = new ArrayList<>();

  @AfterEach
  void stopAll() {
    closeAll(stores);
  }

  /** Stops every node, ignoring those already stopped. */
  static void closeAll(Collection<IgniteStore> stores) {
    for (IgniteStore s : stores) {
      try {
        s.close();
      } catch (RuntimeException ignored) {
        // already stopped
      }
    }
  }

  private void startCluster(String... zones) throws Exception {
    int[] disco = new int[zones.length];
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < zones.length; i++) {
      disco[i] = LoopbackPorts.free();
      peers.add("127.0.0.1:" + disco[i]);
    }
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (int i = 0; i < zones.length; i++) {
      IgniteSettings s = new IgniteSettings("z" + i, dir.resolve("z" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers,
          PARTITIONS, 2, 64L << 20, Durability.LOG_ONLY).withZone(zones[i]);
      starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    }
    for (CompletableFuture<IgniteStore> f : starting) stores.add(f.get(120, TimeUnit.SECONDS));
  }

  @Test
  void withFourNodesInTwoZonesEveryPartitionsPrimaryAndBackupAreInDifferentZones() throws Exception {
    startCluster("zone-a", "zone-a", "zone-b", "zone-b");
    for (IgniteStore via : stores) {
      Affinity<Object> aff = via.ignite().affinity(IgniteStore.LOG);
      int[] primaries = new int[2];
      for (int p = 0; p < PARTITIONS; p++) {
        List<ClusterNode> owners = new ArrayList<>(aff.mapPartitionToPrimaryAndBackups(p));
        assertEquals(2, owners.size(), "copies of partition " + p);
        assertNotEquals(ZoneAwareAffinity.zoneOf(owners.get(0)), ZoneAwareAffinity.zoneOf(owners.get(1)),
            "partition " + p + " has both copies in " + ZoneAwareAffinity.zoneOf(owners.get(0)));
        primaries[ZoneAwareAffinity.zoneOf(owners.get(0)).equals("zone-a") ? 0 : 1]++;
      }
      assertTrue(primaries[0] > PARTITIONS / 4 && primaries[1] > PARTITIONS / 4, "primaries spread over both zones: zone-a "
          + primaries[0] + ", zone-b " + primaries[1]);
    }
    // The status shows each node's zone.
    for (ClusterStatus.Node n : stores.get(0).clusterStatus().nodes()) {
      assertEquals(n.name().equals("z0") || n.name().equals("z1") ? "zone-a" : "zone-b", n.zone(), n.name());
    }
  }

  @Test
  void withAllNodesInOneZoneEveryPartitionKeepsItsBackup() throws Exception {
    startCluster("zone-a", "zone-a", "zone-a");
    Affinity<Object> aff = stores.get(0).ignite().affinity(IgniteStore.LOG);
    for (int p = 0; p < PARTITIONS; p++) {
      assertEquals(2, aff.mapPartitionToPrimaryAndBackups(p).size(), "copies of partition " + p);
    }
    // Ignite's own attribute filter would keep one copy here: the reason ZoneAwareAffinity exists.
    RendezvousAffinityFunction ignites = new RendezvousAffinityFunction(false, PARTITIONS);
    ignites.setAffinityBackupFilter(new ClusterNodeAttributeAffinityBackupFilter(ZoneAwareAffinity.ZONE_ATTRIBUTE));
    List<ClusterNode> nodes = new ArrayList<>(stores.get(0).ignite().cluster().forServers().nodes());
    int single = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      Collection<ClusterNode> owners = ignites.assignPartition(p, nodes, 1, null);
      if (owners.size() == 1) single++;
    }
    assertEquals(PARTITIONS, single, "partitions Ignite's attribute filter leaves with one copy in a single zone");
  }
}
