package io.hearth.sharding.ignite;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One single-node {@link IgniteStore} started again and again on the same data directory and the
 * same two loopback ports, as a node restarted on its data: for tests of what a restart keeps or
 * refuses. The ports are taken at the first start.
 */
final class RestartedStore {
  private final String name;
  private int discoveryPort;
  private int communicationPort;

  RestartedStore(String name) {
    this.name = name;
  }

  /** Starts the node on {@code dir/ignite} with {@code partitions} partitions, no backups and a 64 MiB region. */
  IgniteStore start(Path dir, int partitions, Durability durability) throws IOException {
    if (discoveryPort == 0) {
      discoveryPort = LoopbackPorts.free();
      communicationPort = LoopbackPorts.free();
    }
    return IgniteStore.start(new IgniteSettings(name, dir.resolve("ignite"), "127.0.0.1", discoveryPort, communicationPort,
        List.of(), partitions, 1, 64L << 20, durability));
  }
}
