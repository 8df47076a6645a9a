package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.ignite.configuration.WALMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' {@link Durability} is the WAL mode of the running Ignite node. */
class IgniteStoreDurabilityTest {
  @TempDir Path dir;

  /** Starts a single node with {@code d}, writes one entry through the WAL and returns the node's WAL mode. */
  private WALMode runningWalMode(Durability d) throws IOException {
    IgniteSettings s = new IgniteSettings("durability-" + d.flagValue(), dir.resolve(d.flagValue()), "127.0.0.1",
        IgniteHeadTest.freePort(), IgniteHeadTest.freePort(), List.of(), 16, 1, 64L << 20, d);
    try (IgniteStore store = IgniteStore.start(s)) {
      byte[] value = {1, 2, 3};
      store.log.put(new SeqKey(3, 1), value);
      assertArrayEquals(value, store.log.get(new SeqKey(3, 1)));
      return store.ignite().configuration().getDataStorageConfiguration().getWalMode();
    }
  }

  @Test
  void fsyncDurabilityRunsIgniteWithFsyncWal() throws IOException {
    assertEquals(WALMode.FSYNC, runningWalMode(Durability.FSYNC));
  }

  @Test
  void logOnlyDurabilityRunsIgniteWithLogOnlyWal() throws IOException {
    assertEquals(WALMode.LOG_ONLY, runningWalMode(Durability.LOG_ONLY));
  }
}
