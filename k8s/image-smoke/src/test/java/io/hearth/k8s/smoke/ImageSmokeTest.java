package io.hearth.k8s.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.xerial.snappy.Snappy;

/**
 * The image as Kubernetes runs it: built from the root Dockerfile, started with the StatefulSet's
 * kind of flags, probed on {@code /-/ready}; one node, then three nodes forming a cluster on a
 * Docker network. Needs Docker: run with {@code mvn -P image-smoke -pl k8s/image-smoke -am verify}.
 */
@Timeout(900)
class ImageSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ImageFromDockerfile IMAGE = new ImageFromDockerfile("hearth-smoke", false)
      .withDockerfile(Path.of(System.getProperty("hearth.repo.dir", "../..")).toAbsolutePath().normalize().resolve("Dockerfile"));

  private static GenericContainer<?> node(Network net, String name, String... extra) {
    List<String> cmd = new ArrayList<>(List.of("run", "--web.listen-address=0.0.0.0:9090", "--memory.heap=384MB",
        "--storage.ignite.region-size=128MB", "--storage.tsdb.path=/var/lib/hearth/data", "--cluster.node-name=" + name));
    cmd.addAll(List.of(extra));
    GenericContainer<?> c = new GenericContainer<>(IMAGE).withExposedPorts(9090).withCommand(cmd.toArray(new String[0]))
        .waitingFor(Wait.forHttp("/-/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
    if (net != null) c = c.withNetwork(net).withNetworkAliases(name);
    return c;
  }

  private static String base(GenericContainer<?> c) {
    return "http://" + c.getHost() + ":" + c.getMappedPort(9090);
  }

  /** A remote-write 1.0 request with one series {@code smoke{n="i"}} and one sample, snappy-framed. */
  static byte[] writeRequest(int i, long t, double v) throws Exception {
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    field(series, 1, label("__name__", "smoke"));
    field(series, 1, label("n", Integer.toString(i)));
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    sample.write(0x09); // field 1, fixed64: value
    long bits = Double.doubleToRawLongBits(v);
    for (int b = 0; b < 8; b++) sample.write((int) (bits >>> (8 * b)));
    sample.write(0x10); // field 2, varint: timestamp
    varint(sample, t);
    field(series, 2, sample.toByteArray());
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    field(req, 1, series.toByteArray());
    return Snappy.compress(req.toByteArray());
  }

  private static byte[] label(String name, String value) throws Exception {
    ByteArrayOutputStream l = new ByteArrayOutputStream();
    field(l, 1, name.getBytes(StandardCharsets.UTF_8));
    field(l, 2, value.getBytes(StandardCharsets.UTF_8));
    return l.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int num, byte[] body) throws Exception {
    out.write((num << 3) | 2);
    varint(out, body.length);
    out.write(body);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static int write(String base, int i, long t, double v) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(writeRequest(i, t, v))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static double count(String base, long atSeconds) throws Exception {
    String q = java.net.URLEncoder.encode("count(count_over_time(smoke[1h]))", StandardCharsets.UTF_8);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + q + "&time=" + atSeconds)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode res = JSON.readTree(r.body()).path("data").path("result");
    return res.size() == 0 ? 0 : res.get(0).path("value").get(1).asDouble();
  }

  @Test
  void oneNodeRunsAsNonRootAcceptsWritesAnswersQueriesAndStopsGracefully() throws Exception {
    try (GenericContainer<?> c = node(null, "hearth-0")) {
      c.start();
      assertNotEquals("0", c.execInContainer("id", "-u").getStdout().trim(), "the image runs as a non-root user");
      long now = System.currentTimeMillis();
      for (int i = 0; i < 20; i++) assertEquals(204, write(base(c), i, now, i));
      assertEquals(20, count(base(c), now / 1000));
      var docker = c.getDockerClient();
      docker.stopContainerCmd(c.getContainerId()).withTimeout(60).exec();
      Long exit = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
      assertTrue(exit != null && (exit == 0 || exit == 143), "graceful exit on SIGTERM, got " + exit);
    }
  }

  @Test
  void threeNodesFormAClusterThatAnswersFromEveryNodeAndSurvivesOneNodeLost() throws Exception {
    try (Network net = Network.newNetwork()) {
      String peers = "--cluster.peers=hearth-0:47500,hearth-1:47500,hearth-2:47500";
      List<GenericContainer<?>> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(node(net, "hearth-" + i, "--cluster.listen-address=hearth-" + i + ":47500", peers, "--cluster.replication-factor=2",
            "--cluster.partitions=16"));
      }
      try {
        nodes.parallelStream().forEach(GenericContainer::start);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) assertEquals(204, write(base(nodes.get(i % 3)), i, now, i));
        for (GenericContainer<?> n : nodes) assertEquals(60, count(base(n), now / 1000), "answer from " + n.getNetworkAliases());
        nodes.get(2).getDockerClient().killContainerCmd(nodes.get(2).getContainerId()).exec();
        long deadline = System.currentTimeMillis() + 30_000;
        double seen = -1;
        while (System.currentTimeMillis() < deadline) {
          try {
            seen = count(base(nodes.get(0)), now / 1000);
            if (seen == 60) break;
          } catch (AssertionError notYet) {
            // 503 while the survivors take the lost node's partitions over
          }
          Thread.sleep(500);
        }
        assertEquals(60, seen, "every acknowledged series after one node was killed");
      } finally {
        for (GenericContainer<?> n : nodes) n.stop();
      }
    }
  }
}
