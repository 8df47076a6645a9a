package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.node.it.LoopbackPorts;
import io.hearth.sharding.ignite.Durability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A single node needs no fixed cluster port: a second single node on the same host, same flags, starts too. */
class SingleNodePortsTest {
  @TempDir Path dir;

  HearthNode start(String name, int clusterPort) throws Exception {
    NodeConfig cfg = new NodeConfig(null, "127.0.0.1", 0, dir.resolve(name), 15L * 86400_000, 0, false, false, 300_000,
        50_000_000, 120_000, 4, name, "127.0.0.1", clusterPort, List.of(), 1, 16, 128L << 20, Durability.LOG_ONLY, Map.of());
    HearthNode n = new HearthNode(cfg);
    n.start();
    return n;
  }

  static int ready(HearthNode n) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.address().getPort() + "/-/ready"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
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
