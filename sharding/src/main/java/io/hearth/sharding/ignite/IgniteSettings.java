package io.hearth.sharding.ignite;

import io.hearth.sharding.tls.ClusterTls;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start the embedded Ignite node.
 *
 * @param nodeName stable consistent id (a StatefulSet pod name); names the on-disk folder
 * @param workDir Ignite's work directory (persistence, WAL)
 * @param host address to bind discovery and communication to
 * @param discoveryPort TCP discovery port; communication uses {@code communicationPort}
 * @param peers seed addresses {@code host:port} of discovery; empty for a single node
 * @param partitions fixed partition count of the caches (power of two)
 * @param replicationFactor copies of every partition (backups = factor - 1)
 * @param regionBytes off-heap data region size
 * @param durability the WAL mode: when an acknowledged write is on disk
 * @param tls node-to-node TLS for discovery and communication; null for plain TCP
 * @param walArchiveBytes the WAL archive a clustered node keeps for catching up by delta; 0 = auto
 *     (a quarter of the data persisted at start, within [128 MiB, 4 GiB]: {@link IgniteStore#autoWalArchiveBytes})
 */
public record IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
    List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability, ClusterTls tls,
    long walArchiveBytes) {
  /** With the WAL archive sized automatically. */
  public IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
      List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability, ClusterTls tls) {
    this(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor, regionBytes, durability, tls, 0);
  }

  /** Without TLS. */
  public IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
      List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability) {
    this(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor, regionBytes, durability, null);
  }
}
