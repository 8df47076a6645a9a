package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition count is fixed when a node's data is created: started on that data with another
 * count, the store refuses with the count to use, and the data is untouched for a start with it.
 * Without a count (auto), new data gets the default for a node alone or in a cluster, and existing
 * data, or the cluster a node joins, keeps its own.
 */
class IgniteStorePartitionCountTest {
  private static final byte[] VALUE = {4, 5, 6};
  @TempDir Path dir;
  private final RestartedStore node = new RestartedStore("partition-count-test");

  private IgniteStore start(int partitions) throws IOException {
    return node.start(dir, partitions, Durability.LOG_ONLY);
  }

  /** A cluster member named {@code name} on {@code disco}, finding the cluster through {@code peerPorts}. */
  private IgniteStore member(String name, int disco, int partitions, int... peerPorts) throws IOException {
    List<String> peers = new java.util.ArrayList<>();
    for (int p : peerPorts) peers.add("127.0.0.1:" + p);
    return IgniteStore.start(new IgniteSettings(name, dir.resolve(name), "127.0.0.1", disco, LoopbackPorts.free(), peers,
        partitions, 2, 64L << 20, Durability.LOG_ONLY).withBootstrapExpect(1));
  }

  @Test
  void autoGivesNewDataOfANodeAloneSixteenPartitionsAndKeepsTheCountOfExistingData() throws IOException {
    try (IgniteStore store = start(IgniteSettings.AUTO_PARTITIONS)) {
      assertEquals(IgniteSettings.PARTITIONS_ALONE, store.settings().partitions());
      assertEquals(16, store.ignite().affinity(IgniteStore.LOG).partitions());
    }
    try (IgniteStore store = start(IgniteSettings.AUTO_PARTITIONS)) {
      assertEquals(16, store.settings().partitions(), "restarted on its data");
    }
    StorageException refused = assertThrows(StorageException.class, () -> start(64).close());
    assertTrue(refused.getMessage().contains("has 16 partitions but --cluster.partitions is 64"), refused.getMessage());
  }

  @Test
  void autoKeepsTheCountOfDataCreatedWithAnExplicitOne() throws IOException {
    try (IgniteStore store = start(64)) {
      store.log.put(new SeqKey(63, 1), VALUE);
    }
    try (IgniteStore store = start(IgniteSettings.AUTO_PARTITIONS)) {
      assertEquals(64, store.settings().partitions());
      assertArrayEquals(VALUE, store.log.get(new SeqKey(63, 1)));
    }
  }

  @Test
  void aNodeJoiningWithAutoTakesTheClustersCountAndAnExplicitOtherCountIsRefused() throws IOException {
    assertEquals(IgniteSettings.PARTITIONS_CLUSTER, new IgniteSettings("new", dir, "127.0.0.1", 1, 2, List.of("127.0.0.1:1"),
        IgniteSettings.AUTO_PARTITIONS, 2, 64L << 20, Durability.LOG_ONLY).partitionsForNewData(), "a new cluster's count");
    int firstPort = LoopbackPorts.free();
    try (IgniteStore first = member("first", firstPort, 32, firstPort)) {
      assertEquals(32, first.settings().partitions());
      first.log.put(new SeqKey(31, 1), VALUE);
      int joinerPort = LoopbackPorts.free();
      try (IgniteStore joiner = member("joiner", joinerPort, IgniteSettings.AUTO_PARTITIONS, firstPort)) {
        assertEquals(32, joiner.settings().partitions(), "not the cluster default for new data, " + IgniteSettings.PARTITIONS_CLUSTER);
        assertArrayEquals(VALUE, joiner.log.get(new SeqKey(31, 1)));
      }
      int otherPort = LoopbackPorts.free();
      StorageException refused = assertThrows(StorageException.class, () -> member("other", otherPort, 64, firstPort).close());
      assertTrue(refused.getMessage().contains("the cluster's data has 32 partitions but --cluster.partitions is 64"),
          refused.getMessage());
    }
  }

  @Test
  void dataCreatedWithOnePartitionCountRefusesAnotherAndNamesTheCount() throws IOException {
    try (IgniteStore store = start(32)) {
      store.log.put(new SeqKey(20, 1), VALUE);
    }
    StorageException fewer = assertThrows(StorageException.class, () -> start(16).close());
    assertTrue(fewer.getMessage().contains("has 32 partitions but --cluster.partitions is 16"), fewer.getMessage());
    assertTrue(fewer.getMessage().contains("--cluster.partitions=32"), fewer.getMessage());
    StorageException more = assertThrows(StorageException.class, () -> start(64).close());
    assertTrue(more.getMessage().contains("has 32 partitions but --cluster.partitions is 64"), more.getMessage());
    try (IgniteStore store = start(32)) {
      assertArrayEquals(VALUE, store.log.get(new SeqKey(20, 1)), "the refused starts left the data as it was");
    }
  }
}
