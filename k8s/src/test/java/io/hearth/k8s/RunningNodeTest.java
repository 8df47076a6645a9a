package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Probe;
import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.node.it.PromApiClient;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real node started from the single-node overlay's flags (with local addresses, a temporary data
 * directory, small page memory and the built-in scrape config): the probes' paths answer on it, and
 * the image's healthcheck passes against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunningNodeTest {
  private Path dataDir;
  private HearthNode node;
  private int port;
  private Build build;

  @BeforeAll
  void start() throws Exception {
    build = Build.of(Build.K8S.resolve("overlays/eks-single-node"));
    dataDir = Files.createTempDirectory("hearth-k8s-node");
    int clusterPort = LoopbackPorts.freePair();
    var c = build.hearthContainer();
    Map<String, String> env = HearthFlags.environment(c, "hearth-0", build.namespace(), "127.0.0.1");
    List<String> args = new ArrayList<>();
    for (String a : HearthFlags.args(c, env).subList(1, c.getArgs().size())) {
      String name = HearthFlags.flagName(a);
      switch (name) {
        case "--web.listen-address" -> args.add(name + "=127.0.0.1:0");
        case "--storage.tsdb.path" -> args.add(name + "=" + dataDir.resolve("data"));
        case "--cluster.listen-address" -> args.add(name + "=127.0.0.1:" + clusterPort);
        case "--storage.ignite.region-size" -> args.add(name + "=256MB");
        case "--config.file" -> { } // Kubernetes service discovery needs a cluster; the built-in config scrapes the node itself
        // cert-manager's secret is not here; a single node has no peer to talk TLS to (ClusterTlsProcessTest covers TLS)
        case "--cluster.tls.cert-file", "--cluster.tls.key-file", "--cluster.tls.ca-file" -> { }
        default -> args.add(a);
      }
    }
    NodeConfig cfg = HearthFlags.nodeConfig(args);
    node = new HearthNode(cfg);
    node.start();
    port = node.address().getPort();
  }

  @AfterAll
  void stop() throws IOException {
    if (node != null) node.close();
    if (dataDir != null) {
      try (var s = Files.walk(dataDir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  int get(String path) {
    return new PromApiClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(10)).get(path, List.of()).status();
  }

  @Test
  void everyProbePathAnswers200OnAStartedNode() throws Exception {
    var c = build.hearthContainer();
    for (Probe p : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
      assertEquals(200, get(p.getHttpGet().getPath()), p.getHttpGet().getPath());
    }
    assertEquals(404, get("/-/no-such-path"), "the 200s above are not a catch-all");
  }

  static int healthcheck(int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", DockerImageTest.ENTRYPOINT_SCRIPT.toString(), "healthcheck").redirectErrorStream(true);
    pb.environment().put("HEARTH_HEALTHCHECK_PORT", Integer.toString(port));
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("healthcheck hung");
    }
    return p.exitValue();
  }

  @Test
  void theImageHealthcheckPassesAgainstARunningNode() throws Exception {
    assertEquals(0, healthcheck(port));
  }

  @Test
  void theImageHealthcheckFailsWhenNothingListensOrTheNodeAnswersAnError() throws Exception {
    int closed = LoopbackPorts.free();
    assertNotEquals(0, healthcheck(closed));
    HttpServer unhealthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    unhealthy.createContext("/", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    unhealthy.start();
    try {
      assertNotEquals(0, healthcheck(unhealthy.getAddress().getPort()));
    } finally {
      unhealthy.stop(0);
    }
  }
}
