package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.remote.WriteRequestBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Cluster TLS between real node processes on loopback, with a CA, node certificates and a foreign
 * CA made by openssl for the test. Two nodes with certificates from the cluster CA form the cluster;
 * node 2 joins through a {@link WireTap} in front of node 1's discovery port, which keeps the bytes
 * of that join. Nodes without TLS, or with a certificate from another CA, try to join and stay out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClusterTlsProcessTest {
  private static final Duration START = ChaosCluster.START_MAX;
  private static final Set<String> MEMBERS = Set.of("tls-node-1", "tls-node-2");

  private Path dir;
  private Path config;
  private TestPki.Ca clusterCa;
  private TestPki.Ca foreignCa;
  private final List<ClusterNodeProcess> started = new ArrayList<>();
  private final List<WireTap> taps = new ArrayList<>();
  private ClusterNodeProcess node1;
  private ClusterNodeProcess node2;
  private WireTap joinTap;

  @BeforeAll
  void formTheClusterWithNode2JoiningThroughATap() throws Exception {
    dir = ChaosCluster.baseDir().resolve("ClusterTlsProcessTest").toAbsolutePath();
    ChaosCluster.deleteRecursively(dir);
    Files.createDirectories(dir);
    config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
    clusterCa = TestPki.ca(dir.resolve("pki"), "hearth-cluster-ca");
    foreignCa = TestPki.ca(dir.resolve("pki"), "foreign-ca");
    int disco1 = ChaosCluster.freePortPair();
    int disco2 = ChaosCluster.freePortPair();
    joinTap = tap(disco1);
    node1 = node("tls-node-1", disco1, List.of("127.0.0.1:" + disco1, "127.0.0.1:" + disco2));
    node2 = node("tls-node-2", disco2, List.of(joinTap.address(), "127.0.0.1:" + disco2));
    tls(node1, clusterCa.issue("tls-node-1"), clusterCa.cert());
    tls(node2, clusterCa.issue("tls-node-2"), clusterCa.cert());
    // node 1 first, so that node 2's only way in is the tap
    node1.start();
    awaitLog(node1, "waiting for the cluster to activate", START);
    node2.start();
    ChaosCluster.awaitReady(node1, START);
    ChaosCluster.awaitReady(node2, START);
  }

  @AfterAll
  void stopEverything() throws Exception {
    for (ClusterNodeProcess n : started) n.close();
    for (WireTap t : taps) t.close();
  }

  @Test
  void nodesWithCertificatesFromTheClusterCaFormAClusterAndAWriteThroughOneIsReadThroughTheOther() throws Exception {
    assertMembersUnchanged(node1);
    String canary = "tls-canary-" + System.nanoTime();
    byte[] body = WriteRequestBuilder.v1().series("__name__", "tls_probe", "secret", canary).sample(System.currentTimeMillis(), 42)
        .buildSnappy();
    PromApiClient.Reply w = node1.api(Duration.ofSeconds(15)).tryRemoteWrite(body);
    assertEquals(204, w.status(), w.toString());
    String q = "/api/v1/query?query=" + PromApiClient.enc("tls_probe{secret=\"" + canary + "\"}");
    JsonNode result = node2.api(Duration.ofSeconds(15)).tryGet(q).json().path("data").path("result");
    assertEquals(1, result.size(), result.toString());
    assertEquals("42", result.get(0).path("value").get(1).asText());
  }

  @Test
  void aNodeWithoutTlsFlagsCannotJoinAndTheClusterLogsIt() throws Exception {
    ClusterNodeProcess plain = node("plain-node", ChaosCluster.freePortPair(), List.of(node1.discoveryAddress()));
    String line = assertRefused(plain, "missing SSL configuration on remote node");
    assertTrue(line.contains("level=warn"), line);
  }

  @Test
  void aNodeWithACertificateFromAnotherCaIsRefusedAndTheClusterLogsIt() throws Exception {
    ClusterNodeProcess intruder = node("intruder", ChaosCluster.freePortPair(), List.of(node1.discoveryAddress()));
    // it even trusts the cluster CA (a public certificate): only its own certificate is foreign
    Path bundle = TestPki.bundle(dir.resolve("pki/intruder-trust.crt"), foreignCa.cert(), clusterCa.cert());
    tls(intruder, foreignCa.issue("intruder"), bundle);
    String line = assertRefused(intruder, "refused a cluster peer's certificate [connection=incoming");
    assertTrue(line.contains("subject=CN=intruder, issuer=CN=foreign-ca"), line);
  }

  @Test
  void discoveryBytesAreTlsRecordsWithoutPlaintextWhileAPlainNodeSendsIgniteMessagesInTheClear() throws Exception {
    List<WireTap.Connection> join = joinTap.connections();
    assertFalse(join.isEmpty(), "node 2 joined without passing the tap");
    for (WireTap.Connection c : join) {
      byte[] sent = c.client();
      assertTrue(sent.length >= 5, "a connection of node 2 sent " + sent.length + " bytes");
      // a TLS record: content type 22 (handshake), protocol version 3.x
      assertEquals(0x16, sent[0] & 0xff, "first byte of node 2's discovery connection");
      assertEquals(0x03, sent[1] & 0xff);
    }
    byte[] tls = joinTap.allBytes();
    assertTrue(tls.length > 2_000, "the join (node attributes, discovery data) passed the tap: " + tls.length + " bytes");
    String seen = text(tls);
    for (String plain : List.of("tls-node-2", "tls-node-1", "org.apache.ignite", "127.0.0.1")) {
      assertFalse(seen.contains(plain), "\"" + plain + "\" in the clear on node 2's discovery connection");
    }

    // the same kind of tap shows a node without TLS as it is: Ignite's Java-serialized messages in the clear
    WireTap plainTap = tap(node1.discoveryPort);
    ClusterNodeProcess plain = node("cleartext-probe", ChaosCluster.freePortPair(), List.of(plainTap.address()));
    plain.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); // its JVM starts first
    while (!text(plainTap.allBytes()).contains("org.apache.ignite") && System.nanoTime() < deadline) Thread.sleep(200);
    plain.close();
    String clear = text(plainTap.allBytes());
    assertTrue(clear.contains("org.apache.ignite.spi.discovery.tcp"), "a plain node's discovery bytes (" + clear.length() + ")");
    byte[] first = plainTap.connections().get(0).client();
    assertTrue(first[0] != 0x16, "a plain node's stream does not start like TLS");
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Adds the three TLS flags. */
  private static void tls(ClusterNodeProcess n, TestPki.Identity id, Path ca) {
    n.withArgs("--cluster.tls.cert-file=" + id.cert(), "--cluster.tls.key-file=" + id.key(), "--cluster.tls.ca-file=" + ca);
  }

  private ClusterNodeProcess node(String name, int disco, List<String> peers) throws IOException {
    List<String> p = new ArrayList<>(peers);
    if (!p.isEmpty() && !p.contains("127.0.0.1:" + disco)) p.add("127.0.0.1:" + disco);
    ClusterNodeProcess n = new ClusterNodeProcess(name, ChaosCluster.freePort(), disco, dir.resolve("data").resolve(name),
        dir.resolve("logs"), p, config);
    started.add(n);
    return n;
  }

  private WireTap tap(int port) throws IOException {
    WireTap t = WireTap.start(port);
    taps.add(t);
    return t;
  }

  /**
   * Starts {@code outsider}, waits for node 1 to log the refusal ({@code text}), then checks that the
   * outsider is in no member's topology and the baseline is unchanged, now and a few seconds later
   * (it may keep trying); stops it. Returns the log line.
   */
  private String assertRefused(ClusterNodeProcess outsider, String text) throws Exception {
    outsider.start();
    String line = awaitLog(node1, text, Duration.ofSeconds(180)); // the outsider's JVM starts first
    for (int i = 0; i < 3; i++) {
      assertMembersUnchanged(node1);
      assertMembersUnchanged(node2);
      Thread.sleep(1000);
    }
    outsider.close();
    return line;
  }

  private static void assertMembersUnchanged(ClusterNodeProcess member) throws Exception {
    JsonNode s = ChaosCluster.status(member);
    assertEquals(MEMBERS, ChaosCluster.names(s.path("nodes")), member.name + "'s topology: " + s);
    assertEquals(MEMBERS, ChaosCluster.names(s.path("baseline")), member.name + "'s baseline: " + s);
    assertEquals("ACTIVE", s.path("state").asText());
  }

  /** The first line of the node's current log containing {@code text}; fails after {@code max}. */
  private static String awaitLog(ClusterNodeProcess n, String text, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (n.log() != null && Files.exists(n.log())) {
        for (String line : Files.readAllLines(n.log(), StandardCharsets.UTF_8)) {
          if (line.contains(text)) return line;
        }
      }
      if (!n.alive()) throw new AssertionError(n.name + " exited with " + n.exitValue() + ":\n" + n.logTail(40));
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line with \"" + text + "\" in " + n.log() + " within " + max.toSeconds() + " s:\n" + n.logTail(40));
      }
      Thread.sleep(200);
    }
  }
}
