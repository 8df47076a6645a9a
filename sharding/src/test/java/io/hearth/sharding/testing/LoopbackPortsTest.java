package io.hearth.sharding.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The test ports really come from below the kernel's ephemeral range on this machine: when the
 * range could not be read, ports came from binding port 0, which outgoing connections and other
 * tests' port-0 binds share, and a node's HTTP port once took a cluster port handed out before.
 */
class LoopbackPortsTest {
  private static final Path RANGE_FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  @Test
  void portsComeFromJustBelowTheEphemeralRange() throws Exception {
    Assumptions.assumeTrue(Files.exists(RANGE_FILE), "skipped: no " + RANGE_FILE + " (not Linux)");
    int low;
    try (BufferedReader r = Files.newBufferedReader(RANGE_FILE)) {
      low = Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
    }
    for (int i = 0; i < 20; i++) {
      int p = LoopbackPorts.freePair();
      assertTrue(p >= low - 10_000 && p + 1 < low, "port pair " + p + "/" + (p + 1) + " is not in [" + (low - 10_000) + ", " + low + ")");
      int single = LoopbackPorts.free();
      assertTrue(single >= low - 10_000 && single < low, "port " + single + " is not below the ephemeral range starting at " + low);
      assertNotEquals(p, single);
    }
  }
}
