package io.hearth.scrape.manager;

import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.loop.HttpScraper;
import io.hearth.scrape.loop.ScrapeLoop;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.textparse.ContentNegotiation;
import io.hearth.sharding.api.Appendable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the scraping of a single node: one pool per job of the configuration, fed by its
 * discoverers (static, file, and any from {@link DiscovererFactory}), each target scraped by its own
 * loop into the given {@link Appendable}.
 *
 * <p>Lifecycle: construct, {@link #apply(Config)} (again on every reload), {@link #stop()}. On
 * reload, jobs whose configuration is unchanged keep their pools and loops untouched; a changed
 * job is rebuilt, handing each surviving target's cache to its new loop (so staleness tracking
 * continues); targets and jobs that disappear get staleness markers two intervals later, as in
 * Prometheus (immediately when the manager stops). All public methods are thread-safe.
 */
public final class ScrapeManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ScrapeManager.class.getName());

  /**
   * Tuning and seams.
   *
   * @param offsetSeed spreads this node's scrapes differently from other scrapers of the same targets
   * @param filePollInterval how often file_sd files are checked for changes
   */
  public record Options(long offsetSeed, Duration filePollInterval, DiscovererFactory discoverers,
      ScraperFactory scrapers, io.hearth.scrape.loop.MetadataSink metadataSink, boolean createdTimestampZeroIngestion) {
    /** Without a metadata sink. */
    public Options(long offsetSeed, Duration filePollInterval, DiscovererFactory discoverers, ScraperFactory scrapers) {
      this(offsetSeed, filePollInterval, discoverers, scrapers, null, false);
    }

    public static Options defaults() {
      return new Options(ThreadLocalRandom.current().nextLong(), Duration.ofSeconds(5), DiscovererFactory.NONE,
          ScrapeManager::httpScraper, null, false);
    }

    public Options withScrapers(ScraperFactory f) {
      return new Options(offsetSeed, filePollInterval, discoverers, f, metadataSink, createdTimestampZeroIngestion);
    }

    public Options withDiscoverers(DiscovererFactory f) {
      return new Options(offsetSeed, filePollInterval, f, scrapers, metadataSink, createdTimestampZeroIngestion);
    }

    public Options withFilePollInterval(Duration d) {
      return new Options(offsetSeed, d, discoverers, scrapers, metadataSink, createdTimestampZeroIngestion);
    }

    /** Where scraped metric metadata goes after each successful scrape; null (the default) for nowhere. */
    public Options withMetadataSink(io.hearth.scrape.loop.MetadataSink sink) {
      return new Options(offsetSeed, filePollInterval, discoverers, scrapers, sink, createdTimestampZeroIngestion);
    }

    /** {@code --enable-feature=created-timestamp-zero-ingestion} for every scrape loop (off by default). */
    public Options withCreatedTimestampZeroIngestion(boolean on) {
      return new Options(offsetSeed, filePollInterval, discoverers, scrapers, metadataSink, on);
    }
  }

  private final Appendable storage;
  private final Options options;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final ExecutorService sync;
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private final Map<ScrapeLoop, ScheduledFuture<?>> retiring = new ConcurrentHashMap<>();
  private volatile Config config = Config.EMPTY;
  private volatile boolean stopped;
  /** Which targets (by target hash) this node scrapes; in a cluster, those whose partition it owns. */
  private volatile java.util.function.LongPredicate assignment = h -> true;

  public ScrapeManager(Appendable storage) {
    this(storage, Options.defaults());
  }

  public ScrapeManager(Appendable storage, Options options) {
    this.storage = storage;
    this.options = options;
    AtomicInteger n = new AtomicInteger();
    this.timer = Executors.newScheduledThreadPool(1, r -> daemon(r, "hearth-scrape-timer"));
    this.workers = Executors.newCachedThreadPool(r -> daemon(r, "hearth-scrape-" + n.incrementAndGet()));
    this.sync = Executors.newSingleThreadExecutor(r -> daemon(r, "hearth-scrape-sync"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static io.hearth.scrape.loop.Scraper httpScraper(ScrapeConfig cfg, java.net.http.HttpClient client, ScrapeTarget t,
      Duration timeout) {
    String accept = ContentNegotiation.acceptHeader(cfg.scrapeProtocols(), cfg.metricNameEscapingScheme());
    return new HttpScraper(client, cfg.httpClientConfig(), t.url(), timeout, accept, cfg.enableCompression(),
        cfg.bodySizeLimit());
  }

  Options options() {
    return options;
  }

  /**
   * Sets which targets this node scrapes, by target hash (in a cluster: those whose partition this
   * node is primary for, so that every target is scraped by exactly one node), and re-syncs every
   * pool. A target assigned elsewhere is handed over: its loop stops without staleness markers,
   * since another node goes on scraping it.
   */
  public void assign(java.util.function.LongPredicate assignedHere) {
    this.assignment = assignedHere;
    submit(() -> {
      for (ScrapePool p : poolsSnapshot()) p.sync();
    });
  }

  /**
   * As {@link #assign}, and returns once every pool has re-synced (the targets assigned here are
   * being scraped, the others have stopped), or after {@code timeoutMs}; false then or when stopped.
   */
  public boolean assignAndWait(java.util.function.LongPredicate assignedHere, long timeoutMs) throws InterruptedException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    this.assignment = assignedHere;
    submit(() -> {
      try {
        for (ScrapePool p : poolsSnapshot()) p.sync();
      } finally {
        done.countDown();
      }
    });
    return done.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  boolean assignedHere(long targetHash) {
    return assignment.test(targetHash);
  }

  Appendable storage() {
    return storage;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  ExecutorService workers() {
    return workers;
  }

  void submit(Runnable r) {
    if (stopped) return;
    try {
      sync.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "target sync failed", e);
        }
      });
    } catch (RuntimeException e) {
      // shutting down
    }
  }

  /**
   * Applies a (new) configuration and returns once it is in effect (targets appear as their
   * discoverers report them).
   *
   * @throws IllegalStateException after {@link #stop()}
   */
  public void apply(Config cfg) {
    Future<?> f;
    synchronized (this) {
      if (stopped) throw new IllegalStateException("scrape manager is stopped");
      f = sync.submit(() -> applyOnSyncThread(cfg));
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw new IllegalStateException(e.getCause());
    }
  }

  private void applyOnSyncThread(Config cfg) {
    Map<String, ScrapeConfig> wanted = new LinkedHashMap<>();
    for (ScrapeConfig sc : cfg.scrapeConfigs()) wanted.put(sc.jobName(), sc);
    synchronized (pools) {
      for (String job : new ArrayList<>(pools.keySet())) {
        if (!wanted.containsKey(job)) {
          for (ScrapeLoop l : pools.remove(job).close()) retire(l);
        }
      }
      for (ScrapeConfig sc : wanted.values()) {
        ScrapePool old = pools.get(sc.jobName());
        if (old != null && old.cfg.equals(sc)) continue;
        ScrapePool np = new ScrapePool(sc, this);
        if (old != null) {
          Map<Long, ScrapeLoop> byHash = old.loopsByHash();
          old.close();
          np.inherit(byHash);
        }
        pools.put(sc.jobName(), np);
        np.startDiscovery();
      }
    }
    config = cfg;
  }

  /** Stops a loop and writes its staleness markers after two intervals (plus 10%), as Prometheus. */
  void retire(ScrapeLoop l) {
    l.stop();
    long intervalMs = l.options().interval().toMillis();
    long last = l.lastScrapeTime();
    long staleTime = last < 0 ? System.currentTimeMillis() : Math.max(System.currentTimeMillis(), last + intervalMs);
    if (stopped) {
      l.writeStalenessMarkers(staleTime);
      return;
    }
    long delay = 2 * intervalMs + intervalMs / 10;
    try {
      ScheduledFuture<?> f = timer.schedule(() -> {
        if (retiring.remove(l) != null) l.writeStalenessMarkers(staleTime);
      }, delay, TimeUnit.MILLISECONDS);
      retiring.put(l, f);
    } catch (RuntimeException e) {
      l.writeStalenessMarkers(staleTime);
    }
  }

  /** The configuration last applied. */
  public Config config() {
    return config;
  }

  /** Targets being scraped, by job then URL. */
  public List<ScrapeTarget> activeTargets() {
    List<ScrapeTarget> out = new ArrayList<>();
    for (ScrapePool p : poolsSnapshot()) {
      for (ScrapeLoop l : p.snapshotLoops()) out.add(l.target());
    }
    out.sort(Comparator.comparing(ScrapeTarget::scrapePool).thenComparing(ScrapeTarget::url));
    return out;
  }

  /** Targets dropped by target relabeling (up to keep_dropped_targets per job when set). */
  public List<DroppedTarget> droppedTargets() {
    List<DroppedTarget> out = new ArrayList<>();
    for (ScrapePool p : poolsSnapshot()) out.addAll(p.dropped());
    return out;
  }

  /** Discovered targets that could not be turned into targets (e.g. {@code no address}), per job. */
  public Map<String, List<String>> targetErrors() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ScrapePool p : poolsSnapshot()) {
      if (!p.errors().isEmpty()) out.put(p.cfg.jobName(), p.errors());
    }
    return out;
  }

  private List<ScrapePool> poolsSnapshot() {
    synchronized (pools) {
      return List.copyOf(pools.values());
    }
  }

  /** Stops all scraping, writing staleness markers for every target now. */
  public void stop() {
    stop(true);
  }

  /**
   * Stops all scraping and discovery and waits for running scrapes.
   *
   * @param writeStalenessMarkers whether to mark every series stale now (Prometheus skips this on
   *     shutdown so that a restarted server continues the series; pending markers of already
   *     removed targets are always written)
   */
  public void stop(boolean writeStalenessMarkers) {
    synchronized (this) {
      if (stopped) return;
      stopped = true;
    }
    List<ScrapeLoop> all = new ArrayList<>();
    Future<?> f = sync.submit(() -> {
      synchronized (pools) {
        for (ScrapePool p : pools.values()) all.addAll(p.close());
        pools.clear();
      }
    });
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "stopping scrape pools timed out", e);
    }
    sync.shutdown();
    for (ScrapeLoop l : all) l.stop();
    if (writeStalenessMarkers) {
      long now = System.currentTimeMillis();
      for (ScrapeLoop l : all) l.writeStalenessMarkers(Math.max(now, l.lastScrapeTime() + 1));
    }
    for (Map.Entry<ScrapeLoop, ScheduledFuture<?>> e : retiring.entrySet()) {
      if (e.getValue().cancel(false)) {
        long now = System.currentTimeMillis();
        e.getKey().writeStalenessMarkers(Math.max(now, e.getKey().lastScrapeTime() + 1));
      }
    }
    retiring.clear();
    timer.shutdownNow();
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
