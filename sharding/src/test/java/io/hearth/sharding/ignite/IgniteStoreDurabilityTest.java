package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.ignite.configuration.WALMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' {@link Durability} is the WAL mode of the running Ignite node. */
class IgniteStoreDurabilityTest {
  private static final byte[] VALUE = {1, 2, 3};
  @TempDir Path dir;
  /** One single node per test, in the same directory and on the same ports across restarts. */
  private final RestartedStore node = new RestartedStore("durability-test");

  private IgniteStore start(Durability d) throws IOException {
    return node.start(dir, 16, d);
  }

  private static WALMode walMode(IgniteStore store) {
    return store.ignite().configuration().getDataStorageConfiguration().getWalMode();
  }

  @Test
  void fsyncDurabilityRunsIgniteWithFsyncWal() throws IOException {
    try (IgniteStore store = start(Durability.FSYNC)) {
      assertEquals(WALMode.FSYNC, walMode(store));
      store.log.put(new SeqKey(3, 1), VALUE);
      assertArrayEquals(VALUE, store.log.get(new SeqKey(3, 1)));
    }
  }

  @Test
  void logOnlyDurabilityRunsIgniteWithLogOnlyWal() throws IOException {
    try (IgniteStore store = start(Durability.LOG_ONLY)) {
      assertEquals(WALMode.LOG_ONLY, walMode(store));
    }
  }

  @Test
  void walModeCanChangeOnRestartAndTheDataStays() throws IOException {
    try (IgniteStore store = start(Durability.LOG_ONLY)) {
      store.log.put(new SeqKey(5, 1), VALUE);
    }
    try (IgniteStore store = start(Durability.FSYNC)) {
      assertEquals(WALMode.FSYNC, walMode(store));
      assertArrayEquals(VALUE, store.log.get(new SeqKey(5, 1)));
      store.log.put(new SeqKey(5, 2), VALUE);
    }
    try (IgniteStore store = start(Durability.LOG_ONLY)) {
      assertArrayEquals(VALUE, store.log.get(new SeqKey(5, 1)));
      assertArrayEquals(VALUE, store.log.get(new SeqKey(5, 2)));
    }
  }
}
