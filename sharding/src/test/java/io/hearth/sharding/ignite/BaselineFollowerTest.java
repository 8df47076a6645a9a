package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.cluster.BaselineNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cluster.baseline-settle} on real Ignite nodes: a joining node enters the baseline after the
 * delay; one that stops stays in it; one decommissioned while it runs is not added back.
 */
class BaselineFollowerTest {
  private static final long SETTLE_MS = 6000;
  @TempDir Path dir;
  private final List<IgniteStore> stores = new ArrayList<>();

  @AfterEach
  void stopAll() {
    ZoneAwareAffinityTest.closeAll(stores);
  }

  private static Set<String> baseline(IgniteStore s) {
    Set<String> out = new TreeSet<>();
    for (BaselineNode b : s.ignite().cluster().currentBaselineTopology()) out.add(String.valueOf(b.consistentId()));
    return out;
  }

  private static List<IgniteSettings> threeSettings(Path dir, int bootstrapExpect) throws java.io.IOException {
    int[] disco = {LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free()};
    List<String> peers = List.of("127.0.0.1:" + disco[0], "127.0.0.1:" + disco[1], "127.0.0.1:" + disco[2]);
    List<IgniteSettings> settings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      settings.add(new IgniteSettings("b" + i, dir.resolve("b" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers, 16, 2,
          64L << 20, Durability.LOG_ONLY).withBootstrapExpect(bootstrapExpect));
    }
    return settings;
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aJoiningNodeEntersTheBaselineAfterTheSettleDelayAndAStoppedNodeIsNeverRemoved() throws Exception {
    List<IgniteSettings> settings = threeSettings(dir, 2);
    // two of the three listed nodes form the cluster (bootstrap-expect 2)
    CompletableFuture<IgniteStore> a = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(0)));
    CompletableFuture<IgniteStore> b = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(1)));
    stores.add(a.get(120, TimeUnit.SECONDS));
    stores.add(b.get(120, TimeUnit.SECONDS));
    for (IgniteStore s : stores) s.followBaseline(SETTLE_MS);
    assertEquals(Set.of("b0", "b1"), baseline(stores.get(0)));

    // The follower can see b2 online from the moment its start begins (it joins the topology before
    // start returns, seconds before on a loaded machine): the delay is measured from there.
    long joined = System.nanoTime();
    IgniteStore c = IgniteStore.start(settings.get(2));
    stores.add(c);
    Thread.sleep(2000);
    boolean early = baseline(stores.get(0)).contains("b2");
    long checkedMs = (System.nanoTime() - joined) / 1_000_000;
    assertEquals(false, early && checkedMs < SETTLE_MS, "added " + checkedMs + " ms after its start began, before the settle delay");
    while (!baseline(stores.get(0)).contains("b2")) {
      if (System.nanoTime() - joined > TimeUnit.SECONDS.toNanos(40)) throw new AssertionError("b2 not in the baseline after 40 s");
      Thread.sleep(200);
    }
    long afterMs = (System.nanoTime() - joined) / 1_000_000;
    assertEquals(true, afterMs >= SETTLE_MS, "added after " + afterMs + " ms, settle delay " + SETTLE_MS + " ms");
    System.out.println("b2 entered the baseline " + afterMs + " ms after joining (settle " + SETTLE_MS + " ms)");

    // a baseline node that stops stays in the baseline: no rebalance because of a restart
    stores.remove(c);
    c.close();
    Thread.sleep(SETTLE_MS + 4000);
    assertEquals(Set.of("b0", "b1", "b2"), baseline(stores.get(0)), "a stopped node was removed");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aDecommissionedNodeLeavesTheBaselineWhileRunningHandsOverItsPartitionsAndIsNotAddedBack() throws Exception {
    List<IgniteSettings> settings = threeSettings(dir, 3);
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (IgniteSettings s : settings) starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    for (CompletableFuture<IgniteStore> f : starting) stores.add(f.get(120, TimeUnit.SECONDS));
    for (IgniteStore s : stores) s.followBaseline(SETTLE_MS);
    IgniteStore b0 = stores.get(0);
    assertEquals(Set.of("b0", "b1", "b2"), baseline(b0));
    assertEquals(true, held(b0, "b2") > 0, "b2 holds no partition before");
    Thread.sleep(2500); // every follower has looked at the baseline (it checks every 2 s)

    long t = System.nanoTime();
    b0.decommission("b2");
    assertEquals(Set.of("b0", "b1"), baseline(b0));
    while (held(b0, "b2") > 0) {
      if (System.nanoTime() - t > TimeUnit.SECONDS.toNanos(60)) throw new AssertionError("b2 still holds " + held(b0, "b2") + " partitions after 60 s");
      Thread.sleep(200);
    }
    System.out.println("b2 handed over its partitions in " + (System.nanoTime() - t) / 1_000_000 + " ms");
    Thread.sleep(SETTLE_MS + 4000);
    assertEquals(Set.of("b0", "b1"), baseline(b0), "the follower added the decommissioned node back");

    IllegalArgumentException notIn = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b0.decommission("b2"));
    assertEquals("node b2 is not in the baseline", notIn.getMessage());
    IllegalArgumentException tooFew = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b0.decommission("b1"));
    assertEquals(true, tooFew.getMessage().contains("would leave 1 baseline nodes for replication factor 2"), tooFew.getMessage());
    assertEquals(Set.of("b0", "b1"), baseline(b0), "a refused decommission changed the baseline");
  }

  /** Primary and backup partitions of {@code node} in the status as {@code via} sees it. */
  private static int held(IgniteStore via, String node) {
    for (ClusterStatus.Node n : via.clusterStatus().nodes()) if (n.name().equals(node)) return n.primaryPartitions() + n.backupPartitions();
    throw new AssertionError(node + " not in the topology");
  }
}
