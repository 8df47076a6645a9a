package io.hearth.sharding.ignite;

import io.hearth.sharding.discovery.NameResolver;
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
 * @param peers the entries of {@code --cluster.peers}: {@code host:port} or {@code dns+NAME:port}
 *     (see {@link io.hearth.sharding.discovery.PeerEntry}); empty for a single node
 * @param partitions fixed partition count of the caches (power of two), or {@link #AUTO_PARTITIONS}:
 *     the count the data or the cluster was created with, and for new data
 *     {@link #PARTITIONS_ALONE} without peers, {@link #PARTITIONS_CLUSTER} with them
 * @param replicationFactor copies of every partition (backups = factor - 1)
 * @param regionBytes off-heap data region size
 * @param durability the WAL mode: when an acknowledged write is on disk
 * @param tls node-to-node TLS for discovery and communication; null for plain TCP
 * @param zone the node's availability zone ({@code --cluster.zone}); empty for none. Copies of a
 *     partition go to different zones when nodes of several zones exist
 * @param resolver how {@code dns+} peer names are resolved
 * @param bootstrapExpect nodes that must have joined before a new cluster activates for the first
 *     time; 0 for the number of peer addresses resolved at that moment
 * @param walArchiveBytes the WAL archive a clustered node keeps for catching up by delta; 0 = auto
 *     (a tenth of the data persisted at start, within [32 MiB, 4 GiB]: {@link IgniteStore#autoWalArchiveBytes})
 */
public record IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
    List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability, ClusterTls tls,
    String zone, NameResolver resolver, int bootstrapExpect, long walArchiveBytes) {
  /** {@code partitions}: take the count from existing data, else the default for the node's role. */
  public static final int AUTO_PARTITIONS = 0;
  /**
   * Partitions of new data on a node without peers. A single node gains nothing from many: each
   * partition costs an ingest-log entry per commit (a B+tree insert, WAL records and a removal at
   * truncation) and its own pages, and 16 still spread over up to 16 nodes if it grows into a cluster.
   */
  public static final int PARTITIONS_ALONE = 16;
  /** Partitions of a new cluster: enough to spread evenly over tens of nodes. */
  public static final int PARTITIONS_CLUSTER = 64;

  public IgniteSettings {
    if (zone == null) zone = "";
    if (resolver == null) resolver = NameResolver.jdk();
    if (walArchiveBytes < 0) throw new IllegalArgumentException("walArchiveBytes must not be negative: " + walArchiveBytes);
    if (bootstrapExpect < 0) throw new IllegalArgumentException("bootstrapExpect must not be negative: " + bootstrapExpect);
    if (partitions != AUTO_PARTITIONS && (partitions < 0 || Integer.bitCount(partitions) != 1)) {
      throw new IllegalArgumentException("partitions must be a power of two or AUTO_PARTITIONS: " + partitions);
    }
  }

  /** The partition count new data gets: the configured one, or the default for a node alone or in a cluster. */
  public int partitionsForNewData() {
    if (partitions != AUTO_PARTITIONS) return partitions;
    return peers.isEmpty() ? PARTITIONS_ALONE : PARTITIONS_CLUSTER;
  }

  /** The same settings with a fixed partition count. */
  public IgniteSettings withPartitions(int n) {
    return new IgniteSettings(nodeName, workDir, host, discoveryPort, communicationPort, peers, n, replicationFactor,
        regionBytes, durability, tls, zone, resolver, bootstrapExpect, walArchiveBytes);
  }

  /** No zone, the JDK resolver, formation by the resolved peer count. */
  public IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
      List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability, ClusterTls tls) {
    this(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor, regionBytes, durability, tls,
        "", NameResolver.jdk(), 0, 0);
  }

  /** Without TLS. */
  public IgniteSettings(String nodeName, Path workDir, String host, int discoveryPort, int communicationPort,
      List<String> peers, int partitions, int replicationFactor, long regionBytes, Durability durability) {
    this(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor, regionBytes, durability, null);
  }

  /** The same settings in another zone. */
  public IgniteSettings withZone(String z) {
    return new IgniteSettings(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor,
        regionBytes, durability, tls, z, resolver, bootstrapExpect, walArchiveBytes);
  }

  /** The same settings resolving {@code dns+} names through {@code r}. */
  public IgniteSettings withResolver(NameResolver r) {
    return new IgniteSettings(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor,
        regionBytes, durability, tls, zone, r, bootstrapExpect, walArchiveBytes);
  }

  /** The same settings with {@code --cluster.bootstrap-expect}. */
  public IgniteSettings withBootstrapExpect(int n) {
    return new IgniteSettings(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor,
        regionBytes, durability, tls, zone, resolver, n, walArchiveBytes);
  }

  /** The same settings with {@code --storage.ignite.wal-archive-size} (0 = auto). */
  public IgniteSettings withWalArchiveBytes(long bytes) {
    return new IgniteSettings(nodeName, workDir, host, discoveryPort, communicationPort, peers, partitions, replicationFactor,
        regionBytes, durability, tls, zone, resolver, bootstrapExpect, bytes);
  }
}
