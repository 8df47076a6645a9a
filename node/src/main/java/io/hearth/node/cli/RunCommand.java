package io.hearth.node.cli;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.sharding.ignite.Durability;
import io.hearth.sharding.ignite.IgniteSettings;
import io.hearth.sharding.tls.ClusterTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth run}: starts a node. Flag names follow Prometheus's where the meaning is the same. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Start a Hearth node (embedded Ignite, Prometheus HTTP API, scraping).")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config.file", paramLabel = "FILE",
      description = "Prometheus configuration file (scrape_configs...). Empty: scrape this node's own /metrics every 15s.")
  String configFile = "";

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", description = "Address to listen on for the API and UI (default: ${DEFAULT-VALUE}).")
  String listenAddress = "127.0.0.1:9090";

  @Option(names = "--storage.tsdb.path", paramLabel = "DIR", description = "Base path for data storage (default: ${DEFAULT-VALUE}).")
  String dataPath = "data/";

  @Option(names = "--storage.tsdb.retention.time", paramLabel = "DURATION", description = "How long to retain samples (default: ${DEFAULT-VALUE}).")
  String retentionTime = "15d";

  @Option(names = "--storage.tsdb.retention.size", paramLabel = "SIZE", description = "Maximum bytes of stored chunk segments, e.g. 10GB; 0 = no limit (default: ${DEFAULT-VALUE}).")
  String retentionSize = "0";

  @Option(names = "--storage.tsdb.max-future-time", paramLabel = "DURATION", description = "Refuse samples later than the current time plus this, so that a client with a wrong clock cannot make stored data look old; 0 = no bound (default: ${DEFAULT-VALUE}).")
  String maxFutureTime = "10m";

  @Option(names = "--storage.max-active-series", paramLabel = "N", description = "Series this node holds in memory at most; a sample that would create one more is refused with 429. auto = one per 4 KiB of heap (default: ${DEFAULT-VALUE}).")
  String maxActiveSeries = "auto";

  @Option(names = "--remote-write.max-labels-per-series", paramLabel = "N", description = "Remote write: a series with more labels is refused with 400; 0 = no limit (default: ${DEFAULT-VALUE}).")
  int maxLabelsPerSeries = 100;

  @Option(names = "--remote-write.max-label-name-length", paramLabel = "BYTES", description = "Remote write: a series with a longer label name is refused with 400; 0 = no limit (default: ${DEFAULT-VALUE}).")
  int maxLabelNameLength = 1024;

  @Option(names = "--remote-write.max-label-value-length", paramLabel = "BYTES", description = "Remote write: a series with a longer label value is refused with 400; 0 = no limit (default: ${DEFAULT-VALUE}).")
  int maxLabelValueLength = 4096;

  @Option(names = "--remote-write.ha-dedup", arity = "0..1", paramLabel = "BOOL", description = "Store one copy of what a Prometheus HA pair remote-writes: requests whose series carry the HA cluster and replica labels are stored only from the cluster's elected replica, without the replica label; the other replica's are answered 202 and dropped (default: ${DEFAULT-VALUE}).")
  boolean haDedup;

  @Option(names = "--remote-write.ha-cluster-label", paramLabel = "NAME", description = "Label naming the HA cluster (a Prometheus external label) (default: ${DEFAULT-VALUE}).")
  String haClusterLabel = io.hearth.node.ha.HaDedup.DEFAULT_CLUSTER_LABEL;

  @Option(names = "--remote-write.ha-replica-label", paramLabel = "NAME", description = "Label naming the replica within an HA cluster (a Prometheus external label); removed from stored series (default: ${DEFAULT-VALUE}).")
  String haReplicaLabel = io.hearth.node.ha.HaDedup.DEFAULT_REPLICA_LABEL;

  @Option(names = "--remote-write.ha-failover-timeout", paramLabel = "DURATION", description = "How long the elected replica of an HA cluster may send nothing before the next replica that writes takes over; at least 1s (default: ${DEFAULT-VALUE}).")
  String haFailoverTimeout = "30s";

  @Option(names = "--web.config.file", paramLabel = "FILE", description = "[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication (Prometheus's exporter-toolkit format).")
  String webConfigFile = "";

  @Option(names = "--web.read-timeout", paramLabel = "DURATION", description = "Maximum duration before timing out read of the request, and closing idle connections (default: ${DEFAULT-VALUE}).")
  String readTimeout = "5m";

  @Option(names = "--web.enable-lifecycle", arity = "0..1", description = "Enable shutdown and reload via HTTP request.")
  boolean enableLifecycle;

  @Option(names = "--web.enable-admin-api", arity = "0..1", description = "Enable API endpoints for admin control actions.")
  boolean enableAdminApi;

  @Option(names = "--web.federate.metadata", arity = "0..1", paramLabel = "BOOL", description = "Write each /federate family's TYPE and HELP from the cluster's metric metadata; off, every float family is untyped without HELP, as Prometheus (default: ${DEFAULT-VALUE}).")
  boolean federateMetadata;

  @Option(names = "--web.enable-remote-write-receiver", description = "Accepted for compatibility: the remote-write receiver is always on.")
  boolean enableRemoteWriteReceiver;

  @Option(names = "--log.level", paramLabel = "LEVEL", description = "Only log messages with the given severity or above: debug, info, warn, error (default: ${DEFAULT-VALUE}).")
  String logLevel = "info";

  @Option(names = "--log.format", paramLabel = "FORMAT", description = "Output format of log messages: logfmt, json (default: ${DEFAULT-VALUE}).")
  String logFormat = "logfmt";

  @Option(names = "--query.lookback-delta", paramLabel = "DURATION", description = "Maximum lookback for a sample in an instant vector (default: ${DEFAULT-VALUE}).")
  String lookbackDelta = "5m";

  @Option(names = "--query.max-samples", paramLabel = "N", description = "Maximum samples a single query may load into memory (default: ${DEFAULT-VALUE}).")
  long maxSamples = 50_000_000L;

  @Option(names = "--query.results-cache-size", paramLabel = "SIZE", description = "Heap for range query results over data older than 5 minutes, so a refreshed dashboard evaluates only its newest steps; auto = a thirty-second of the heap, 8MB to 256MB; 0 turns the cache off (default: ${DEFAULT-VALUE}).")
  String resultsCacheSize = "auto";

  @Option(names = "--query.timeout", paramLabel = "DURATION", description = "Maximum time a query may take before being aborted (default: ${DEFAULT-VALUE}).")
  String queryTimeout = "2m";

  @Option(names = "--query.max-concurrency", paramLabel = "N", description = "Maximum number of queries executed concurrently (default: ${DEFAULT-VALUE}).")
  int maxConcurrency = 20;

  @Option(names = "--cluster.node-name", paramLabel = "NAME", description = "Stable node name, the Ignite consistent id (default: ${DEFAULT-VALUE}).")
  String nodeName = "hearth-0";

  @Option(names = "--cluster.listen-address", paramLabel = "HOST:PORT", description = "Ignite discovery address; communication uses PORT+1 (default: ${DEFAULT-VALUE}).")
  String clusterListen = "127.0.0.1:47500";

  @Option(names = "--cluster.peers", paramLabel = "HOST:PORT|dns+NAME:PORT,...", split = ",", description = "Discovery addresses of the cluster's nodes: HOST:PORT, or dns+NAME:PORT for every A record of NAME (a headless Service), resolved again while looking for the cluster; empty for a single node.")
  List<String> peers = new ArrayList<>();

  @Option(names = "--cluster.bootstrap-expect", paramLabel = "N", description = "Nodes that must have joined before a new cluster activates for the first time; 0: as many as --cluster.peers resolves to then (default: ${DEFAULT-VALUE}).")
  int bootstrapExpect = 0;

  @Option(names = "--cluster.baseline-settle", paramLabel = "DURATION", description = "A node online outside the baseline for this long is added to it (never removed: restarts move no data); 0s: only by the admin API (default: ${DEFAULT-VALUE}).")
  String baselineSettle = "2m";

  @Option(names = "--cluster.zone", paramLabel = "ZONE", description = "Availability zone of this node; the copies of a partition are kept in different zones when nodes of several zones exist; empty for none.")
  String zone = "";

  @Option(names = "--cluster.zone-from-node", paramLabel = "NODE", description = "Read --cluster.zone from the topology.kubernetes.io/zone label of this Kubernetes node at start (in-cluster only; the service account needs get on nodes).")
  String zoneFromNode = "";

  @Option(names = "--cluster.replication-factor", paramLabel = "N", description = "Copies of every partition (default: ${DEFAULT-VALUE}).")
  int replicationFactor = 2;

  @Option(names = "--cluster.partitions", paramLabel = "N", description = "Partitions, a power of two, fixed when the data or the cluster is created; auto takes the count of existing data, else 16 for a node without --cluster.peers and 64 for a cluster (default: ${DEFAULT-VALUE}).")
  String partitions = "auto";

  @Option(names = "--cluster.query-pushdown", arity = "1", paramLabel = "BOOL", description = "Evaluate pushable aggregations on the partition owners and merge partial results; false fetches every selected series to the querying node (for comparison) (default: ${DEFAULT-VALUE}).")
  boolean queryPushdown = true;

  @Option(names = "--cluster.tls.cert-file", paramLabel = "FILE", description = "PEM certificate chain of this node for TLS between nodes (discovery and communication); with --cluster.tls.key-file and --cluster.tls.ca-file, or none of them.")
  String tlsCertFile = "";

  @Option(names = "--cluster.tls.key-file", paramLabel = "FILE", description = "PEM private key of --cluster.tls.cert-file, PKCS#8 (BEGIN PRIVATE KEY), unencrypted.")
  String tlsKeyFile = "";

  @Option(names = "--cluster.tls.ca-file", paramLabel = "FILE", description = "PEM certificate(s) of the CA that signs every node's certificate: the only peers accepted.")
  String tlsCaFile = "";

  @Option(names = "--rules.alert.for-outage-tolerance", paramLabel = "DURATION", description = "Max time to tolerate outage for restoring \"for\" state of alert (default: ${DEFAULT-VALUE}).")
  String forOutageTolerance = "1h";

  @Option(names = "--rules.alert.for-grace-period", paramLabel = "DURATION", description = "Minimum duration between alert and restored \"for\" state. This is maintained only for alerts with configured \"for\" time greater than grace period (default: ${DEFAULT-VALUE}).")
  String forGracePeriod = "10m";

  @Option(names = "--rules.alert.resend-delay", paramLabel = "DURATION", description = "Minimum amount of time to wait before resending an alert to Alertmanager (default: ${DEFAULT-VALUE}).")
  String resendDelay = "1m";

  @Option(names = "--web.external-url", paramLabel = "URL", description = "The URL under which Hearth is externally reachable (alert generator URLs, the externalURL template function); default http://<hostname>:<port>.")
  String externalUrl = "";

  @Option(names = "--scrape.operator-monitors", description = "Watch ServiceMonitor, PodMonitor and ScrapeConfig objects (monitoring.coreos.com) in every namespace and scrape what they select (in-cluster only).")
  boolean operatorMonitors;

  @Option(names = "--alertmanager.notification-queue-capacity", paramLabel = "N", description = "The capacity of the queue for pending Alertmanager notifications; when full, the oldest are dropped (default: ${DEFAULT-VALUE}).")
  int notificationQueueCapacity = io.hearth.node.notifier.Notifier.DEFAULT_QUEUE_CAPACITY;

  @Option(names = "--alertmanager.drain-notification-queue-on-shutdown", arity = "0..1", paramLabel = "BOOL", description = "Send any outstanding Alertmanager notifications when shutting down; false drops them (default: ${DEFAULT-VALUE}).")
  boolean drainNotificationQueue = true;

  @Option(names = "--storage.ignite.region-size", paramLabel = "SIZE", description = "Off-heap page memory for Ignite; auto = a sixteenth of the container limit or host memory, 64MB to 4GB (default: ${DEFAULT-VALUE}).")
  String regionSize = "auto";

  @Option(names = "--storage.ignite.wal-archive-size", paramLabel = "SIZE", description = "WAL history a clustered node keeps so a restarted peer catches up by delta; auto = a tenth of the data persisted at start, 32MB to 4GB (default: ${DEFAULT-VALUE}).")
  String walArchiveSize = "auto";

  @Option(names = "--storage.ignite.wal-mode", paramLabel = "MODE", description = "Ignite WAL mode: log_only (an acknowledged write survives a kill -9 of the process), fsync (also a power loss of the machine, fsync per write) (default: ${DEFAULT-VALUE}).")
  String walMode = Durability.LOG_ONLY.flagValue();

  @Option(names = "--enable-feature", paramLabel = "NAME", description = "Comma-separated feature names to enable; repeatable. Known: created-timestamp-zero-ingestion, native-histograms (always on; accepted). Unknown names are warned about and ignored, as Prometheus does.")
  List<String> enableFeature = new ArrayList<>();

  @Option(names = "--memory.heap", paramLabel = "SIZE", description = "JVM heap, applied by the ./hearth launcher; auto = a quarter of the container limit or host memory (default: ${DEFAULT-VALUE}).")
  String heap = "auto";

  /** {@code --cluster.partitions}: a power of two, or {@link IgniteSettings#AUTO_PARTITIONS} for auto. */
  private int partitionCount() {
    if (partitions.equals("auto")) return IgniteSettings.AUTO_PARTITIONS;
    int n;
    try {
      n = Integer.parseInt(partitions);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n <= 0 || Integer.bitCount(n) != 1 || n > 65536) {
      throw new IllegalArgumentException("invalid value \"" + partitions + "\" for flag --cluster.partitions: expected auto or a power of two up to 65536");
    }
    return n;
  }

  NodeConfig toConfig() {
    String[] web = Units.hostPort("web.listen-address", listenAddress);
    String[] cl = Units.hostPort("cluster.listen-address", clusterListen);
    if (!Arrays.asList("debug", "info", "warn", "error").contains(logLevel)) {
      throw new IllegalArgumentException("invalid value \"" + logLevel + "\" for flag --log.level: expected debug, info, warn or error");
    }
    if (!Arrays.asList("logfmt", "json").contains(logFormat)) {
      throw new IllegalArgumentException("invalid value \"" + logFormat + "\" for flag --log.format: expected logfmt or json");
    }
    int partitionCount = partitionCount();
    try {
      io.hearth.sharding.discovery.PeerEntry.parseAll(peers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for flag --cluster.peers: " + e.getMessage());
    }
    if (Units.duration("cluster.baseline-settle", baselineSettle) < 0) {
      throw new IllegalArgumentException("invalid value \"" + baselineSettle + "\" for flag --cluster.baseline-settle: must not be negative");
    }
    if (bootstrapExpect < 0) {
      throw new IllegalArgumentException("invalid value \"" + bootstrapExpect + "\" for flag --cluster.bootstrap-expect: must not be negative");
    }
    if (!zone.isEmpty() && !zoneFromNode.isEmpty()) {
      throw new IllegalArgumentException("flags --cluster.zone and --cluster.zone-from-node exclude each other: give the zone or the node to read it from");
    }
    if (!zone.matches("[A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("invalid value \"" + zone + "\" for flag --cluster.zone: up to 63 letters, digits, '.', '_' or '-'");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("invalid value \"" + replicationFactor + "\" for flag --cluster.replication-factor: at least 1");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("invalid value \"" + maxConcurrency + "\" for flag --query.max-concurrency: at least 1");
    }
    if (notificationQueueCapacity < 1) {
      throw new IllegalArgumentException("invalid value \"" + notificationQueueCapacity + "\" for flag --alertmanager.notification-queue-capacity: at least 1");
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("invalid value \"" + maxSamples + "\" for flag --query.max-samples: at least 1");
    }
    long lookback = Units.duration("query.lookback-delta", lookbackDelta);
    if (lookback <= 0) throw new IllegalArgumentException("invalid value \"" + lookbackDelta + "\" for flag --query.lookback-delta: must be positive");
    long timeout = Units.duration("query.timeout", queryTimeout);
    if (timeout <= 0) throw new IllegalArgumentException("invalid value \"" + queryTimeout + "\" for flag --query.timeout: must be positive");
    if (!heap.equals("auto")) Units.bytes("memory.heap", heap);
    if (!resultsCacheSize.equals("auto")) Units.bytes("query.results-cache-size", resultsCacheSize);
    if (!walArchiveSize.equals("auto") && Units.bytes("storage.ignite.wal-archive-size", walArchiveSize) < 16L << 20) {
      throw new IllegalArgumentException("invalid value \"" + walArchiveSize + "\" for flag --storage.ignite.wal-archive-size: at least 16MB (or auto)");
    }
    checkHaFlags();
    Durability durability = Durability.ofFlagValue(walMode);
    if (durability == null) {
      throw new IllegalArgumentException("invalid value \"" + walMode + "\" for flag --storage.ignite.wal-mode: expected log_only or fsync");
    }
    ClusterTls tls = clusterTls();
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (!name.startsWith("--") || name.equals("--help") || name.equals("--version")) continue;
      Object v = o.getValue();
      flags.put(name.substring(2), v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
    }
    return new NodeConfig(configFile.isEmpty() ? null : Path.of(configFile), web[0], Integer.parseInt(web[1]), Path.of(dataPath),
        Units.duration("storage.tsdb.retention.time", retentionTime), Units.bytes("storage.tsdb.retention.size", retentionSize),
        enableLifecycle, enableAdminApi, lookback, maxSamples, timeout, maxConcurrency, nodeName, cl[0], Integer.parseInt(cl[1]),
        peers, replicationFactor, partitionCount, regionBytes(), durability, flags,
        new NodeConfig.Limits(Units.duration("storage.tsdb.max-future-time", maxFutureTime),
            Units.duration("web.read-timeout", readTimeout), nonNegative("remote-write.max-labels-per-series", maxLabelsPerSeries),
            nonNegative("remote-write.max-label-name-length", maxLabelNameLength),
            nonNegative("remote-write.max-label-value-length", maxLabelValueLength), activeSeries()), tls);
  }

  private void checkHaFlags() {
    for (String[] f : new String[][] {{"remote-write.ha-cluster-label", haClusterLabel}, {"remote-write.ha-replica-label", haReplicaLabel}}) {
      if (f[1].isEmpty() || f[1].equals("__name__")) {
        throw new IllegalArgumentException("invalid value \"" + f[1] + "\" for flag --" + f[0] + ": a label name other than __name__");
      }
    }
    if (haClusterLabel.equals(haReplicaLabel)) {
      throw new IllegalArgumentException("flags --remote-write.ha-cluster-label and --remote-write.ha-replica-label must differ, both are \""
          + haClusterLabel + "\"");
    }
    if (Units.duration("remote-write.ha-failover-timeout", haFailoverTimeout) < 1000) {
      throw new IllegalArgumentException("invalid value \"" + haFailoverTimeout + "\" for flag --remote-write.ha-failover-timeout: at least 1s");
    }
  }

  private long regionBytes() {
    if (regionSize.equals("auto")) return MemoryPlan.regionBytes(MemoryPlan.availableBytes());
    long b = Units.bytes("storage.ignite.region-size", regionSize);
    if (b < 16L << 20) throw new IllegalArgumentException("invalid value \"" + regionSize + "\" for flag --storage.ignite.region-size: at least 16MB (or auto)");
    return b;
  }

  private static int nonNegative(String flag, int v) {
    if (v < 0) throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": must not be negative");
    return v;
  }

  private long activeSeries() {
    if (maxActiveSeries.equals("auto")) return NodeConfig.Limits.defaultMaxActiveSeries();
    try {
      long n = Long.parseLong(maxActiveSeries);
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("invalid value \"" + maxActiveSeries + "\" for flag --storage.max-active-series: a count, 0 (no limit) or auto");
  }

  /** The three --cluster.tls.* files, all or none; the files themselves are read in {@link #call()}. */
  private ClusterTls clusterTls() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("--cluster.tls.cert-file", tlsCertFile);
    given.put("--cluster.tls.key-file", tlsKeyFile);
    given.put("--cluster.tls.ca-file", tlsCaFile);
    List<String> missing = given.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    if (missing.size() == given.size()) return null;
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing flag" + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
          + ": cluster TLS needs all of --cluster.tls.cert-file, --cluster.tls.key-file and --cluster.tls.ca-file, or none");
    }
    return new ClusterTls(Path.of(tlsCertFile), Path.of(tlsKeyFile), Path.of(tlsCaFile));
  }

  @Override
  public Integer call() throws Exception {
    NodeConfig cfg;
    try {
      cfg = toConfig();
      // a bad PEM file is a one-line error before anything listens
      if (cfg.clusterTls() != null) cfg.clusterTls().sslContext();
      if (cfg.webConfigFile() != null) io.hearth.node.http.WebSecurity.load(cfg.webConfigFile());
      if (!zoneFromNode.isEmpty()) {
        // the effective zone, as if given with --cluster.zone (shown so in /api/v1/status/flags)
        cfg.flags().put("cluster.zone", io.hearth.scrape.discovery.kubernetes.NodeZone.of(
            io.hearth.scrape.discovery.kubernetes.ApiConnection.inCluster(), zoneFromNode));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("hearth: error: " + e.getMessage());
      return 2;
    }
    LogSetup.configure(logLevel, logFormat);
    for (String f : Features.parse(enableFeature).unknown()) {
      // Prometheus's words and behaviour: a warning, the rest of the node starts.
      java.util.logging.Logger.getLogger(RunCommand.class.getName()).warning("Unknown option for --enable-feature: option=" + f);
    }
    java.util.logging.Logger.getLogger(RunCommand.class.getName())
        .info(MemoryPlan.describe(MemoryPlan.availableBytes(), Runtime.getRuntime().maxMemory(), cfg.regionBytes()));
    HearthNode node = new HearthNode(cfg);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "hearth-shutdown"));
    try {
      node.start();
    } catch (io.hearth.sharding.api.StorageException e) {
      // Storage that cannot start as configured (a port in use, data of another partition count):
      // one line saying what to change, not a stack trace.
      System.err.println("hearth: error: " + e.getMessage());
      return 1;
    }
    node.awaitStop();
    return 0;
  }
}
