package io.hearth.node.it;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.sharding.ignite.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One in-process test node's configuration: the values every such test uses (loopback, any HTTP
 * port, free cluster ports, 15 days' retention, 16 partitions, 128 MiB of page memory), and setters
 * for what a test changes. Instead of {@link NodeConfig}'s 23 positional arguments at every test.
 */
public final class TestNodeConfig {
  private final Path dir;
  private final String name;
  private Path configFile;
  private Map<String, String> flags = Map.of();
  private NodeConfig.Limits limits = NodeConfig.Limits.defaults();
  private boolean adminApi;
  private boolean lifecycle;

  private TestNodeConfig(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  /** A node named {@code name} with its data in {@code dir/data}. */
  public static TestNodeConfig of(Path dir, String name) {
    return new TestNodeConfig(dir, name);
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

  public NodeConfig build() throws IOException {
    return new NodeConfig(configFile, "127.0.0.1", 0, dir.resolve("data"), 15L * 86400_000, 0, lifecycle, adminApi, 300_000,
        50_000_000, 120_000, 4, name, "127.0.0.1", LoopbackPorts.freePair(), List.of(), 1, 16, 128L << 20,
        Durability.LOG_ONLY, flags, limits, null);
  }

  /** Builds and starts the node; the caller closes it. */
  public HearthNode start() throws IOException, InterruptedException {
    HearthNode node = new HearthNode(build());
    try {
      node.start();
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }
}
