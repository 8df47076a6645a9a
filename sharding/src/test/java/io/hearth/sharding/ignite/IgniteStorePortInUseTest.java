package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cluster port that another process holds stops the store with one line naming both ports and
 * the flag to change (and that communication takes the port after discovery's), not with Ignite's
 * stack trace.
 */
class IgniteStorePortInUseTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "taken: {0}")
  @ValueSource(strings = {"discovery", "communication"})
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTakenClusterPortIsOneLineNamingThePortsAndTheFlag(String taken) throws IOException {
    int discovery = LoopbackPorts.free();
    int communication = LoopbackPorts.free();
    int held = taken.equals("discovery") ? discovery : communication;
    try (ServerSocket other = new ServerSocket(held, 1, InetAddress.getByName("127.0.0.1"))) {
      IgniteSettings s = new IgniteSettings("port-in-use-test", dir.resolve("ignite"), "127.0.0.1", discovery, communication,
          List.of(), 16, 1, 64L << 20, Durability.LOG_ONLY);
      StorageException e = assertThrows(StorageException.class, () -> IgniteStore.start(s).close());
      String m = e.getMessage();
      assertTrue(m.contains("cluster port " + discovery + " or " + communication + " on 127.0.0.1 is in use"), m);
      assertTrue(m.contains("set --cluster.listen-address to a free PORT"), m);
      assertTrue(m.contains("communication uses PORT+1"), m);
      assertTrue(!m.contains("\n"), "one line: " + m);
    }
  }
}
