package io.hearth.node;

import io.hearth.node.api.QueryApi;
import io.hearth.node.api.FederateApi;
import io.hearth.node.api.ReadApi;
import io.hearth.node.api.StatusApi;
import io.hearth.node.api.WriteApi;
import io.hearth.node.cli.Main;
import io.hearth.node.metadata.MetadataApi;
import io.hearth.node.metadata.MetadataStore;
import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.http.HttpServer;
import io.hearth.node.metrics.Exposition;
import io.hearth.node.metrics.NodeMetrics;
import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.ignite.IgnitePersistence;
import io.hearth.sharding.ignite.IgniteSettings;
import io.hearth.sharding.ignite.IgniteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private io.hearth.node.notifier.Notifier notifier;
  private io.hearth.node.rules.RuleManager rules;
  /** Set before {@link #start()} to send the rules' alerts somewhere else than the notifier (tests). */
  private volatile io.hearth.node.notifier.AlertSender alertSenderOverride;
  private InetSocketAddress address;
  /** Cluster mode only (peers configured): ownership of partitions, routing and scatter-gather. */
  private io.hearth.sharding.ignite.IgniteClusterView clusterView;
  private io.hearth.sharding.cluster.OwnershipManager ownership;
  private io.hearth.sharding.cluster.RoutingAppendable router;
  private io.hearth.sharding.cluster.ClusterQueryable clusterReads;
  /** This node's exemplars (memory only). */
  private io.hearth.sharding.exemplar.CircularExemplarStore exemplars;

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
  public io.hearth.sharding.exemplar.CircularExemplarStore exemplars() {
    return exemplars;
  }

  /** Where rule evaluation sends alerts: the one set before start, else the notifier once started, else none. */
  public io.hearth.node.notifier.AlertSender alertSender() {
    io.hearth.node.notifier.AlertSender o = alertSenderOverride;
    if (o != null) return o;
    io.hearth.node.notifier.Notifier n = notifier;
    return n == null ? io.hearth.node.notifier.AlertSender.NONE : n;
  }

  /** The node's rule evaluation (null before {@link #start()}). */
  public io.hearth.node.rules.RuleManager rules() {
    return rules;
  }

  /** Where alerts go instead of the notifier; set before {@link #start()}. {@code AlertSender.NONE} keeps the notifier. */
  public void alertSender(io.hearth.node.notifier.AlertSender sender) {
    this.alertSenderOverride = sender == io.hearth.node.notifier.AlertSender.NONE ? null : sender;
  }

  private volatile io.hearth.scrape.discovery.kubernetes.ApiConnection operatorApi;

  /** Wraps the HA election store the replica tracker reads and writes (identity unless a test injects faults). */
  private volatile java.util.function.UnaryOperator<io.hearth.sharding.api.ReplicaElections> electionsWrapper =
      java.util.function.UnaryOperator.identity();

  /** How long a write request waits at most for the HA election store before it is answered 503. */
  static final long ELECTION_DEADLINE_MS = 5_000;

  private io.hearth.sharding.ha.DeadlineReplicaElections elections;

  /**
   * Wraps the store of HA replica elections (Ignite's in a cluster, the node's own alone) before the
   * replica tracker uses it, under the node's deadline on every call; set before {@link #start()}.
   * For fault injection in tests.
   */
  public void replicaElections(java.util.function.UnaryOperator<io.hearth.sharding.api.ReplicaElections> wrapper) {
    this.electionsWrapper = wrapper;
  }

  /**
   * The API server {@code --scrape.operator-monitors} reads instead of the in-cluster one (a local
   * proxy, a test's mock server); set before {@link #start()}.
   */
  public void operatorApi(io.hearth.scrape.discovery.kubernetes.ApiConnection api) {
    this.operatorApi = api;
  }

  public void start() throws IOException, InterruptedException {
    Files.createDirectories(cfg.dataDir());
    long t0 = System.currentTimeMillis();
    queryPool = pool("hearth-query", cfg.maxConcurrency(), 4 * cfg.maxConcurrency());
    // Bounded: a full pool answers 503 at once. Sizes can be tuned with system properties.
    writePool = pool("hearth-write", Integer.getInteger("hearth.write.threads", 16), Integer.getInteger("hearth.write.queue", 256));
    adminPool = pool("hearth-admin", 4, 64);
    http = new HttpServer(64 << 20, cfg.limits().readTimeoutMs(),
        new io.hearth.node.http.ByteBudget("request body", Math.max(64 << 20, Runtime.getRuntime().maxMemory() / 8)),
        cfg.webConfigFile() == null ? io.hearth.node.http.WebSecurity.none() : io.hearth.node.http.WebSecurity.load(cfg.webConfigFile()));
    http.observer(metrics::httpRequest);
    // Health answers while storage starts; readiness only once it is serving.
    http.route("/-/healthy", adminPool, 503, r -> ApiResponse.text(200, "Hearth Server is Healthy.\n"));
    http.route("/-/ready", adminPool, 503, r -> isReady() ? ApiResponse.text(200, "Hearth Server is Ready.\n")
        : ApiResponse.text(503, "Service Unavailable"));
    address = http.start(cfg.listenHost(), cfg.listenPort());
    LOG.info("listening on " + address + ", starting storage in " + cfg.dataDir().toAbsolutePath());

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
    HeadOptions opts = HeadOptions.defaults().withPartitions(cfg.partitions()).withRetention(cfg.retentionMs(), cfg.retentionBytes())
        .withMaxFuture(cfg.limits().maxFutureMs());
    boolean clustered = !cfg.peers().isEmpty();
    EngineOptions engineOptions = new EngineOptions(cfg.lookbackDeltaMs(), cfg.maxSamples(), cfg.queryTimeoutMs());
    io.hearth.sharding.api.Appendable writes;
    io.hearth.sharding.api.Queryable reads;
    Engine engine;
    if (clustered) {
      // This node serves the partitions it is primary for, loaded by the ownership manager; writes
      // are routed to owners and reads gathered from them.
      clusterView = new io.hearth.sharding.ignite.IgniteClusterView(store);
      // Not ready yet: the others keep this node's scrape targets and rule groups until it serves
      // and runs them (takeBackWorkWhenReady), so its return is an overlap rather than a gap.
      handingOver.add(clusterView.topology().localNode());
      announce(true);
      head = Head.openUnloaded(opts, new IgnitePersistence(store));
      io.hearth.sharding.cluster.RoutingAppendable.serve(clusterView, head);
      io.hearth.sharding.cluster.ClusterQueryable.serve(clusterView, head);
      router = new io.hearth.sharding.cluster.RoutingAppendable(clusterView, cfg.partitions());
      clusterReads = new io.hearth.sharding.cluster.ClusterQueryable(clusterView);
      clusterView.serve(NODE_STATUS, this::serving);
      ownership = new io.hearth.sharding.cluster.OwnershipManager(clusterView, head, cfg.partitions());
      ownership.start();
      // --cluster.baseline-settle: nodes that join become part of the baseline (never removed)
      if (cfg.baselineSettleMs() > 0) store.followBaseline(cfg.baselineSettleMs());
      writes = router;
      reads = clusterReads;
      engine = clusterEngine(engineOptions);
      LOG.info("joined the cluster as " + cfg.nodeName() + " in " + (System.currentTimeMillis() - t0) + " ms");
    } else {
      head = Head.open(opts, new IgnitePersistence(store));
      writes = head;
      reads = head;
      engine = new Engine(engineOptions);
      LOG.info("storage open: " + head.numSeries() + " series recovered in " + (System.currentTimeMillis() - t0) + " ms");
    }

    // Exemplars: kept in memory by the node that receives or scrapes them (sized by the
    // configuration's storage.exemplars.max_exemplars at start and on reload), read cluster-wide.
    exemplars = new io.hearth.sharding.exemplar.CircularExemplarStore(0);
    io.hearth.sharding.api.Appendable ingest = new io.hearth.sharding.exemplar.ExemplarAppendable(writes, exemplars);
    io.hearth.sharding.exemplar.ExemplarQueryable exemplarReads = exemplars;
    if (clustered) {
      io.hearth.sharding.exemplar.ClusterExemplars.serve(clusterView, exemplars);
      exemplarReads = new io.hearth.sharding.exemplar.ClusterExemplars(clusterView);
    }
    QueryApi query = new QueryApi(reads, engine, metrics, System::currentTimeMillis);
    MetadataStore metadata = new MetadataStore();
    NodeConfig.Limits limits = cfg.limits();
    WriteApi write = new WriteApi(ingest, metrics, metadata::put, limits.maxFutureMs(), WriteApi.defaultDecodedBudget(),
        io.hearth.node.remote.DecodeOptions.DEFAULT.withLimits(new io.hearth.node.remote.DecodeOptions.LabelLimits(
            limits.maxLabelsPerSeries(), limits.maxLabelNameLength(), limits.maxLabelValueLength())));
    write.maxSeries(limits.maxActiveSeries());
    io.hearth.node.ha.HaDedup haDedup = cfg.haDedup() ? haDedup(clustered) : null;
    write.haDedup(haDedup);
    write.createdZero(cfg.createdTimestampZeroIngestion());
    io.hearth.node.api.OtlpApi otlp = new io.hearth.node.api.OtlpApi(write, cfg.lookbackDeltaMs());
    head.setMaxSeries(limits.maxActiveSeries());
    scrape = new ScrapeService(cfg, ingest, address, metadata, clusterView);
    if (clustered) {
      // Each target is scraped by the primary of its hash's partition; reassigned when ownership moves.
      targetTopology = clusterView.topology();
      targetCopies = clusterView.copies();
      scrape.assign(this::scrapesTarget);
      ScrapeService local = scrape;
      clusterView.serve(SCRAPE_TARGETS, req -> local.localActiveTargets(
          req.length == 0 ? null : new String(req, java.nio.charset.StandardCharsets.UTF_8)));
      scrape.gatherTargetsWith(this::otherNodesTargets);
    }
    notifier = io.hearth.node.notifier.Notifier.fromFlags(cfg.flags(), metrics.notifications);
    rules = new io.hearth.node.rules.RuleManager(new io.hearth.node.rules.RuleContext(engine, reads, writes, alertSender(),
        externalUrl(), flagDuration("rules.alert.resend-delay", "1m"), flagDuration("rules.alert.for-outage-tolerance", "1h"),
        flagDuration("rules.alert.for-grace-period", "10m")));
    if (clustered) rules.assign(this::scrapesTarget);
    io.hearth.node.rules.RulesApi rulesApi = new io.hearth.node.rules.RulesApi(rules,
        clustered ? () -> otherNodes(RULE_GROUPS, new byte[0]) : java.util.List::of);
    if (clustered) {
      clusterView.serve(RULE_GROUPS, req -> rulesApi.localGroups());
      clusterView.serve(HANDOVER, this::onHandover);
    }
    // Rules first: a reload whose rule files are bad is refused before anything else changes.
    scrape.onConfig(rules::apply);
    // PrometheusRule objects: beside rule_files, one virtual file each; invalid objects are skipped.
    scrape.onOperatorRules(rules::applyGenerated);
    if (operatorApi != null) scrape.operatorApi(operatorApi);
    java.util.concurrent.atomic.AtomicReference<io.hearth.sharding.api.Labels> externalLabels =
        new java.util.concurrent.atomic.AtomicReference<>(io.hearth.sharding.api.Labels.EMPTY);
    scrape.onConfig(c -> {
      notifier.apply(c.alerting());
      externalLabels.set(c.global().externalLabels());
      otlp.apply(c.otlp());
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
    scrape.start();
    StatusApi status = new StatusApi(head, cfg.flags(), Main.VERSION, startMillis, scrape::configYaml, scrape::lastReloadOk,
        scrape::lastReloadMillis, cfg.flags().getOrDefault("storage.tsdb.retention.time", ""));

    http.route("/api/v1/write", writePool, 503, write::write);
    http.route("/api/v1/otlp/v1/metrics", writePool, 503, otlp::write);
    ReadApi read = new ReadApi(reads, externalLabels::get, io.hearth.node.remote.ChunkedReadEncoder.DEFAULT_MAX_BYTES_IN_FRAME);
    http.route("/api/v1/read", queryPool, 503, read::read);
    FederateApi federate = new FederateApi(reads, cfg.lookbackDeltaMs(), System::currentTimeMillis, externalLabels::get);
    http.route("/federate", queryPool, 503, federate::federate);
    http.route("/api/v1/query", queryPool, 503, query::instant);
    http.route("/api/v1/query_range", queryPool, 503, query::range);
    http.route("/api/v1/series", queryPool, 503, query::series);
    http.route("/api/v1/query_exemplars", queryPool, 503, new io.hearth.node.api.ExemplarsApi(exemplarReads)::queryExemplars);
    http.route("/api/v1/labels", queryPool, 503, query::labels);
    http.prefix("/api/v1/label/", queryPool, 503, query::labelValues);
    http.route("/api/v1/parse_query", queryPool, 503, query::parseQuery);
    http.route("/api/v1/format_query", queryPool, 503, query::formatQuery);
    http.route("/api/v1/status/buildinfo", adminPool, 503, status::buildInfo);
    http.route("/api/v1/status/flags", adminPool, 503, status::flags);
    http.route("/api/v1/status/runtimeinfo", adminPool, 503, status::runtimeInfo);
    http.route("/api/v1/status/tsdb", adminPool, 503, status::tsdb);
    http.route("/api/v1/status/config", adminPool, 503, status::config);
    http.route("/api/v1/status/ha", adminPool, 503, r -> StatusApi.ha(haDedup));
    http.route("/api/v1/status/cluster", adminPool, 503, r -> StatusApi.cluster(store.clusterStatus(), nodesServing()));
    http.route("/api/v1/admin/cluster/baseline/add", adminPool, 503, admin(r -> baselineChange(r, true)));
    http.route("/api/v1/admin/cluster/baseline/remove", adminPool, 503, admin(r -> baselineChange(r, false)));
    http.route("/api/v1/admin/cluster/decommission", adminPool, 503, admin(this::decommission));
    http.route("/api/v1/admin/cluster/handover", adminPool, 503, admin(this::handoverRequest));
    http.route("/metrics", adminPool, 503, r -> new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8",
        (Exposition.render(metrics, head, store::offHeapUsedBytes, startMillis, Main.VERSION, clusterFigures())
            + rules.metricsText()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    http.route("/api/v1/admin/tsdb/flush", adminPool, 503, admin(r -> {
      head.flush();
      return ApiResponse.empty(204);
    }));
    io.hearth.node.api.SnapshotApi snapshots = new io.hearth.node.api.SnapshotApi(store);
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
    http.route("/api/v1/alertmanagers", adminPool, 503, new io.hearth.node.notifier.AlertmanagersApi(notifier)::alertmanagers);
    http.route("/api/v1/rules", adminPool, 503, rulesApi::rules);
    http.route("/api/v1/alerts", adminPool, 503, rulesApi::alerts);
    MetadataApi metadataApi = new MetadataApi(metadata, scrape::activeTargetLabels);
    http.route("/api/v1/metadata", adminPool, 503, metadataApi::metadata);
    http.route("/api/v1/targets/metadata", adminPool, 503, metadataApi::targetMetadata);
    io.hearth.node.ui.UiRoutes.register(http, adminPool);

    maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-maintenance");
      t.setDaemon(true);
      return t;
    });
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        if (clusterView != null) {
          io.hearth.sharding.api.Topology t = clusterView.topology();
          if (t.version() != targetTopology.version()) {
            // A node that handed over and left no longer needs skipping; this node never leaves its own view.
            handingOver.retainAll(t.nodes());
            targetCopies = clusterView.copies();
            targetTopology = t;
            scrape.assign(this::scrapesTarget);
            scrape.topologyChanged();
            rules.reassign();
          }
        }
        head.maintain();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "storage maintenance failed", e);
      }
    }, 1, 1, TimeUnit.SECONDS);
    ready = true;
    if (clustered) {
      Thread back = new Thread(this::takeBackWorkWhenReady, "hearth-take-back");
      back.setDaemon(true);
      back.start();
    }
    LOG.info("Hearth " + Main.VERSION + " ready on http://" + address.getHostString() + ":" + address.getPort()
        + " in " + (System.currentTimeMillis() - t0) + " ms");
  }

  /** Set once this node hands over before it stops: it does not take its work back any more. */
  private volatile boolean handedOver;

  private static final long READY_POLL_MS = 100;

  /**
   * Waits until this node is ready and primary of every partition the affinity gives it (Ignite
   * switches a primary to a returning node only after it caught up), then starts this node's scrape
   * loops and rule groups and only then tells the others it is back, so they stop theirs after it
   * started: an overlap, not a gap. Retries the nodes that did not confirm for up to
   * {@value #HANDOVER_STEP_MS} ms each round, until every node confirmed or this node stops.
   */
  private void takeBackWorkWhenReady() {
    try {
      while (!closing.get() && !handedOver && !(isReady() && store.localPrimarySwitchesPending() == 0)) Thread.sleep(READY_POLL_MS);
      if (closing.get() || handedOver) return;
      String me = clusterView.topology().localNode();
      targetTopology = clusterView.topology();
      targetCopies = clusterView.copies();
      handingOver.remove(me);
      long t0 = System.nanoTime();
      reassignWork(HANDOVER_STEP_MS);
      LOG.info("ready: this node scrapes " + scrape.activeTargetCount() + " targets and evaluates " + rules.groups().size()
          + " rule groups, started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; telling the others");
      java.util.Set<String> unconfirmed = new java.util.TreeSet<>(clusterView.topology().nodes());
      unconfirmed.remove(me);
      while (!unconfirmed.isEmpty() && !closing.get() && !handedOver) {
        unconfirmed.retainAll(clusterView.topology().nodes());
        for (var call : announce(false)) {
          if (!unconfirmed.contains(call.getKey())) continue;
          try {
            call.getValue().get(HANDOVER_STEP_MS + 5_000, TimeUnit.MILLISECONDS);
            unconfirmed.remove(call.getKey());
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warning("node " + call.getKey() + " did not confirm that this node is back (retrying): " + e);
          }
        }
        if (!unconfirmed.isEmpty()) Thread.sleep(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "taking back this node's scrape targets and rule groups failed", e);
    }
  }

  private volatile io.hearth.sharding.api.Topology targetTopology;

  /**
   * HA pair deduplication: one election per HA cluster for the whole cluster, in a replicated
   * Ignite cache, or in this process when the node is alone.
   */
  private io.hearth.node.ha.HaDedup haDedup(boolean clustered) {
    io.hearth.sharding.api.ReplicaElections stored = clustered ? new io.hearth.sharding.ignite.IgniteReplicaElections(store)
        : new io.hearth.sharding.ha.LocalReplicaElections();
    // Every call under a deadline: an election store that hangs makes a 503, never a hung request.
    elections = new io.hearth.sharding.ha.DeadlineReplicaElections(electionsWrapper.apply(stored), ELECTION_DEADLINE_MS);
    io.hearth.sharding.ha.ReplicaTracker tracker = new io.hearth.sharding.ha.ReplicaTracker(elections, cfg.haFailoverTimeoutMs());
    LOG.info("HA pair deduplication on: cluster label " + cfg.haClusterLabel() + ", replica label " + cfg.haReplicaLabel()
        + ", failover after " + cfg.haFailoverTimeoutMs() + " ms, elections " + (clustered ? "shared by the cluster" : "in this node"));
    return new io.hearth.node.ha.HaDedup(cfg.haClusterLabel(), cfg.haReplicaLabel(), tracker, metrics.ha, System::currentTimeMillis);
  }

  /**
   * Whether this node scrapes the target (or evaluates the rule group) of this hash: the primary of
   * its partition does, unless that node is handing over; then the first copy of the partition that
   * stays (the node that becomes primary when the other leaves), else a node that stays.
   */
  private boolean scrapesTarget(long targetHash) {
    io.hearth.sharding.api.Topology t = targetTopology;
    return t.localNode().equals(assignee(t, targetCopies, io.hearth.sharding.api.Partitioning.partition(targetHash, t.partitions())));
  }

  private String assignee(io.hearth.sharding.api.Topology t, String[][] copies, int p) {
    String primary = t.primary(p);
    if (primary == null || handingOver.isEmpty() || !handingOver.contains(primary)) return primary;
    if (copies != null && p < copies.length) {
      for (String c : copies[p]) if (!handingOver.contains(c) && t.nodes().contains(c)) return c;
    }
    java.util.List<String> staying = new java.util.ArrayList<>(t.nodes());
    staying.removeAll(handingOver);
    return staying.isEmpty() ? primary : staying.get(Math.floorMod(p, staying.size()));
  }

  /** Nodes handing over their scrape targets and rule groups before they stop (cluster only). */
  private final java.util.Set<String> handingOver = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Each partition's copies, primary first, at {@link #targetTopology}'s version. */
  private volatile String[][] targetCopies;

  private static final String HANDOVER = "node.handover";

  /** Service {@value #HANDOVER}: a node starts or ends handing over (first byte 1 or 0, then its name). */
  private byte[] onHandover(byte[] req) throws InterruptedException {
    if (req.length < 2) throw new IllegalArgumentException("handover request without a node name");
    String node = new String(req, 1, req.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    boolean changed = req[0] == 1 ? handingOver.add(node) : handingOver.remove(node);
    if (changed) {
      LOG.info(req[0] == 1 ? "node " + node + " hands over its scrape targets and rule groups (stopping, or not ready yet)"
          : "node " + node + " is ready and takes its share of scraping and rules again");
      if (scrape != null && rules != null) reassignWork(HANDOVER_STEP_MS);
    }
    return new byte[0];
  }

  private static final long HANDOVER_STEP_MS = 10_000;

  /** Applies the assignment now and waits until the scrape pools have re-synced; false if they did not in time. */
  private boolean reassignWork(long timeoutMs) throws InterruptedException {
    boolean synced = scrape.assignAndWait(this::scrapesTarget, timeoutMs);
    rules.reassign();
    return synced;
  }

  /** Tells every other node that this one hands over ({@code leaving}) or is back; without waiting. */
  private java.util.List<java.util.Map.Entry<String, java.util.concurrent.CompletableFuture<byte[]>>> announce(boolean leaving) {
    String me = clusterView.topology().localNode();
    byte[] name = me.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] req = new byte[name.length + 1];
    req[0] = (byte) (leaving ? 1 : 0);
    System.arraycopy(name, 0, req, 1, name.length);
    java.util.List<java.util.Map.Entry<String, java.util.concurrent.CompletableFuture<byte[]>>> calls = new java.util.ArrayList<>();
    for (String n : clusterView.topology().nodes()) if (!n.equals(me)) calls.add(java.util.Map.entry(n, clusterView.call(n, HANDOVER, req)));
    return calls;
  }

  /** What a hand-over achieved: the nodes that took their share, those that did not confirm in time, what this node still runs. */
  public record Handover(java.util.List<String> confirmed, java.util.List<String> unconfirmed, int targetsLeft, int groupsLeft) {}

  /**
   * Hands this node's scrape targets and rule groups to the other nodes before it stops: every
   * other node is told to skip this one (each target and group goes to the copy of its partition
   * that becomes primary when this node leaves) and answers once it runs them; then this node stops
   * scraping and evaluating them, so the others overlap it rather than leave a gap. Partitions are
   * still served here until the node stops. Waits up to {@code timeoutMs} for the others; a node
   * that does not answer in time is named in the result. Alone (no cluster) there is nothing to hand
   * over: nothing changes.
   */
  public Handover handover(long timeoutMs) throws InterruptedException {
    if (clusterView == null) return new Handover(java.util.List.of(), java.util.List.of(), scrape.activeTargetCount(), rules.groups().size());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    handedOver = true;
    handingOver.add(clusterView.topology().localNode());
    java.util.List<String> confirmed = new java.util.ArrayList<>();
    java.util.List<String> unconfirmed = new java.util.ArrayList<>();
    for (var call : announce(true)) {
      try {
        call.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        confirmed.add(call.getKey());
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.warning("node " + call.getKey() + " did not confirm the hand-over: " + e);
        unconfirmed.add(call.getKey());
      }
    }
    reassignWork(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    Handover h = new Handover(confirmed, unconfirmed, scrape.activeTargetCount(), rules.groups().size());
    LOG.info("handed over scrape targets and rule groups: taken by " + confirmed + (unconfirmed.isEmpty() ? "" : ", not confirmed by "
        + unconfirmed) + "; this node now scrapes " + h.targetsLeft() + " targets and evaluates " + h.groupsLeft() + " groups");
    return h;
  }

  /** {@code POST /api/v1/admin/cluster/handover[?timeout=30s]}: {@link #handover}; 200, or 504 when a node did not confirm. */
  private ApiResponse handoverRequest(io.hearth.node.http.ApiRequest r) {
    String t = r.param("timeout");
    long timeoutMs;
    try {
      timeoutMs = t == null || t.isEmpty() ? 30_000 : io.hearth.scrape.config.PromDuration.parse(t).toMillis();
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"timeout\": " + e.getMessage());
    }
    Handover h;
    try {
      h = handover(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.text(503, "interrupted");
    }
    com.fasterxml.jackson.databind.node.ObjectNode data = JSON.createObjectNode();
    data.put("node", cfg.nodeName());
    data.put("clustered", clusterView != null);
    h.confirmed().forEach(data.putArray("takenOverBy")::add);
    h.unconfirmed().forEach(data.putArray("notConfirmedBy")::add);
    data.put("activeTargets", h.targetsLeft());
    data.put("ruleGroups", h.groupsLeft());
    com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
    body.put("status", h.unconfirmed().isEmpty() ? "success" : "error");
    if (!h.unconfirmed().isEmpty()) body.put("error", "not every node confirmed the hand-over in time");
    body.set("data", data);
    try {
      return ApiResponse.json(h.unconfirmed().isEmpty() ? 200 : 504, JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** The engine of a cluster node: fragments of queries run on the partitions' owners. */
  private Engine clusterEngine(EngineOptions engineOptions) {
    io.hearth.promql.distributed.ClusterFragments.serve(clusterView, head, engineOptions);
    if ("false".equals(cfg.flags().get("cluster.query-pushdown"))) {
      LOG.info("aggregation pushdown is off (--cluster.query-pushdown=false): queries fetch every selected series");
      return new Engine(engineOptions);
    }
    io.hearth.promql.distributed.ClusterFragments fragments = new io.hearth.promql.distributed.ClusterFragments(clusterView);
    fragmentsSent = fragments::fragmentsTotal;
    fragmentBytes = fragments::fragmentBytesTotal;
    return new Engine(engineOptions, fragments);
  }

  /** Fragment counters of the engine, once pushdown is wired (0 until then). */
  private java.util.function.LongSupplier fragmentsSent = () -> 0;
  private java.util.function.LongSupplier fragmentBytes = () -> 0;

  private io.hearth.node.metrics.ClusterFigures clusterFigures() {
    if (clusterView == null) return null;
    io.hearth.sharding.head.HeadMetrics h = head.metrics();
    return new io.hearth.node.metrics.ClusterFigures(head.loadedPartitions().length, ownership.ready(), ownership.servedVersion(),
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

  private ApiResponse baselineChange(io.hearth.node.http.ApiRequest r, boolean add) {
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
  private ApiResponse decommission(io.hearth.node.http.ApiRequest r) {
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
  private java.util.List<byte[]> otherNodesTargets(String pool) {
    return otherNodes(SCRAPE_TARGETS, pool == null ? new byte[0] : pool.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code service}'s answers from every other node, asked in parallel; a node that does not answer in 5 s is left out. */
  private java.util.List<byte[]> otherNodes(String service, byte[] req) {
    java.util.List<java.util.concurrent.CompletableFuture<byte[]>> calls = new java.util.ArrayList<>();
    io.hearth.sharding.api.Topology t = clusterView.topology();
    for (String n : t.nodes()) if (!n.equals(t.localNode())) calls.add(clusterView.call(n, service, req));
    java.util.List<byte[]> out = new java.util.ArrayList<>();
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
    io.hearth.sharding.wire.ByteSink out = new io.hearth.sharding.wire.ByteSink(32);
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
  private java.util.Map<String, StatusApi.NodeServing> nodesServing() {
    java.util.Map<String, StatusApi.NodeServing> out = new java.util.TreeMap<>();
    if (clusterView == null) return out;
    java.util.Map<String, java.util.concurrent.CompletableFuture<byte[]>> calls = new java.util.LinkedHashMap<>();
    for (String n : clusterView.topology().nodes()) calls.put(n, clusterView.call(n, NODE_STATUS, new byte[0]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    calls.forEach((n, f) -> {
      try {
        byte[] b = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        io.hearth.sharding.wire.ByteSource in = new io.hearth.sharding.wire.ByteSource().reset(b, 0, b.length, "node status");
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
  private io.hearth.node.http.Route admin(io.hearth.node.http.Route action) {
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
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return "http://" + host + ":" + address.getPort();
  }

  private java.time.Duration flagDuration(String flag, String dflt) {
    String v = cfg.flags().getOrDefault(flag, dflt);
    try {
      return io.hearth.scrape.config.PromDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": " + e.getMessage(), e);
    }
  }

  private static boolean portFree(String host, int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
    }
  }

  private static void requirePost(io.netty.handler.codec.http.HttpMethod m) {
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
