package io.hearth.node;

import io.hearth.sharding.api.text.PromDuration;
import io.hearth.sharding.ignite.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a node is started with, resolved from the command line.
 *
 * @param durability Ignite's WAL mode ({@code --storage.ignite.wal-mode})
 * @param flags every flag's effective value by its Prometheus-style name, for /api/v1/status/flags
 * @param limits what one client may send and hold (see {@link Limits})
 * @param clusterTls node-to-node TLS ({@code --cluster.tls.*}); null for plain TCP
 */
public record NodeConfig(
    Path configFile,
    String listenHost,
    int listenPort,
    Path dataDir,
    long retentionMs,
    long retentionBytes,
    boolean enableLifecycle,
    boolean enableAdminApi,
    long lookbackDeltaMs,
    long maxSamples,
    long queryTimeoutMs,
    int maxConcurrency,
    String nodeName,
    String clusterHost,
    int clusterPort,
    List<String> peers,
    int replicationFactor,
    int partitions,
    long regionBytes,
    Durability durability,
    Map<String, String> flags,
    Limits limits,
    io.hearth.sharding.tls.ClusterTls clusterTls) {
  /**
   * Bounds on what clients send and what the node holds.
   *
   * @param maxFutureMs samples later than the wall clock plus this are refused (0: no bound)
   * @param readTimeoutMs a request must arrive whole within this from its first byte; idle
   *     connections are closed after it ({@code --web.read-timeout}; 0: none)
   * @param maxLabelsPerSeries remote write: labels per series (0: none)
   * @param maxLabelNameLength remote write: bytes of a label name (0: none)
   * @param maxLabelValueLength remote write: bytes of a label value (0: none)
   * @param maxActiveSeries series the node's head may hold (0: none)
   */
  public record Limits(long maxFutureMs, long readTimeoutMs, int maxLabelsPerSeries, int maxLabelNameLength,
      int maxLabelValueLength, long maxActiveSeries) {
    public static Limits defaults() {
      return new Limits(io.hearth.sharding.head.HeadOptions.DEFAULT_MAX_FUTURE_MS, 5 * 60_000L, 100, 1024, 4096,
          defaultMaxActiveSeries());
    }

    /** One active series per 4 KiB of heap: what a series costs in the head with room for queries. */
    public static long defaultMaxActiveSeries() {
      return Runtime.getRuntime().maxMemory() / 4096;
    }
  }

  /** {@code --storage.ignite.wal-archive-size} in bytes; 0 = auto (sized by the store from its data). */
  public long walArchiveBytes() {
    String v = flags.getOrDefault("storage.ignite.wal-archive-size", "auto");
    return v.equals("auto") ? 0 : io.hearth.node.cli.Units.bytes("storage.ignite.wal-archive-size", v);
  }

  /**
   * {@code --query.results-cache-size} in bytes: range query results kept over settled data; 0: no
   * cache; {@code auto} (the default): a thirty-second of the heap, within [8 MiB, 256 MiB].
   */
  public long queryResultsCacheBytes() {
    String v = flags.getOrDefault("query.results-cache-size", "auto");
    if (v.equals("auto")) return Math.max(8L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 32));
    return io.hearth.node.cli.Units.bytes("query.results-cache-size", v);
  }

  /** {@code --web.config.file}: TLS and authentication of the HTTP server; null for none. */
  public Path webConfigFile() {
    String f = flags.get("web.config.file");
    return f == null || f.isEmpty() ? null : Path.of(f);
  }

  /** {@code --cluster.zone} (or the zone read for {@code --cluster.zone-from-node}); empty for none. */
  public String clusterZone() {
    return flags.getOrDefault("cluster.zone", "");
  }

  /** {@code --cluster.bootstrap-expect}: nodes a new cluster waits for before its first activation; 0: the resolved peers. */
  public int bootstrapExpect() {
    String v = flags.get("cluster.bootstrap-expect");
    return v == null || v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  /** {@code --cluster.baseline-settle} in milliseconds: how long a node outside the baseline is online before it is added; 0: never automatically. */
  public long baselineSettleMs() {
    String v = flags.get("cluster.baseline-settle");
    if (v == null || v.isEmpty()) return 120_000;
    return v.equals("0") ? 0 : PromDuration.parseMillis(v); // checked by the command line
  }

  /** {@code --enable-feature}: whether the known feature {@code name} was enabled (unknown names are ignored). */
  public boolean feature(String name) {
    String v = flags.get("enable-feature");
    return v != null && io.hearth.node.cli.Features.parse(List.of(v)).enabled().contains(name);
  }

  /** {@code --enable-feature=created-timestamp-zero-ingestion}: created timestamps become zero samples. */
  public boolean createdTimestampZeroIngestion() {
    return feature(io.hearth.node.cli.Features.CREATED_TIMESTAMP_ZERO_INGESTION);
  }

  /** {@code --web.federate.metadata}: {@code /federate} writes families' types and help from metadata (off by default). */
  public boolean federateMetadata() {
    return Boolean.parseBoolean(flags.getOrDefault("web.federate.metadata", "false"));
  }

  /** {@code --remote-write.ha-dedup}: store one replica of each Prometheus HA pair (off by default). */
  public boolean haDedup() {
    return Boolean.parseBoolean(flags.getOrDefault("remote-write.ha-dedup", "false"));
  }

  /** {@code --remote-write.ha-cluster-label}: the label naming a request's HA cluster. */
  public String haClusterLabel() {
    return flags.getOrDefault("remote-write.ha-cluster-label", io.hearth.node.ha.HaDedup.DEFAULT_CLUSTER_LABEL);
  }

  /** {@code --remote-write.ha-replica-label}: the label naming a request's replica; dropped from stored series. */
  public String haReplicaLabel() {
    return flags.getOrDefault("remote-write.ha-replica-label", io.hearth.node.ha.HaDedup.DEFAULT_REPLICA_LABEL);
  }

  /** {@code --remote-write.ha-failover-timeout} in milliseconds: how long the elected replica may be unseen. */
  public long haFailoverTimeoutMs() {
    String v = flags.get("remote-write.ha-failover-timeout");
    return v == null || v.isEmpty() ? 30_000 : PromDuration.parseMillis(v); // checked by the command line
  }

  /** With the default {@link Limits}. */
  public NodeConfig(Path configFile, String listenHost, int listenPort, Path dataDir, long retentionMs, long retentionBytes,
      boolean enableLifecycle, boolean enableAdminApi, long lookbackDeltaMs, long maxSamples, long queryTimeoutMs,
      int maxConcurrency, String nodeName, String clusterHost, int clusterPort, List<String> peers, int replicationFactor,
      int partitions, long regionBytes, Durability durability, Map<String, String> flags) {
    this(configFile, listenHost, listenPort, dataDir, retentionMs, retentionBytes, enableLifecycle, enableAdminApi,
        lookbackDeltaMs, maxSamples, queryTimeoutMs, maxConcurrency, nodeName, clusterHost, clusterPort, peers,
        replicationFactor, partitions, regionBytes, durability, flags, Limits.defaults(), null);
  }
}
