package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition count is fixed when a node's data is created: started on that data with another
 * count, the store refuses with the count to use, and the data is untouched for a start with it.
 */
class IgniteStorePartitionCountTest {
  private static final byte[] VALUE = {4, 5, 6};
  @TempDir Path dir;
  private final RestartedStore node = new RestartedStore("partition-count-test");

  private IgniteStore start(int partitions) throws IOException {
    return node.start(dir, partitions, Durability.LOG_ONLY);
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
