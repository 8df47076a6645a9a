package io.hearth.node.it;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.sharding.ignite.Durability;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One in-process test node's configuration: the values every such test uses (loopback, any HTTP
 * port, free cluster ports, no peers, 15 days' retention, 16 partitions, 128 MiB of page memory, the
 * command line's query limits), and setters for what a test changes. Instead of {@link NodeConfig}'s
 * 23 positional arguments at every test.
 */
public final class TestNodeConfig {
  private final String name;
  private Path dataDir;
  private Path configFile;
  private Map<String, String> flags = Map.of();
  private NodeConfig.Limits limits = NodeConfig.Limits.defaults();
  private boolean adminApi;
  private boolean lifecycle;
  private int clusterPort = -1;
  private List<String> peers = List.of();
  private int replicationFactor = 1;
  private long regionBytes = 128L << 20;
  private long maxSamples = 50_000_000;
  private long queryTimeoutMs = 120_000;
  private int maxConcurrency = 4;

  private TestNodeConfig(Path dataDir, String name) {
    this.dataDir = dataDir;
    this.name = name;
  }

  /** A node named {@code name} with its data in {@code dir/data}. */
  public static TestNodeConfig of(Path dir, String name) {
    return new TestNodeConfig(dir.resolve("data"), name);
  }

  /** The node's data directory (default: {@code dir/data}). */
  public TestNodeConfig dataDir(Path d) {
    dataDir = d;
    return this;
  }

  /** The prometheus.yml to load (none: the built-in one that scrapes the node itself). */
  public TestNodeConfig configFile(Path f) {
    configFile = f;
    return this;
  }

  /** Command-line flags by name without dashes, read through {@link NodeConfig}'s accessors. */
  public TestNodeConfig flags(Map<String, String> f) {
    flags = Map.copyOf(f);
    return this;
  }

  public TestNodeConfig limits(NodeConfig.Limits l) {
    limits = l;
    return this;
  }

  public TestNodeConfig adminApi(boolean on) {
    adminApi = on;
    return this;
  }

  public TestNodeConfig lifecycle(boolean on) {
    lifecycle = on;
    return this;
  }

  /** Ignite discovery on {@code port}, communication on the next (default: a free pair). */
  public TestNodeConfig clusterPort(int port) {
    clusterPort = port;
    return this;
  }

  /** Cluster peers ({@code host:port}; none: a single node) and the replication factor. */
  public TestNodeConfig cluster(List<String> peerList, int replication) {
    peers = List.copyOf(peerList);
    replicationFactor = replication;
    return this;
  }

  /** Ignite page memory in bytes. */
  public TestNodeConfig regionBytes(long bytes) {
    regionBytes = bytes;
    return this;
  }

  /** {@code --query.max-samples}, {@code --query.timeout} and {@code --query.max-concurrency}. */
  public TestNodeConfig query(long samples, long timeoutMs, int concurrency) {
    maxSamples = samples;
    queryTimeoutMs = timeoutMs;
    maxConcurrency = concurrency;
    return this;
  }

  public NodeConfig build() throws IOException {
    int port = clusterPort >= 0 ? clusterPort : LoopbackPorts.freePair();
    return new NodeConfig(configFile, "127.0.0.1", 0, dataDir, 15L * 86400_000, 0, lifecycle, adminApi, 300_000,
        maxSamples, queryTimeoutMs, maxConcurrency, name, "127.0.0.1", port, peers, replicationFactor, 16, regionBytes,
        Durability.LOG_ONLY, flags, limits, null);
  }

  /** Builds and starts the node; the caller closes it. */
  public HearthNode start() throws IOException, InterruptedException {
    return start(n -> {});
  }

  /** As {@link #start()}, with settings made on the node before it starts (where alerts go, the operator API). */
  public HearthNode start(Consumer<HearthNode> beforeStart) throws IOException, InterruptedException {
    HearthNode node = new HearthNode(build());
    try {
      beforeStart.accept(node);
      node.start();
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }
}
