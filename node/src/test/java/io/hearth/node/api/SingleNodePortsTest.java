package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.sharding.testing.LoopbackPorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A single node needs no fixed cluster port: a second single node on the same host, same flags, starts too. */
class SingleNodePortsTest {
  @TempDir Path dir;

  HearthNode start(String name, int clusterPort) throws Exception {
    return TestNodeConfig.of(dir, name).dataDir(dir.resolve(name)).clusterPort(clusterPort).start();
  }

  static int ready(HearthNode n) {
    return new PromApiClient(URI.create("http://127.0.0.1:" + n.address().getPort()), Duration.ofSeconds(10)).get("/-/ready", List.of()).status();
  }

  @Test
  @Timeout(120)
  void twoSingleNodesWithTheSameClusterPortBothStart() throws Exception {
    int port = LoopbackPorts.freePair();
    try (HearthNode a = start("first", port); HearthNode b = start("second", port)) {
      assertEquals(200, ready(a));
      assertEquals(200, ready(b));
    }
  }
}
