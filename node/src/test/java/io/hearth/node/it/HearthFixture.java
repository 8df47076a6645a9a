package io.hearth.node.it;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One in-process Hearth node on 127.0.0.1 for integration tests: free ports for HTTP and Ignite,
 * 16 partitions, replication factor 1, 256 MiB region, data under the given directory, and a
 * configuration without scrape jobs (so it holds only what is written to it). {@link #close()}
 * stops it; safe to call twice.
 */
public final class HearthFixture implements AutoCloseable {
  private final HearthNode node;
  private final PromApiClient api;

  private HearthFixture(HearthNode node) {
    this.node = node;
    this.api = new PromApiClient(URI.create("http://127.0.0.1:" + node.address().getPort()));
  }

  /** Starts a node with its data and configuration under {@code dir}. */
  public static HearthFixture start(Path dir, String nodeName) throws IOException, InterruptedException {
    return start(dir, nodeName, LoopbackPorts.freePair(), List.of(), 1);
  }

  /**
   * Starts a node as {@link #start(Path, String)} does, on Ignite discovery port {@code clusterPort}
   * (communication on the next port), with cluster {@code peers} (none: a single node) and {@code
   * replicationFactor}. With peers this blocks until every peer has joined.
   */
  public static HearthFixture start(Path dir, String nodeName, int clusterPort, List<String> peers, int replicationFactor)
      throws IOException, InterruptedException {
    return start(dir, nodeName, clusterPort, peers, replicationFactor, TestResources.text("hearth-no-scrape.yml", Map.of()));
  }

  /** As above with the node's configuration file ({@code prometheus.yml} text) given. */
  public static HearthFixture start(Path dir, String nodeName, int clusterPort, List<String> peers, int replicationFactor,
      String configYaml) throws IOException, InterruptedException {
    return start(dir, nodeName, clusterPort, peers, replicationFactor, configYaml, Map.of(),
        io.hearth.node.notifier.AlertSender.NONE);
  }

  /** As above with command-line flags by name without dashes (read through {@link NodeConfig}'s accessors). */
  public static HearthFixture start(Path dir, String nodeName, int clusterPort, List<String> peers, int replicationFactor,
      String configYaml, Map<String, String> flags) throws IOException, InterruptedException {
    return start(dir, nodeName, clusterPort, peers, replicationFactor, configYaml, flags, io.hearth.node.notifier.AlertSender.NONE);
  }

  /** As above with command-line flags ({@code rules.alert.resend-delay}: {@code 10s}) and where alerts go. */
  public static HearthFixture start(Path dir, String nodeName, int clusterPort, List<String> peers, int replicationFactor,
      String configYaml, Map<String, String> flags, io.hearth.node.notifier.AlertSender alerts)
      throws IOException, InterruptedException {
    return start(dir, nodeName, clusterPort, peers, replicationFactor, configYaml, flags, alerts, n -> {});
  }

  /** As above, with settings made on the node before it starts ({@code HearthNode.operatorApi}). */
  public static HearthFixture start(Path dir, String nodeName, int clusterPort, List<String> peers, int replicationFactor,
      String configYaml, Map<String, String> flags, io.hearth.node.notifier.AlertSender alerts,
      java.util.function.Consumer<HearthNode> beforeStart) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("hearth.yml");
    Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    HearthNode node = TestNodeConfig.of(dir, nodeName).configFile(config).lifecycle(true).clusterPort(clusterPort)
        .cluster(peers, replicationFactor).regionBytes(256L << 20).flags(flags).start(n -> {
          n.alertSender(alerts);
          beforeStart.accept(n);
        });
    return new HearthFixture(node);
  }

  public HearthNode node() {
    return node;
  }

  public PromApiClient api() {
    return api;
  }

  public int port() {
    return node.address().getPort();
  }

  @Override
  public void close() {
    node.close();
  }
}
