package io.hearth.node;

import io.hearth.sharding.ignite.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a node is started with, resolved from the command line.
 *
 * @param durability Ignite's WAL mode ({@code --storage.ignite.wal-mode})
 * @param flags every flag's effective value by its Prometheus-style name, for /api/v1/status/flags
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
    Map<String, String> flags) {}
