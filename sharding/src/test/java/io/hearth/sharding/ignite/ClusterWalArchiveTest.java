package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clustered node's WAL archive, at its size for a new node (the floor), still holds the history
 * a peer restarted after missing ~10 MiB of WAL needs: it catches up by delta (the entries written
 * while it was down), not by a full copy of its partitions.
 */
class ClusterWalArchiveTest {
  private static final int PARTITIONS = 16;
  private static final int KEYS_PER_PARTITION = 800; // above Ignite's 500-entry threshold for a delta
  private static final int CHANGED_PER_PARTITION = 150;
  private static final int VALUE_BYTES = 2048;
  @TempDir Path dir;
  private final List<IgniteStore> stores = new ArrayList<>();

  @AfterEach
  void stopAll() {
    ZoneAwareAffinityTest.closeAll(stores);
  }

  private static byte[] value(int p, int i, int version) {
    byte[] v = new byte[VALUE_BYTES];
    new SplittableRandom(((long) p << 40) ^ ((long) i << 8) ^ version).nextBytes(v); // incompressible
    return v;
  }

  private static List<Path> archived(IgniteStore s, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(s.settings().workDir().resolve("wal-archive"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aRestartedPeerCatchesUpByDeltaFromTheArchiveOfANewNode() throws Exception {
    int[] disco = {LoopbackPorts.free(), LoopbackPorts.free()};
    List<String> peers = List.of("127.0.0.1:" + disco[0], "127.0.0.1:" + disco[1]);
    List<IgniteSettings> settings = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      settings.add(new IgniteSettings("w" + i, dir.resolve("w" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers,
          PARTITIONS, 2, 64L << 20, Durability.LOG_ONLY).withBootstrapExpect(2));
    }
    CompletableFuture<IgniteStore> a0 = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(0)));
    CompletableFuture<IgniteStore> b0 = CompletableFuture.supplyAsync(() -> IgniteStore.start(settings.get(1)));
    IgniteStore a = a0.get(120, TimeUnit.SECONDS);
    stores.add(a);
    IgniteStore b = b0.get(120, TimeUnit.SECONDS);
    stores.add(b);
    DataStorageConfiguration ds = a.ignite().configuration().getDataStorageConfiguration();
    assertEquals(IgniteStore.autoWalArchiveBytes(0), ds.getMaxWalArchiveSize(), "the archive of a new node");
    assertEquals(IgniteStore.CLUSTER_CHECKPOINT_TRIGGER, System.getProperty(IgniteStore.CHECKPOINT_TRIGGER_PROPERTY),
        "a cluster node checkpoints at half its archive's maximum of WAL");

    for (int p = 0; p < PARTITIONS; p++) for (int i = 0; i < KEYS_PER_PARTITION; i++) a.log.put(new SeqKey(p, i), value(p, i, 0));
    a.checkpoint("test");
    b.checkpoint("test");
    stores.remove(b);
    b.close();

    // Written while w1 is down: about 5 MB of values and as many of page records, several segments.
    for (int p = 0; p < PARTITIONS; p++) for (int i = 0; i < CHANGED_PER_PARTITION; i++) a.log.put(new SeqKey(p, i), value(p, i, 1));
    a.checkpoint("test");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (archived(a, ".wal").size() < 3) {
      if (System.nanoTime() > deadline) throw new AssertionError("fewer than 3 archived segments after 60 s: " + archived(a, ""));
      a.checkpoint("test");
      Thread.sleep(500);
    }
    IgniteStore restarted = IgniteStore.start(settings.get(1));
    stores.add(restarted);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (restarted.localPartitionsCatchingUp() != 0 || restarted.rebalancedKeys() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("w1 still catching up after 90 s: " + restarted.localPartitionsCatchingUp()
            + " partitions, " + restarted.rebalancedKeys() + " entries received");
      }
      Thread.sleep(200);
    }
    long received = restarted.rebalancedKeys();
    int changed = PARTITIONS * CHANGED_PER_PARTITION;
    int all = PARTITIONS * KEYS_PER_PARTITION;
    System.out.println("w1 received " + received + " entries by rebalancing (" + changed + " changed while it was down, "
        + all + " in all); archive of w0: " + archived(a, ".wal").size() + " segments");
    // A partition copied whole sends all its entries: below one partition's worth above the delta, none was.
    assertTrue(received >= changed && received < changed + KEYS_PER_PARTITION - CHANGED_PER_PARTITION,
        "received " + received + " entries: the delta is " + changed + ", a full copy " + all);

    // w1's own copy, read with w0 gone
    stores.remove(a);
    a.close();
    for (int p = 0; p < PARTITIONS; p++) {
      for (int i = 0; i < KEYS_PER_PARTITION; i += 37) {
        assertArrayEquals(value(p, i, i < CHANGED_PER_PARTITION ? 1 : 0), restarted.log.get(new SeqKey(p, i)), "partition " + p + " entry " + i);
      }
    }
  }
}
