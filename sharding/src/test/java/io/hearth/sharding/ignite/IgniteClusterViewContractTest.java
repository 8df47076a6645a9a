package io.hearth.sharding.ignite;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.ClusterViewContract;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/** {@link IgniteClusterView} over real Ignite nodes in this JVM keeps {@link ClusterView}'s contract. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IgniteClusterViewContractTest extends ClusterViewContract {

  @Override
  protected Members start() throws Exception {
    Path dir = Files.createTempDirectory("cluster-view-contract");
    List<String> peers = new ArrayList<>();
    int[] disco = new int[NODES];
    for (int i = 0; i < NODES; i++) {
      disco[i] = LoopbackPorts.free();
      peers.add("127.0.0.1:" + disco[i]);
    }
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      IgniteSettings s = new IgniteSettings("c" + i, dir.resolve("c" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers, 16, 2, 64L << 20,
          Durability.LOG_ONLY);
      starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    }
    List<IgniteStore> stores = new ArrayList<>();
    List<IgniteClusterView> views = new ArrayList<>();
    for (CompletableFuture<IgniteStore> f : starting) {
      IgniteStore store = f.get(120, TimeUnit.SECONDS);
      stores.add(store);
      views.add(new IgniteClusterView(store));
    }
    return new Members() {
      private final boolean[] stopped = new boolean[NODES];

      @Override
      public List<ClusterView> views() {
        return List.copyOf(views);
      }

      @Override
      public void leave(int i) {
        stopped[i] = true;
        views.get(i).close();
        stores.get(i).close();
      }

      @Override
      public void close() throws IOException {
        for (int i = NODES - 1; i >= 0; i--) if (!stopped[i]) leave(i);
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    };
  }
}
