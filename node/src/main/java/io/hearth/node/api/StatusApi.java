package io.hearth.node.api;

import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.index.MemPostings;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /api/v1/status/*}: build info, flags, runtime info, TSDB statistics, configuration. */
public final class StatusApi {
  private final Head head;
  private final Map<String, String> flags;
  private final String version;
  private final long startMillis;
  private final Supplier<String> configYaml;
  private final Supplier<Boolean> reloadOk;
  private final Supplier<Long> lastReloadMillis;
  private final String retention;

  public StatusApi(Head head, Map<String, String> flags, String version, long startMillis, Supplier<String> configYaml,
      Supplier<Boolean> reloadOk, Supplier<Long> lastReloadMillis, String retention) {
    this.head = head;
    this.flags = flags;
    this.version = version;
    this.startMillis = startMillis;
    this.configYaml = configYaml;
    this.reloadOk = reloadOk;
    this.lastReloadMillis = lastReloadMillis;
    this.retention = retention;
  }

  public ApiResponse buildInfo(ApiRequest r) {
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("version", version);
      g.writeStringField("revision", BuildRevision.get());
      g.writeStringField("branch", "main");
      g.writeStringField("buildUser", "");
      g.writeStringField("buildDate", "");
      g.writeStringField("goVersion", "java" + System.getProperty("java.version"));
      g.writeEndObject();
    }, null, null);
  }

  public ApiResponse flags(ApiRequest r) {
    return QueryApi.success(g -> {
      g.writeStartObject();
      for (Map.Entry<String, String> e : flags.entrySet()) g.writeStringField(e.getKey(), e.getValue());
      g.writeEndObject();
    }, null, null);
  }

  public ApiResponse runtimeInfo(ApiRequest r) {
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("startTime", Instant.ofEpochMilli(startMillis).toString());
      g.writeStringField("CWD", System.getProperty("user.dir"));
      g.writeBooleanField("reloadConfigSuccess", reloadOk.get());
      g.writeStringField("lastConfigTime", Instant.ofEpochMilli(lastReloadMillis.get()).toString());
      g.writeNumberField("corruptionCount", 0);
      g.writeNumberField("goroutineCount", ManagementFactory.getThreadMXBean().getThreadCount());
      g.writeNumberField("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
      g.writeNumberField("GOMEMLIMIT", Runtime.getRuntime().maxMemory());
      g.writeStringField("GOGC", "");
      g.writeStringField("GODEBUG", "");
      g.writeStringField("storageRetention", retention);
      g.writeEndObject();
    }, null, null);
  }

  public ApiResponse tsdb(ApiRequest r) {
    int limit = 10;
    String l = r.param("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw io.hearth.node.http.ApiException.badData("limit must be a positive number");
      }
      if (limit < 1) throw io.hearth.node.http.ApiException.badData("limit must be a positive number");
    }
    MemPostings.Stats s = head.cardinality(limit);
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("headStats");
      g.writeNumberField("numSeries", s.numSeries());
      g.writeNumberField("numLabelPairs", s.numLabelPairs());
      g.writeNumberField("chunkCount", head.metrics().chunksCut.sum());
      g.writeNumberField("minTime", head.minTime() == Long.MAX_VALUE ? 0 : head.minTime());
      g.writeNumberField("maxTime", head.maxTime() == Long.MIN_VALUE ? 0 : head.maxTime());
      g.writeEndObject();
      stats(g, "seriesCountByMetricName", s.seriesCountByMetricName());
      stats(g, "labelValueCountByLabelName", s.labelValueCountByLabelName());
      stats(g, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
      stats(g, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
      g.writeEndObject();
    }, null, null);
  }

  private static void stats(com.fasterxml.jackson.core.JsonGenerator g, String field, List<MemPostings.Stat> l) throws java.io.IOException {
    g.writeArrayFieldStart(field);
    for (MemPostings.Stat s : l) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeNumberField("value", s.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code /api/v1/status/cluster}: nodes, partitions per node, baseline, rebalance state. */
  public static ApiResponse cluster(io.hearth.sharding.ignite.ClusterStatus c) {
    return cluster(c, java.util.Map.of());
  }

  /**
   * {@code /api/v1/status/ha}: HA pair deduplication's settings and the elected replica of every HA
   * cluster, as the cluster-wide store holds it (the same answer on every node).
   */
  public static ApiResponse ha(io.hearth.node.ha.HaDedup dedup) {
    java.util.Map<String, io.hearth.sharding.api.ReplicaElection> elections = dedup == null ? java.util.Map.of()
        : dedup.tracker().elections();
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeBooleanField("enabled", dedup != null);
      if (dedup != null) {
        g.writeStringField("clusterLabel", dedup.clusterLabel());
        g.writeStringField("replicaLabel", dedup.replicaLabel());
        g.writeNumberField("failoverTimeoutSeconds", dedup.tracker().failoverMs() / 1000.0);
      }
      g.writeArrayFieldStart("elections");
      for (var e : elections.entrySet()) {
        g.writeStartObject();
        g.writeStringField("cluster", e.getKey());
        g.writeStringField("replica", e.getValue().replica());
        g.writeStringField("electedAt", Instant.ofEpochMilli(e.getValue().electedAtMs()).toString());
        g.writeStringField("lastSeen", Instant.ofEpochMilli(e.getValue().lastSeenMs()).toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, null, null);
  }

  /**
   * What a cluster node reports of itself: partitions it serves, whether it serves all it is
   * primary for, partitions it is still receiving, the keys and bytes it received by rebalancing, its
   * active targets, and the partitions it holds on disk (owning, moving or renting; -1 unknown).
   */
  public record NodeServing(int servingPartitions, boolean ready, int rebalancingPartitions, long rebalancedKeys,
      long rebalancedBytes, int activeTargets, int partitionsOnDisk) {}

  /** As above, with each node's own report (nodes that did not answer are left without one). */
  public static ApiResponse cluster(io.hearth.sharding.ignite.ClusterStatus c, java.util.Map<String, NodeServing> serving) {
    boolean anyRebalancing = c.rebalancing();
    for (NodeServing n : serving.values()) anyRebalancing |= n.rebalancingPartitions() > 0;
    boolean rebalancing = anyRebalancing;
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("state", c.state());
      g.writeNumberField("topologyVersion", c.topologyVersion());
      g.writeNumberField("partitions", c.partitions());
      g.writeNumberField("replicationFactor", c.replicationFactor());
      g.writeBooleanField("rebalancing", rebalancing);
      g.writeArrayFieldStart("nodes");
      for (var n : c.nodes()) {
        g.writeStartObject();
        g.writeStringField("name", n.name());
        g.writeStringField("address", n.address());
        g.writeStringField("zone", n.zone());
        g.writeBooleanField("local", n.local());
        g.writeNumberField("primaryPartitions", n.primaryPartitions());
        g.writeNumberField("backupPartitions", n.backupPartitions());
        g.writeBooleanField("inBaseline", n.inBaseline());
        NodeServing ns = serving.get(n.name());
        if (ns != null) {
          g.writeNumberField("servingPartitions", ns.servingPartitions());
          g.writeBooleanField("ready", ns.ready());
          g.writeNumberField("rebalancingPartitions", ns.rebalancingPartitions());
          g.writeNumberField("rebalancedKeys", ns.rebalancedKeys());
          g.writeNumberField("rebalancedBytes", ns.rebalancedBytes());
          g.writeNumberField("activeTargets", ns.activeTargets());
          g.writeNumberField("partitionsOnDisk", ns.partitionsOnDisk());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!serving.isEmpty()) {
        // How scrape targets are spread: each node scrapes the targets of the partitions it serves.
        g.writeObjectFieldStart("targetsPerNode");
        for (var e : serving.entrySet()) g.writeNumberField(e.getKey(), e.getValue().activeTargets());
        g.writeEndObject();
      }
      writeOutsideBaseline(g, c, serving, rebalancing);
      g.writeArrayFieldStart("baseline");
      for (var b : c.baseline()) {
        g.writeStartObject();
        g.writeStringField("name", b.name());
        g.writeBooleanField("online", b.online());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, null, null);
  }

  /**
   * {@code outsideBaseline}: every online node outside the baseline (being decommissioned, or joined
   * and not yet added) with the partitions it still holds and serves; {@code done} once it holds and
   * serves none, nothing rebalances and every node that answered is ready, i.e. it can be stopped
   * without data moving.
   */
  private static void writeOutsideBaseline(com.fasterxml.jackson.core.JsonGenerator g, io.hearth.sharding.ignite.ClusterStatus c,
      java.util.Map<String, NodeServing> serving, boolean rebalancing) throws java.io.IOException {
    boolean allReady = true;
    for (NodeServing n : serving.values()) allReady &= n.ready();
    g.writeArrayFieldStart("outsideBaseline");
    for (var n : c.nodes()) {
      if (n.inBaseline()) continue;
      NodeServing ns = serving.get(n.name());
      int owned = n.primaryPartitions() + n.backupPartitions();
      int served = ns == null ? -1 : ns.servingPartitions();
      int onDisk = ns == null ? -1 : ns.partitionsOnDisk();
      g.writeStartObject();
      g.writeStringField("name", n.name());
      g.writeNumberField("partitionsOwned", owned);
      g.writeNumberField("partitionsOnDisk", onDisk);
      g.writeNumberField("servingPartitions", served);
      g.writeBooleanField("rebalancing", rebalancing);
      g.writeBooleanField("done", owned == 0 && served == 0 && onDisk <= 0 && !rebalancing && allReady);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  public ApiResponse config(ApiRequest r) {
    String yaml = configYaml.get();
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("yaml", yaml);
      g.writeEndObject();
    }, null, null);
  }
}
