package io.hearth.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.node.api.AlertmanagersApi;
import io.hearth.node.api.ExemplarsApi;
import io.hearth.node.api.FederateApi;
import io.hearth.node.api.MetadataApi;
import io.hearth.node.api.OtlpApi;
import io.hearth.node.api.QueryApi;
import io.hearth.node.api.ReadApi;
import io.hearth.node.api.SnapshotApi;
import io.hearth.node.api.StatusApi;
import io.hearth.node.api.WriteApi;
import io.hearth.node.cli.Main;
import io.hearth.node.cluster.WorkAssignment;
import io.hearth.node.ha.HaDedup;
import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.http.ByteBudget;
import io.hearth.node.http.HttpServer;
import io.hearth.node.http.Route;
import io.hearth.node.http.WebSecurity;
import io.hearth.node.metadata.FederationMetadata;
import io.hearth.node.metadata.MetadataStore;
import io.hearth.node.metrics.ClusterFigures;
import io.hearth.node.metrics.Exposition;
import io.hearth.node.metrics.NodeMetrics;
import io.hearth.node.notifier.AlertSender;
import io.hearth.node.notifier.Notifier;
import io.hearth.node.remote.ChunkedReadEncoder;
import io.hearth.node.remote.DecodeOptions;
import io.hearth.node.rules.RuleContext;
import io.hearth.node.rules.RuleManager;
import io.hearth.node.rules.RulesApi;
import io.hearth.node.ui.UiRoutes;
import io.hearth.promql.cache.RangeResultCache;
import io.hearth.promql.distributed.ClusterFragments;
import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.scrape.discovery.kubernetes.ApiConnection;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.api.Topology;
import io.hearth.sharding.api.text.PromDuration;
import io.hearth.sharding.cluster.ClusterQueryable;
import io.hearth.sharding.cluster.OwnershipManager;
import io.hearth.sharding.cluster.RoutingAppendable;
import io.hearth.sharding.exemplar.CircularExemplarStore;
import io.hearth.sharding.exemplar.ClusterExemplars;
import io.hearth.sharding.exemplar.ExemplarAppendable;
import io.hearth.sharding.exemplar.ExemplarQueryable;
import io.hearth.sharding.exemplar.ExemplarRouter;
import io.hearth.sharding.ha.DeadlineReplicaElections;
import io.hearth.sharding.ha.LocalReplicaElections;
import io.hearth.sharding.ha.ReplicaTracker;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadMetrics;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.ignite.IgniteClusterView;
import io.hearth.sharding.ignite.IgnitePersistence;
import io.hearth.sharding.ignite.IgniteReplicaElections;
import io.hearth.sharding.ignite.IgniteSettings;
import io.hearth.sharding.ignite.IgniteStore;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Hearth process: embedded Ignite, the storage head over it, the PromQL engine, scraping and
 * the HTTP server. {@link #start()} returns once the node serves; {@link #close()} stops it
 * gracefully (checkpointing the head so the next start replays little).
 */
public final class HearthNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HearthNode.class.getName());

  private final NodeConfig cfg;
  private final NodeMetrics metrics = new NodeMetrics();
  private final long startMillis = System.currentTimeMillis();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean ready;
  private IgniteStore store;
  private Head head;
  private HttpServer http;
  private ScheduledExecutorService maintenance;
  private ExecutorService queryPool;
  private ExecutorService writePool;
  private ExecutorService adminPool;
  private ScrapeService scrape;
  private Notifier notifier;
  private RuleManager rules;
  /** Set before {@link #start()} to send the rules' alerts somewhere else than the notifier (tests). */
  private volatile AlertSender alertSenderOverride;
  private InetSocketAddress address;
  /** Cluster mode only (peers configured): ownership of partitions, routing and scatter-gather. */
  private IgniteClusterView clusterView;
  private OwnershipManager ownership;
  private RoutingAppendable router;
  private ClusterQueryable clusterReads;
  /** This node's exemplars (memory only). */
  private CircularExemplarStore exemplars;
  /** Sends exemplars to their series' owner (cluster only; null alone). */
  private ExemplarRouter exemplarRouter;
  /** Cluster mode only: which node runs each scrape target and rule group, and their hand-overs. */
  private WorkAssignment work;

  public HearthNode(NodeConfig cfg) {
    this.cfg = cfg;
  }

  public InetSocketAddress address() {
    return address;
  }

  public Head head() {
    return head;
  }

  /** This node's exemplar store (null before {@link #start()}). */
  public CircularExemplarStore exemplars() {
    return exemplars;
  }

  /** Where rule evaluation sends alerts: the one set before start, else the notifier once started, else none. */
  public AlertSender alertSender() {
    AlertSender o = alertSenderOverride;
    if (o != null) return o;
    Notifier n = notifier;
    return n == null ? AlertSender.NONE : n;
  }

  /** The node's rule evaluation (null before {@link #start()}). */
  public RuleManager rules() {
    return rules;
  }

  /** Where alerts go instead of the notifier; set before {@link #start()}. {@code AlertSender.NONE} keeps the notifier. */
  public void alertSender(AlertSender sender) {
    this.alertSenderOverride = sender == AlertSender.NONE ? null : sender;
  }

  private volatile ApiConnection operatorApi;

  /** Wraps the HA election store the replica tracker reads and writes (identity unless a test injects faults). */
  private volatile UnaryOperator<ReplicaElections> electionsWrapper =
      UnaryOperator.identity();

  /** How long a write request waits at most for the HA election store before it is answered 503. */
  static final long ELECTION_DEADLINE_MS = 5_000;

  private DeadlineReplicaElections elections;

  /**
   * Wraps the store of HA replica elections (Ignite's in a cluster, the node's own alone) before the
   * replica tracker uses it, under the node's deadline on every call; set before {@link #start()}.
   * For fault injection in tests.
   */
  public void replicaElections(UnaryOperator<ReplicaElections> wrapper) {
    this.electionsWrapper = wrapper;
  }

  /**
   * The API server {@code --scrape.operator-monitors} reads instead of the in-cluster one (a local
   * proxy, a test's mock server); set before {@link #start()}.
   */
  public void operatorApi(ApiConnection api) {
    this.operatorApi = api;
  }

  /**
   * Starts the node in named steps: the HTTP server (health answers at once, readiness later), the
   * storage (alone, or joined to the cluster), ingest and queries, scraping and rules, the API
   * routes, maintenance; then marks the node ready. Returns once the node serves.
   */
  public void start() throws IOException, InterruptedException {
    Files.createDirectories(cfg.dataDir());
    long t0 = System.currentTimeMillis();
    startHttp();
    startStore();
    boolean clustered = !cfg.peers().isEmpty();
    EngineOptions engineOptions = new EngineOptions(cfg.lookbackDeltaMs(), cfg.maxSamples(), cfg.queryTimeoutMs());
    Storage storage = clustered ? joinCluster(engineOptions, t0) : openAlone(engineOptions, t0);
    Ingest ingest = startIngest(storage, clustered);
    startScraping(ingest, clustered);
    RulesApi rulesApi = startRules(storage, clustered);
    AtomicReference<Labels> externalLabels = applyConfigChanges(ingest);
    scrape.start();
    routeWritesAndQueries(storage, ingest, externalLabels);
    routeStatusAndAdmin(ingest, rulesApi);
    startMaintenance();
    ready = true;
    if (clustered) {
      Thread back = new Thread(() -> work.takeBackWhenReady(this::readyToTakeBack, closing::get), "hearth-take-back");
      back.setDaemon(true);
      back.start();
    }
    LOG.info("Hearth " + Main.VERSION + " ready on http://" + address.getHostString() + ":" + address.getPort()
        + " in " + (System.currentTimeMillis() - t0) + " ms");
  }

  /**
   * Ready, serving every partition it is primary for at the current topology (not an earlier one
   * while it is still loading those it gained), and primary of every partition the affinity gives
   * it (no late switch pending): only then does a returning node run its targets and groups.
   */
  private boolean readyToTakeBack() {
    return isReady() && ownership.servedVersion() == clusterView.topology().version() && store.localPrimarySwitchesPending() == 0;
  }

  /** How this node reads, writes and evaluates: through the cluster, or its own head alone. */
  private record Storage(Appendable writes, Queryable reads, Engine engine, ExemplarQueryable exemplarReads) {}

  /** The ingest side: where samples go (with exemplars kept), the endpoints that accept them, HA dedup, metadata. */
  private record Ingest(Appendable appendable, WriteApi write, OtlpApi otlp, HaDedup haDedup, MetadataStore metadata) {}

  /** Worker pools and the HTTP server with health and readiness, which answer while storage starts. */
  private void startHttp() throws IOException, InterruptedException {
    queryPool = pool("hearth-query", cfg.maxConcurrency(), 4 * cfg.maxConcurrency());
    // Bounded: a full pool answers 503 at once. Sizes can be tuned with system properties.
    writePool = pool("hearth-write", Integer.getInteger("hearth.write.threads", 16), Integer.getInteger("hearth.write.queue", 256));
    adminPool = pool("hearth-admin", 4, 64);
    http = new HttpServer(64 << 20, cfg.limits().readTimeoutMs(),
        new ByteBudget("request body", Math.max(64 << 20, Runtime.getRuntime().maxMemory() / 8)),
        cfg.webConfigFile() == null ? WebSecurity.none() : WebSecurity.load(cfg.webConfigFile()));
    http.observer(metrics::httpRequest);
    // Health answers while storage starts; readiness only once it is serving.
    http.route("/-/healthy", adminPool, 503, r -> ApiResponse.text(200, "Hearth Server is Healthy.\n"));
    http.route("/-/ready", adminPool, 503, r -> isReady() ? ApiResponse.text(200, "Hearth Server is Ready.\n")
        : ApiResponse.text(503, "Service Unavailable"));
    address = http.start(cfg.listenHost(), cfg.listenPort());
    LOG.info("listening on " + address + ", starting storage in " + cfg.dataDir().toAbsolutePath());
  }

  /** Embedded Ignite: joins the peers, or runs alone on any free ports when the configured ones are taken. */
  private void startStore() {
    int discoveryPort = cfg.clusterPort();
    int communicationPort = cfg.clusterPort() + 1;
    if (cfg.peers().isEmpty() && !(portFree(cfg.clusterHost(), discoveryPort) && portFree(cfg.clusterHost(), communicationPort))) {
      // A single node talks to no peer: any free ports do, so a second node on the same host starts too.
      discoveryPort = freePort(cfg.clusterHost());
      communicationPort = freePort(cfg.clusterHost());
      LOG.info("cluster ports " + cfg.clusterPort() + "/" + (cfg.clusterPort() + 1) + " are in use; this single node uses "
          + discoveryPort + "/" + communicationPort + " (set --cluster.listen-address to choose)");
    }
    store = IgniteStore.start(new IgniteSettings(cfg.nodeName(), cfg.dataDir().resolve("ignite"), cfg.clusterHost(),
        discoveryPort, communicationPort, cfg.peers(), cfg.partitions(), cfg.replicationFactor(), cfg.regionBytes(),
        cfg.durability(), cfg.clusterTls()).withZone(cfg.clusterZone()).withBootstrapExpect(cfg.bootstrapExpect())
        .withWalArchiveBytes(cfg.walArchiveBytes()));
  }

  private HeadOptions headOptions() {
    return HeadOptions.defaults().withPartitions(store.settings().partitions()).withRetention(cfg.retentionMs(), cfg.retentionBytes())
        .withMaxFuture(cfg.limits().maxFutureMs());
  }

  /**
   * A cluster node: tells the others at once that it is not ready (they keep its scrape targets and
   * rule groups), then serves the partitions it is primary for, loaded by the ownership manager;
   * writes are routed to owners and reads gathered from them.
   */
  private Storage joinCluster(EngineOptions engineOptions, long t0) {
    clusterView = new IgniteClusterView(store);
    work = new WorkAssignment(clusterView, clusterView::copies);
    work.joined();
    head = Head.openUnloaded(headOptions(), IgnitePersistence.inCluster(store));
    RoutingAppendable.serve(clusterView, head);
    ClusterQueryable.serve(clusterView, head);
    router = new RoutingAppendable(clusterView, store.settings().partitions());
    clusterReads = new ClusterQueryable(clusterView);
    clusterView.serve(NODE_STATUS, this::serving);
    ownership = new OwnershipManager(clusterView, head, store.settings().partitions());
    ownership.start();
    // --cluster.baseline-settle: nodes that join become part of the baseline (never removed)
    if (cfg.baselineSettleMs() > 0) store.followBaseline(cfg.baselineSettleMs());
    Engine engine = clusterEngine(engineOptions);
    // Exemplars: kept in memory by the owner of their series' partition, which checks their order
    // per series; read cluster-wide.
    exemplars = new CircularExemplarStore(0);
    exemplarRouter = ExemplarRouter.serve(clusterView, exemplars);
    ClusterExemplars.serve(clusterView, exemplars);
    LOG.info("joined the cluster as " + cfg.nodeName() + " in " + (System.currentTimeMillis() - t0) + " ms");
    return new Storage(router, clusterReads, engine, new ClusterExemplars(clusterView));
  }

  /** A node alone: its head serves every partition. */
  private Storage openAlone(EngineOptions engineOptions, long t0) {
    head = Head.open(headOptions(), IgnitePersistence.alone(store));
    exemplars = new CircularExemplarStore(0);
    LOG.info("storage open: " + head.numSeries() + " series recovered in " + (System.currentTimeMillis() - t0) + " ms");
    return new Storage(head, head, new Engine(engineOptions), exemplars);
  }

  /**
   * Remote write and OTLP over the storage, with exemplars kept by this node (sized by the
   * configuration's storage.exemplars.max_exemplars at start and on reload), limits and HA dedup.
   */
  private Ingest startIngest(Storage storage, boolean clustered) {
    Appendable appendable = new ExemplarAppendable(storage.writes(), exemplars, exemplarRouter);
    MetadataStore metadata = new MetadataStore();
    NodeConfig.Limits limits = cfg.limits();
    WriteApi write = new WriteApi(appendable, metrics, metadata::put, limits.maxFutureMs(), WriteApi.defaultDecodedBudget(),
        DecodeOptions.DEFAULT.withLimits(new DecodeOptions.LabelLimits(
            limits.maxLabelsPerSeries(), limits.maxLabelNameLength(), limits.maxLabelValueLength())));
    write.maxSeries(limits.maxActiveSeries());
    HaDedup haDedup = cfg.haDedup() ? haDedup(clustered) : null;
    write.haDedup(haDedup);
    write.createdZero(cfg.createdTimestampZeroIngestion());
    OtlpApi otlp = new OtlpApi(write, cfg.lookbackDeltaMs());
    head.setMaxSeries(limits.maxActiveSeries());
    return new Ingest(appendable, write, otlp, haDedup, metadata);
  }

  /** The scrape service; in a cluster each target is scraped by the node {@link WorkAssignment} gives it to. */
  private void startScraping(Ingest ingest, boolean clustered) {
    scrape = new ScrapeService(cfg, ingest.appendable(), address, ingest.metadata(), clusterView);
    if (!clustered) return;
    scrape.assign(work::assigned);
    ScrapeService local = scrape;
    clusterView.serve(SCRAPE_TARGETS, req -> local.localActiveTargets(req.length == 0 ? null : new String(req, StandardCharsets.UTF_8)));
    scrape.gatherTargetsWith(this::otherNodesTargets);
  }

  /** Rule evaluation and its API; in a cluster the groups follow {@link WorkAssignment} like targets, which it then serves. */
  private RulesApi startRules(Storage storage, boolean clustered) {
    notifier = Notifier.fromFlags(cfg.flags(), metrics.notifications);
    rules = new RuleManager(new RuleContext(storage.engine(), storage.reads(), storage.writes(), alertSender(),
        externalUrl(), flagDuration("rules.alert.resend-delay", "1m"), flagDuration("rules.alert.for-outage-tolerance", "1h"),
        flagDuration("rules.alert.for-grace-period", "10m")));
    if (clustered) rules.assign(work::assigned);
    RulesApi rulesApi = new RulesApi(rules, clustered ? () -> otherNodes(RULE_GROUPS, new byte[0]) : List::of);
    if (clustered) {
      clusterView.serve(RULE_GROUPS, req -> rulesApi.localGroups());
      work.serve(assignedWork());
    }
    return rulesApi;
  }

  /** This node's scrape loops and rule groups as {@link WorkAssignment} moves them. */
  private WorkAssignment.Work assignedWork() {
    return new WorkAssignment.Work() {
      @Override
      public boolean assignTargets(LongPredicate assigned, long timeoutMs) throws InterruptedException {
        return scrape.assignAndWait(assigned, timeoutMs);
      }

      @Override
      public void assignGroups(long atNs) {
        rules.reassign(atNs);
      }

      @Override
      public void awaitGroupsMoved() throws InterruptedException {
        rules.awaitMoved();
      }

      @Override
      public void topologyChanged(LongPredicate assigned) {
        scrape.assign(assigned);
        scrape.topologyChanged();
        rules.reassign();
      }

      @Override
      public int activeTargets() {
        return scrape.activeTargetCount();
      }

      @Override
      public int ruleGroups() {
        return rules.groups().size();
      }
    };
  }

  /**
   * What each configuration (at start and on reload) changes: rules first (a reload whose rule
   * files are bad is refused before anything else changes), PrometheusRule objects, then the
   * notifier, external labels, OTLP, exemplar storage and the out-of-order window. Returns the
   * external labels as the configuration sets them.
   */
  private AtomicReference<Labels> applyConfigChanges(Ingest ingest) {
    scrape.onConfig(rules::apply);
    // PrometheusRule objects: beside rule_files, one virtual file each; invalid objects are skipped.
    scrape.onOperatorRules(rules::applyGenerated);
    if (operatorApi != null) scrape.operatorApi(operatorApi);
    AtomicReference<Labels> externalLabels = new AtomicReference<>(Labels.EMPTY);
    scrape.onConfig(c -> {
      notifier.apply(c.alerting());
      externalLabels.set(c.global().externalLabels());
      ingest.otlp().apply(c.otlp());
      int maxExemplars = c.maxExemplars();
      if (maxExemplars != exemplars.maxExemplars()) {
        exemplars.resize(maxExemplars);
        LOG.info("exemplar storage holds at most " + maxExemplars + " exemplars" + (maxExemplars == 0 ? " (off)" : ""));
      }
      long window = c.outOfOrderTimeWindowMs();
      if (window != head.outOfOrderWindow()) {
        head.setOutOfOrderWindow(window);
        LOG.info("out-of-order time window set to " + window + " ms");
      }
    });
    return externalLabels;
  }

  /** Remote write, OTLP, remote read, federation and the query API. */
  private void routeWritesAndQueries(Storage storage, Ingest ingest, AtomicReference<Labels> externalLabels) {
    // Range results over settled data (storage that tracks no changes, as a cluster's, keeps none).
    RangeResultCache results = new RangeResultCache(storage.engine(), cfg.queryResultsCacheBytes());
    metrics.resultsCache = results;
    QueryApi query = new QueryApi(storage.reads(), results, metrics, System::currentTimeMillis);
    http.route("/api/v1/write", writePool, 503, ingest.write()::write);
    http.route("/api/v1/otlp/v1/metrics", writePool, 503, ingest.otlp()::write);
    ReadApi read = new ReadApi(storage.reads(), externalLabels::get, ChunkedReadEncoder.DEFAULT_MAX_BYTES_IN_FRAME);
    http.route("/api/v1/read", queryPool, 503, read::read);
    // --web.federate.metadata: types and help from the metadata of every node (off: Prometheus's bytes).
    FederateApi.MetadataSource federateMetadata = null;
    if (cfg.federateMetadata()) {
      federateMetadata = clusterView != null ? FederationMetadata.cluster(clusterView, ingest.metadata())
          : FederationMetadata.local(ingest.metadata());
    }
    FederateApi federate = new FederateApi(storage.reads(), cfg.lookbackDeltaMs(), System::currentTimeMillis, externalLabels::get, federateMetadata);
    http.route("/federate", queryPool, 503, federate::federate);
    http.route("/api/v1/query", queryPool, 503, query::instant);
    http.route("/api/v1/query_range", queryPool, 503, query::range);
    http.route("/api/v1/series", queryPool, 503, query::series);
    http.route("/api/v1/query_exemplars", queryPool, 503, new ExemplarsApi(storage.exemplarReads())::queryExemplars);
    http.route("/api/v1/labels", queryPool, 503, query::labels);
    http.prefix("/api/v1/label/", queryPool, 503, query::labelValues);
    http.route("/api/v1/parse_query", queryPool, 503, query::parseQuery);
    http.route("/api/v1/format_query", queryPool, 503, query::formatQuery);
  }

  /** Status, cluster administration, /metrics, snapshots, lifecycle, targets, rules, alerts, metadata and the UI. */
  private void routeStatusAndAdmin(Ingest ingest, RulesApi rulesApi) {
    StatusApi status = new StatusApi(head, cfg.flags(), Main.VERSION, startMillis, scrape::configYaml, scrape::lastReloadOk,
        scrape::lastReloadMillis, cfg.flags().getOrDefault("storage.tsdb.retention.time", ""));
    http.route("/api/v1/status/buildinfo", adminPool, 503, status::buildInfo);
    http.route("/api/v1/status/flags", adminPool, 503, status::flags);
    http.route("/api/v1/status/runtimeinfo", adminPool, 503, status::runtimeInfo);
    http.route("/api/v1/status/tsdb", adminPool, 503, status::tsdb);
    http.route("/api/v1/status/config", adminPool, 503, status::config);
    http.route("/api/v1/status/ha", adminPool, 503, r -> StatusApi.ha(ingest.haDedup()));
    http.route("/api/v1/status/cluster", adminPool, 503, r -> StatusApi.cluster(store.clusterStatus(), nodesServing()));
    http.route("/api/v1/admin/cluster/baseline/add", adminPool, 503, admin(r -> baselineChange(r, true)));
    http.route("/api/v1/admin/cluster/baseline/remove", adminPool, 503, admin(r -> baselineChange(r, false)));
    http.route("/api/v1/admin/cluster/decommission", adminPool, 503, admin(this::decommission));
    http.route("/api/v1/admin/cluster/handover", adminPool, 503, admin(this::handoverRequest));
    http.route("/metrics", adminPool, 503, r -> new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8",
        (Exposition.render(metrics, head, store::offHeapUsedBytes, startMillis, Main.VERSION, clusterFigures())
            + rules.metricsText()).getBytes(StandardCharsets.UTF_8)));
    http.route("/api/v1/admin/tsdb/flush", adminPool, 503, admin(r -> {
      head.flush();
      return ApiResponse.empty(204);
    }));
    SnapshotApi snapshots = new SnapshotApi(store);
    http.route("/api/v1/admin/tsdb/snapshot", adminPool, 503, admin(snapshots::create));
    http.route("/api/v1/status/snapshots", adminPool, 503, snapshots::list);
    http.route("/-/reload", adminPool, 503, r -> {
      requirePost(r.method());
      if (!cfg.enableLifecycle()) throw ApiException.text(403, "Lifecycle API is not enabled.");
      String err = scrape.reload();
      if (err != null) throw ApiException.text(500, "failed to reload config: " + err);
      return ApiResponse.empty(200);
    });
    http.route("/-/quit", adminPool, 503, r -> {
      requirePost(r.method());
      if (!cfg.enableLifecycle()) throw ApiException.text(403, "Lifecycle API is not enabled.");
      new Thread(this::close, "hearth-quit").start();
      return ApiResponse.text(200, "Requesting termination... Goodbye!");
    });
    scrape.registerRoutes(http, adminPool);
    http.route("/api/v1/alertmanagers", adminPool, 503, new AlertmanagersApi(notifier)::alertmanagers);
    http.route("/api/v1/rules", adminPool, 503, rulesApi::rules);
    http.route("/api/v1/alerts", adminPool, 503, rulesApi::alerts);
    MetadataApi metadataApi = new MetadataApi(ingest.metadata(), scrape::activeTargetLabels);
    http.route("/api/v1/metadata", adminPool, 503, metadataApi::metadata);
    http.route("/api/v1/targets/metadata", adminPool, 503, metadataApi::targetMetadata);
    UiRoutes.register(http, adminPool);
  }

  /** Every second: in a cluster, follow topology changes (scrape and rule assignment); the head's maintenance. */
  private void startMaintenance() {
    maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-maintenance");
      t.setDaemon(true);
      return t;
    });
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        if (work != null) work.refresh();
        head.maintain();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "storage maintenance failed", e);
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * HA pair deduplication: one election per HA cluster for the whole cluster, in a replicated
   * Ignite cache, or in this process when the node is alone.
   */
  private HaDedup haDedup(boolean clustered) {
    ReplicaElections stored = clustered ? new IgniteReplicaElections(store) : new LocalReplicaElections();
    // Every call under a deadline: an election store that hangs makes a 503, never a hung request.
    elections = new DeadlineReplicaElections(electionsWrapper.apply(stored), ELECTION_DEADLINE_MS);
    ReplicaTracker tracker = new ReplicaTracker(elections, cfg.haFailoverTimeoutMs());
    LOG.info("HA pair deduplication on: cluster label " + cfg.haClusterLabel() + ", replica label " + cfg.haReplicaLabel()
        + ", failover after " + cfg.haFailoverTimeoutMs() + " ms, elections " + (clustered ? "shared by the cluster" : "in this node"));
    return new HaDedup(cfg.haClusterLabel(), cfg.haReplicaLabel(), tracker, metrics.ha, System::currentTimeMillis);
  }

  /**
   * Hands this node's scrape targets and rule groups to the other nodes before it stops (see
   * {@link WorkAssignment#handover}): targets overlap, rule groups move at a slot boundary, neither
   * leaving a gap. Partitions are
   * still served here until the node stops. Waits up to {@code timeoutMs} for the others; a node
   * that does not answer in time is named in the result. Alone (no cluster) there is nothing to hand
   * over: nothing changes.
   */
  public WorkAssignment.Handover handover(long timeoutMs) throws InterruptedException {
    if (work == null) return new WorkAssignment.Handover(List.of(), List.of(), scrape.activeTargetCount(), rules.groups().size());
    return work.handover(timeoutMs);
  }

  /** How long a cluster node stopping waits for the others to take its work ({@link #handOverBeforeStop}). */
  static final long STOP_HANDOVER_MS = 5_000;

  /**
   * A cluster node that stops hands its scrape targets and rule groups over first, as the
   * StatefulSet's preStop hook does (a second hand-over after it changes nothing): the others run
   * them from a slot boundary {@value WorkAssignment#MOVE_LEAD_MS} ms ahead, where without it they
   * would start only once this node had flushed and left the topology, seconds later. Bounded by
   * {@value #STOP_HANDOVER_MS} ms per unanswering node; a failure only brings back that wait.
   */
  private void handOverBeforeStop() {
    if (work == null || rules == null) return; // closed before its work was served: nothing runs
    try {
      WorkAssignment.Handover h = work.handover(STOP_HANDOVER_MS);
      if (!h.unconfirmed().isEmpty()) LOG.warning("stopping: not every node confirmed the hand-over: " + h.unconfirmed());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stopping: the hand-over failed; the others take this node's work once it has left", e);
    }
  }

  /** {@code POST /api/v1/admin/cluster/handover[?timeout=30s]}: {@link #handover}; 200, or 504 when a node did not confirm. */
  private ApiResponse handoverRequest(ApiRequest r) {
    String t = r.param("timeout");
    long timeoutMs;
    try {
      timeoutMs = t == null || t.isEmpty() ? 30_000 : PromDuration.parseConfig(t).toMillis();
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"timeout\": " + e.getMessage());
    }
    WorkAssignment.Handover h;
    try {
      h = handover(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.text(503, "interrupted");
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("node", cfg.nodeName());
    data.put("clustered", clusterView != null);
    h.confirmed().forEach(data.putArray("takenOverBy")::add);
    h.unconfirmed().forEach(data.putArray("notConfirmedBy")::add);
    data.put("activeTargets", h.targetsLeft());
    data.put("ruleGroups", h.groupsLeft());
    ObjectNode body = JSON.createObjectNode();
    body.put("status", h.unconfirmed().isEmpty() ? "success" : "error");
    if (!h.unconfirmed().isEmpty()) body.put("error", "not every node confirmed the hand-over in time");
    body.set("data", data);
    try {
      return ApiResponse.json(h.unconfirmed().isEmpty() ? 200 : 504, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The engine of a cluster node: fragments of queries run on the partitions' owners. */
  private Engine clusterEngine(EngineOptions engineOptions) {
    ClusterFragments.serve(clusterView, head, engineOptions);
    if ("false".equals(cfg.flags().get("cluster.query-pushdown"))) {
      LOG.info("aggregation pushdown is off (--cluster.query-pushdown=false): queries fetch every selected series");
      return new Engine(engineOptions);
    }
    ClusterFragments fragments = new ClusterFragments(clusterView);
    fragmentsSent = fragments::fragmentsTotal;
    fragmentBytes = fragments::fragmentBytesTotal;
    return new Engine(engineOptions, fragments);
  }

  /** Fragment counters of the engine, once pushdown is wired (0 until then). */
  private LongSupplier fragmentsSent = () -> 0;
  private LongSupplier fragmentBytes = () -> 0;

  private ClusterFigures clusterFigures() {
    if (clusterView == null) return null;
    HeadMetrics h = head.metrics();
    return new ClusterFigures(head.loadedPartitions().length, ownership.ready(), ownership.servedVersion(),
        h.partitionsLoaded.sum(), h.partitionsReleased.sum(), router.messagesSent.sum(), router.bytesSent.sum(),
        router.reroutes.sum(), clusterReads.requests.sum(), clusterReads.bytesReceived.sum(), fragmentsSent.getAsLong(),
        fragmentBytes.getAsLong(), store.rebalancedKeys(), store.rebalancedBytes());
  }

  /**
   * Whether this node answers: started, and in a cluster serving every partition it is primary for
   * with none of its partitions still catching up (a restarted node receiving the writes it missed
   * by WAL delta or rebalance). Alone, only the first and the head's health count.
   */
  public boolean isReady() {
    return ready && (ownership == null || (ownership.ready() && store.localPartitionsCatchingUp() == 0)) && head.healthy();
  }

  /** Partitions this node is still receiving from the others (0 alone, or when caught up). */
  public int partitionsCatchingUp() {
    return clusterView == null || store == null ? 0 : store.localPartitionsCatchingUp();
  }

  private ApiResponse baselineChange(ApiRequest r, boolean add) {
    requirePost(r.method());
    String node = r.param("node");
    if (node == null || node.isEmpty()) throw ApiException.badData("missing parameter \"node\": the node name (--cluster.node-name) to " + (add ? "add to" : "remove from") + " the baseline");
    try {
      if (add) store.addToBaseline(node);
      else store.removeFromBaseline(node);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    LOG.info((add ? "added " : "removed ") + node + (add ? " to" : " from") + " the baseline");
    return StatusApi.cluster(store.clusterStatus(), nodesServing());
  }

  /** {@code POST /api/v1/admin/cluster/decommission?node=NAME}: the node leaves the baseline while it serves. */
  private ApiResponse decommission(ApiRequest r) {
    String node = r.param("node");
    if (node == null || node.isEmpty()) throw ApiException.badData("missing parameter \"node\": the node name (--cluster.node-name) to decommission");
    if (clusterView == null) throw ApiException.badData("this node runs alone (no --cluster.peers): there is no cluster to decommission " + node + " from");
    try {
      store.decommission(node);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    LOG.info("decommissioning " + node + ": removed from the baseline while it runs; its partitions move to the other nodes");
    return StatusApi.cluster(store.clusterStatus(), nodesServing());
  }

  private static final String NODE_STATUS = "node.status";
  private static final String SCRAPE_TARGETS = "scrape.targets";

  private static final String RULE_GROUPS = "rules.groups";

  /** The active targets of every other node (JSON arrays), asked in parallel; a node that does not answer in 5 s is left out. */
  private List<byte[]> otherNodesTargets(String pool) {
    return otherNodes(SCRAPE_TARGETS, pool == null ? new byte[0] : pool.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code service}'s answers from every other node, asked in parallel; a node that does not answer in 5 s is left out. */
  private List<byte[]> otherNodes(String service, byte[] req) {
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    Topology t = clusterView.topology();
    for (String n : t.nodes()) if (!n.equals(t.localNode())) calls.add(clusterView.call(n, service, req));
    List<byte[]> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (var f : calls) {
      try {
        out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (Exception e) {
        LOG.fine("no " + service + " answer from a node: " + e);
      }
    }
    return out;
  }

  /** This node's own report for the cluster status (service {@value #NODE_STATUS}). */
  private byte[] serving(byte[] request) {
    ByteSink out = new ByteSink(32);
    out.writeUvarint(head.loadedPartitions().length);
    out.writeByte(isReady() ? 1 : 0);
    out.writeUvarint(store.localRebalancingPartitions());
    out.writeUvarint(store.rebalancedKeys());
    out.writeUvarint(store.rebalancedBytes());
    out.writeUvarint(scrape == null ? 0 : scrape.activeTargetCount());
    // appended last: a node of the previous version reads the fields above and ignores this one
    out.writeVarint(store.localPartitionsHeld());
    return out.toByteArray();
  }

  /** Every node's report, asked in parallel; a node that does not answer within 2 s is left out. */
  private Map<String, StatusApi.NodeServing> nodesServing() {
    Map<String, StatusApi.NodeServing> out = new TreeMap<>();
    if (clusterView == null) return out;
    Map<String, CompletableFuture<byte[]>> calls = new LinkedHashMap<>();
    for (String n : clusterView.topology().nodes()) calls.put(n, clusterView.call(n, NODE_STATUS, new byte[0]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    calls.forEach((n, f) -> {
      try {
        byte[] b = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        ByteSource in = new ByteSource().reset(b, 0, b.length, "node status");
        out.put(n, new StatusApi.NodeServing((int) in.readUvarint(), in.readByte() == 1, (int) in.readUvarint(),
            in.readUvarint(), in.readUvarint(), (int) in.readUvarint(), in.hasMore() ? (int) in.readVarint() : -1));
      } catch (Exception e) {
        LOG.fine("no status from node " + n + ": " + e);
      }
    });
    return out;
  }

  /**
   * An admin action, as Prometheus gates them: POST or PUT only (405 otherwise), and only with
   * {@code --web.enable-admin-api} (otherwise 503 {@code admin APIs disabled}, Prometheus's answer).
   */
  private Route admin(Route action) {
    return r -> {
      requirePost(r.method());
      if (!cfg.enableAdminApi()) throw new ApiException(503, "unavailable", "admin APIs disabled", false, null);
      return action.handle(r);
    };
  }

  /** {@code --web.external-url}, or Prometheus's default {@code http://<hostname>:<port>}. */
  private String externalUrl() {
    String u = cfg.flags().getOrDefault("web.external-url", "");
    if (!u.isEmpty()) return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return "http://" + host + ":" + address.getPort();
  }

  private Duration flagDuration(String flag, String dflt) {
    String v = cfg.flags().getOrDefault(flag, dflt);
    try {
      return PromDuration.parseConfig(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": " + e.getMessage(), e);
    }
  }

  private static boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
    }
  }

  private static void requirePost(HttpMethod m) {
    if (!m.name().equals("POST") && !m.name().equals("PUT")) throw ApiException.text(405, "Only POST or PUT requests allowed");
  }

  private static ExecutorService pool(String name, int threads, int queue) {
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /** Blocks until {@link #close()} finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        stopped.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    ready = false;
    try {
      handOverBeforeStop();
      if (rules != null) rules.close();
      if (scrape != null) scrape.stop();
      if (notifier != null) notifier.close();
      if (http != null) http.close();
      if (maintenance != null) maintenance.shutdownNow();
      for (ExecutorService p : new ExecutorService[] {queryPool, writePool, adminPool}) {
        if (p != null) p.shutdown();
      }
      if (writePool != null) writePool.awaitTermination(10, TimeUnit.SECONDS);
      if (elections != null) elections.close();
      if (ownership != null) ownership.close();
      if (head != null) {
        head.flush();
        if (clusterView != null) {
          // Hand over: stop serving every partition (routed writes and reads now go elsewhere after a retry).
          for (int p : head.loadedPartitions()) head.releasePartition(p);
          clusterView.close();
        }
        head.close();
      }
      if (store != null) store.close();
      LOG.info("stopped");
    } catch (Exception e) {
      LOG.log(Level.WARNING, "error while stopping", e);
    } finally {
      stopped.countDown();
    }
  }
}
