package io.hearth.node;

import io.hearth.node.api.TargetsApi;
import io.hearth.node.http.HttpServer;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.manager.ScrapeManager;
import io.hearth.sharding.api.Appendable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * The node's scraping: loads the Prometheus configuration (or the built-in one that scrapes this
 * node), runs the scrape manager, reloads on {@code POST /-/reload} and SIGHUP keeping the old
 * configuration when the new one is invalid, and routes {@code /api/v1/targets} and
 * {@code /api/v1/scrape_pools} to {@link TargetsApi}.
 */
final class ScrapeService {
  private static final Logger LOG = Logger.getLogger(ScrapeService.class.getName());
  private final NodeConfig cfg;
  private final InetSocketAddress self;
  private final ScrapeManager manager;
  private volatile String yaml = "";
  private volatile Config fileConfig;
  private io.hearth.scrape.operator.MonitorWatcher monitors;
  private volatile boolean lastReloadOk = true;
  private volatile long lastReloadMillis = System.currentTimeMillis();

  ScrapeService(NodeConfig cfg, Appendable storage, InetSocketAddress self, io.hearth.scrape.loop.MetadataSink metadata) {
    this(cfg, storage, self, metadata, null);
  }

  /**
   * @param cluster the cluster this node belongs to, or null for a single node: Kubernetes
   *     discovery then runs once per cluster, on the leader, and is shared with every node
   */
  ScrapeService(NodeConfig cfg, Appendable storage, InetSocketAddress self, io.hearth.scrape.loop.MetadataSink metadata,
      io.hearth.sharding.api.ClusterView cluster) {
    this.cfg = cfg;
    this.self = self;
    io.hearth.scrape.manager.DiscovererFactory kubernetes = new io.hearth.scrape.discovery.kubernetes.KubernetesDiscovererFactory();
    this.sharedDiscovery = cluster == null ? null : new io.hearth.scrape.cluster.SharedDiscovery(kubernetes, cluster);
    this.manager = new ScrapeManager(storage, ScrapeManager.Options.defaults()
        .withDiscoverers(sharedDiscovery == null ? kubernetes : sharedDiscovery)
        .withMetadataSink(metadata)
        .withCreatedTimestampZeroIngestion(cfg.createdTimestampZeroIngestion()));
  }

  private final io.hearth.scrape.cluster.SharedDiscovery sharedDiscovery;

  /** In a cluster: moves Kubernetes discovery to this node or away from it when the leader changed. */
  void topologyChanged() {
    if (sharedDiscovery != null) sharedDiscovery.leadershipMayHaveChanged();
  }

  /** Sets which targets this node scrapes, by target hash (see {@link ScrapeManager#assign}). */
  void assign(java.util.function.LongPredicate assignedHere) {
    manager.assign(assignedHere);
  }

  /** As {@link #assign}, returning once the pools have re-synced or after {@code timeoutMs} (false then). */
  boolean assignAndWait(java.util.function.LongPredicate assignedHere, long timeoutMs) throws InterruptedException {
    return manager.assignAndWait(assignedHere, timeoutMs);
  }

  /** The active targets' public labels, in /api/v1/targets order. */
  List<io.hearth.sharding.api.Labels> activeTargetLabels() {
    List<ScrapeTarget> act = manager.activeTargets();
    List<io.hearth.sharding.api.Labels> out = new java.util.ArrayList<>(act.size());
    for (ScrapeTarget t : act) out.add(t.publicLabels());
    return out;
  }

  /** The configuration used when no --config.file is given: scrape this node every 15 s. */
  static String defaultConfig(InetSocketAddress self) {
    String host = self.getAddress().isAnyLocalAddress() ? "127.0.0.1" : self.getHostString();
    return "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nscrape_configs:\n  - job_name: hearth\n"
        + "    static_configs:\n      - targets: ['" + host + ":" + self.getPort() + "']\n";
  }

  private String readConfig() throws IOException {
    return cfg.configFile() == null ? defaultConfig(self) : Files.readString(cfg.configFile());
  }

  private Config load(String text) {
    Config c = cfg.configFile() == null ? ConfigLoader.parse(text) : ConfigLoader.load(cfg.configFile());
    io.hearth.scrape.discovery.kubernetes.KubernetesSdConfig.validate(c);
    return c;
  }

  /** Applies the file's configuration plus the scrape configs generated from ServiceMonitors/PodMonitors. */
  private synchronized void applyMerged() {
    Config c = fileConfig;
    manager.apply(monitors == null ? c : io.hearth.scrape.operator.MonitorWatcher.merge(c, monitors.current()));
  }

  /**
   * Called in order with every configuration applied, at start and on each reload, before scraping
   * changes (the storage settings, the rule manager). A listener that throws fails the start or the
   * reload: the previous configuration stays.
   */
  private final List<java.util.function.Consumer<Config>> onConfig = new java.util.concurrent.CopyOnWriteArrayList<>();

  void onConfig(java.util.function.Consumer<Config> listener) {
    onConfig.add(listener);
  }

  private void notifyConfig(Config c) {
    for (java.util.function.Consumer<Config> l : onConfig) l.accept(c);
  }

  /**
   * Where the rule files of PrometheusRule objects appear for every node alike (a path in no file
   * system): the file path is part of each group's identity, which decides the node that evaluates it.
   */
  static final String OPERATOR_RULES_DIR = "/etc/hearth/rules/";

  private volatile java.util.function.Consumer<Map<String, String>> operatorRules;

  /**
   * With {@code --scrape.operator-monitors}: receives the complete set of rule files generated from
   * PrometheusRule objects (text by path under {@link #OPERATOR_RULES_DIR}) after the first sync and
   * after every change, from the watcher's thread. Set before {@link #start}.
   */
  void onOperatorRules(java.util.function.Consumer<Map<String, String>> listener) {
    this.operatorRules = listener;
  }

  private void publishOperatorRules(Map<String, String> byName) {
    java.util.function.Consumer<Map<String, String>> l = operatorRules;
    if (l == null) return;
    Map<String, String> byPath = new TreeMap<>();
    byName.forEach((name, text) -> byPath.put(OPERATOR_RULES_DIR + name, text));
    l.accept(byPath);
  }

  private volatile io.hearth.scrape.discovery.kubernetes.ApiConnection operatorApi;

  /** The API server the operator objects are read from instead of the in-cluster one; set before {@link #start}. */
  void operatorApi(io.hearth.scrape.discovery.kubernetes.ApiConnection api) {
    this.operatorApi = api;
  }

  void start() throws IOException {
    String text = readConfig();
    Config loaded = load(text);
    notifyConfig(loaded);
    fileConfig = loaded;
    applyMerged();
    yaml = io.hearth.scrape.config.SecretRedaction.redact(text);
    if (Boolean.parseBoolean(cfg.flags().getOrDefault("scrape.operator-monitors", "false"))) {
      // In-cluster: watch ServiceMonitor, PodMonitor, ScrapeConfig and PrometheusRule objects of every namespace.
      io.hearth.scrape.discovery.kubernetes.ApiConnection api = operatorApi;
      String ns = api != null ? (api.ownNamespace() == null ? "default" : api.ownNamespace())
          : Files.readString(io.hearth.scrape.discovery.kubernetes.ApiConnection.SERVICE_ACCOUNT_DIR.resolve("namespace")).trim();
      monitors = new io.hearth.scrape.operator.MonitorWatcher(
          (api != null ? api : io.hearth.scrape.discovery.kubernetes.ApiConnection.inCluster()).newClient(),
          io.hearth.scrape.operator.MonitorSettings.selectAll(ns), fileConfig.global(), generated -> applyMerged());
      monitors.onRuleFiles(this::publishOperatorRules);
      monitors.start();
      LOG.info("watching ServiceMonitor, PodMonitor, ScrapeConfig and PrometheusRule objects in every namespace (this pod's: "
          + ns + ")");
    }
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reload());
    } catch (IllegalArgumentException noSignal) {
      LOG.fine("SIGHUP reload not available on this platform");
    }
  }

  /** Reloads the configuration file; returns null on success or the error (the old one stays). */
  synchronized String reload() {
    try {
      String text = readConfig();
      Config c = load(text);
      notifyConfig(c);
      fileConfig = c;
      if (monitors != null) monitors.setGlobal(c.global());
      applyMerged();
      yaml = io.hearth.scrape.config.SecretRedaction.redact(text);
      lastReloadOk = true;
      lastReloadMillis = System.currentTimeMillis();
      LOG.info("configuration reloaded" + (cfg.configFile() == null ? "" : " from " + cfg.configFile()));
      return null;
    } catch (Exception e) {
      lastReloadOk = false;
      LOG.warning("config reload failed, keeping the previous configuration: " + e.getMessage());
      return e.getMessage();
    }
  }

  void registerRoutes(HttpServer http, ExecutorService pool) {
    TargetsApi api = new TargetsApi(manager, p -> {
      java.util.function.Function<String, List<byte[]>> others = otherNodesTargets;
      return others == null ? List.of() : others.apply(p);
    });
    http.route("/api/v1/targets", pool, 503, api::targets);
    http.route("/api/v1/scrape_pools", pool, 503, api::scrapePools);
  }

  /**
   * In a cluster: the active targets other nodes scrape, as JSON arrays of target objects (one per
   * node that answered), for a scrape pool filter (null for all). Null on a single node.
   */
  private volatile java.util.function.Function<String, List<byte[]>> otherNodesTargets;

  /** Makes {@code /api/v1/targets} list every node's active targets (cluster mode). */
  void gatherTargetsWith(java.util.function.Function<String, List<byte[]>> others) {
    this.otherNodesTargets = others;
  }

  int activeTargetCount() {
    return manager.activeTargets().size();
  }

  /** This node's active targets as a JSON array (the cluster service answering other nodes). */
  byte[] localActiveTargets(String pool) {
    return TargetsApi.activeTargetsJson(manager.activeTargets(), pool);
  }

  void stop() {
    // A stopping node writes no staleness markers (as Prometheus on shutdown): its series resume
    // when it comes back, and another node's scrape would be marked stale wrongly in a cluster.
    if (monitors != null) monitors.close();
    manager.stop(false);
  }

  String configYaml() {
    return yaml;
  }

  boolean lastReloadOk() {
    return lastReloadOk;
  }

  long lastReloadMillis() {
    return lastReloadMillis;
  }
}
