package io.hearth.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a node is started with, resolved from the command line.
 *
 * @param flags every flag's effective value by its Prometheus-style name, for /api/v1/status/flags
 * @param maxFutureMs samples later than the wall clock plus this are refused (0: no bound)
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
    Map<String, String> flags,
    long maxFutureMs,
    io.hearth.sharding.tls.ClusterTls clusterTls) {
  /** With the default future bound ({@link io.hearth.sharding.head.HeadOptions#DEFAULT_MAX_FUTURE_MS}). */
  public NodeConfig(Path configFile, String listenHost, int listenPort, Path dataDir, long retentionMs, long retentionBytes,
      boolean enableLifecycle, boolean enableAdminApi, long lookbackDeltaMs, long maxSamples, long queryTimeoutMs,
      int maxConcurrency, String nodeName, String clusterHost, int clusterPort, List<String> peers, int replicationFactor,
      int partitions, long regionBytes, Map<String, String> flags) {
    this(configFile, listenHost, listenPort, dataDir, retentionMs, retentionBytes, enableLifecycle, enableAdminApi,
        lookbackDeltaMs, maxSamples, queryTimeoutMs, maxConcurrency, nodeName, clusterHost, clusterPort, peers,
        replicationFactor, partitions, regionBytes, flags, io.hearth.sharding.head.HeadOptions.DEFAULT_MAX_FUTURE_MS, null);
  }
}
