package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code --cluster.baseline-settle} on real Ignite nodes: a joining node enters the baseline after the delay; one that stops stays in it. */
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

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aJoiningNodeEntersTheBaselineAfterTheSettleDelayAndAStoppedNodeIsNeverRemoved() throws Exception {
    int[] disco = {IgniteHeadTest.freePort(), IgniteHeadTest.freePort(), IgniteHeadTest.freePort()};
    List<String> peers = List.of("127.0.0.1:" + disco[0], "127.0.0.1:" + disco[1], "127.0.0.1:" + disco[2]);
    List<IgniteSettings> settings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      settings.add(new IgniteSettings("b" + i, dir.resolve("b" + i), "127.0.0.1", disco[i], IgniteHeadTest.freePort(), peers, 16, 2,
          64L << 20, Durability.LOG_ONLY).withBootstrapExpect(2));
    }
    // two of the three listed nodes form the cluster (bootstrap-expect 2)
    CompletableFuture<IgniteStore> a = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(0)));
    CompletableFuture<IgniteStore> b = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(1)));
    stores.add(a.get(120, TimeUnit.SECONDS));
    stores.add(b.get(120, TimeUnit.SECONDS));
    for (IgniteStore s : stores) s.followBaseline(SETTLE_MS);
    assertEquals(Set.of("b0", "b1"), baseline(stores.get(0)));

    IgniteStore c = IgniteStore.start(settings.get(2));
    stores.add(c);
    long joined = System.nanoTime();
    Thread.sleep(2000);
    assertEquals(Set.of("b0", "b1"), baseline(stores.get(0)), "added before the settle delay");
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
}
