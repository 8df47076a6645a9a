package io.hearth.scrape.manager;

import io.hearth.scrape.config.FileSdConfig;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.StaticDiscoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.discovery.file.FileDiscoverer;
import io.hearth.scrape.loop.HttpScraper;
import io.hearth.scrape.loop.LoopOptions;
import io.hearth.scrape.loop.ScrapeCache;
import io.hearth.scrape.loop.ScrapeLoop;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.manager.TargetBuilder.Result;
import io.hearth.sharding.api.text.PromDuration;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The targets and loops of one job: merges discoverer updates, builds targets, starts loops for
 * new targets and stops those of vanished ones (staleness markers after two intervals, in case the
 * target comes back). Mutated only on the manager's sync thread; read through synchronized
 * snapshots.
 */
final class ScrapePool {
  private static final Logger LOG = Logger.getLogger(ScrapePool.class.getName());

  final ScrapeConfig cfg;
  private final ScrapeManager mgr;
  private final HttpClient client;
  private final Map<String, Map<String, TargetGroup>> groups = new LinkedHashMap<>();
  private final Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
  private List<DroppedTarget> dropped = List.of();
  private List<String> errors = List.of();
  private final List<Discoverer> discoverers = new ArrayList<>();
  /** Loops of the job's previous configuration whose caches new loops may take over. */
  private Map<Long, ScrapeLoop> inherited = new HashMap<>();
  private boolean stopped;

  ScrapePool(ScrapeConfig cfg, ScrapeManager mgr) {
    this.cfg = cfg;
    this.mgr = mgr;
    this.client = HttpScraper.newClient(cfg.httpClientConfig());
  }

  void inherit(Map<Long, ScrapeLoop> oldLoops) {
    this.inherited = new HashMap<>(oldLoops);
  }

  void startDiscovery() {
    List<Discoverer> ds = new ArrayList<>();
    if (!cfg.staticConfigs().isEmpty()) ds.add(new StaticDiscoverer(cfg.staticConfigs()));
    for (FileSdConfig f : cfg.fileSdConfigs()) ds.add(new FileDiscoverer(f, mgr.options().filePollInterval()));
    ds.addAll(mgr.options().discoverers().create(cfg));
    if (ds.isEmpty()) mgr.submit(this::sync); // nothing to discover: settle inherited loops
    for (int i = 0; i < ds.size(); i++) {
      String provider = i + "/" + ds.get(i).getClass().getSimpleName();
      Discoverer d = ds.get(i);
      discoverers.add(d);
      d.start(update -> mgr.submit(() -> onUpdate(provider, update)));
    }
  }

  private void onUpdate(String provider, List<TargetGroup> update) {
    if (stopped) return;
    Map<String, TargetGroup> m = groups.computeIfAbsent(provider, k -> new LinkedHashMap<>());
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) m.remove(g.source());
      else m.put(g.source(), g);
    }
    sync();
  }

  /** Rebuilds the target set from all groups and reconciles the loops. Sync thread only. */
  void sync() {
    if (stopped) return;
    Map<Long, ScrapeTarget> wanted = new LinkedHashMap<>();
    java.util.Set<Long> handedOver = new java.util.HashSet<>();
    List<ScrapeLoop> toHandOver = new ArrayList<>();
    List<DroppedTarget> drops = new ArrayList<>();
    List<String> errs = new ArrayList<>();
    for (Map<String, TargetGroup> byProvider : groups.values()) {
      for (TargetGroup g : byProvider.values()) {
        int i = 0;
        for (Result r : TargetBuilder.build(cfg, g)) {
          if (r.error() != null) errs.add("instance " + i + " in group " + g.source() + ": " + r.error());
          else if (r.dropped() != null) drops.add(new DroppedTarget(cfg.jobName(), r.dropped()));
          else if (mgr.assignedHere(r.target().hash())) wanted.putIfAbsent(r.target().hash(), r.target());
          else handedOver.add(r.target().hash());
          i++;
        }
      }
    }
    if (cfg.keepDroppedTargets() > 0 && drops.size() > cfg.keepDroppedTargets()) {
      drops = drops.subList(0, (int) cfg.keepDroppedTargets());
    }
    for (String e : errs) LOG.warning("creating target failed for job " + cfg.jobName() + ": " + e);
    List<ScrapeLoop> toStop = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<Long, ScrapeTarget> e : wanted.entrySet()) {
        if (loops.containsKey(e.getKey())) continue;
        ScrapeLoop old = inherited.remove(e.getKey());
        ScrapeLoop l = newLoop(e.getValue(), old);
        if (l != null) loops.put(e.getKey(), l);
      }
      for (Long h : new ArrayList<>(loops.keySet())) {
        if (wanted.containsKey(h)) continue;
        if (handedOver.contains(h)) toHandOver.add(loops.remove(h));
        else toStop.add(loops.remove(h));
      }
      toStop.addAll(inherited.values());
      inherited.clear();
      dropped = List.copyOf(drops);
      errors = List.copyOf(errs);
    }
    String forced = null;
    if (cfg.targetLimit() > 0 && loops.size() > cfg.targetLimit()) {
      forced = "target_limit exceeded (number of targets: " + loops.size() + ", limit: " + cfg.targetLimit() + ")";
    }
    for (ScrapeLoop l : snapshotLoops()) l.setForcedError(forced);
    for (ScrapeLoop l : toStop) mgr.retire(l);
    for (ScrapeLoop l : toHandOver) l.stop();
  }

  private ScrapeLoop newLoop(ScrapeTarget t, ScrapeLoop old) {
    Duration interval;
    Duration timeout;
    try {
      interval = PromDuration.parseConfig(t.intervalLabel());
      timeout = PromDuration.parseConfig(t.timeoutLabel());
    } catch (IllegalArgumentException e) {
      interval = cfg.scrapeInterval();
      timeout = cfg.scrapeTimeout();
    }
    ScrapeCache cache = null;
    if (old != null) {
      old.stop();
      if (sameMetricSettings(old.options(), cfg)) cache = old.cache();
      else mgr.retire(old);
    }
    LoopOptions opts = LoopOptions.of(cfg, interval, timeout)
        .withCreatedTimestampZeroIngestion(mgr.options().createdTimestampZeroIngestion());
    ScrapeLoop l = new ScrapeLoop(t, mgr.options().scrapers().create(cfg, client, t, timeout), mgr.storage(), opts, cache);
    l.setMetadataSink(mgr.options().metadataSink());
    l.start(mgr.timer(), mgr.workers(), mgr.options().offsetSeed());
    return l;
  }

  private static boolean sameMetricSettings(LoopOptions o, ScrapeConfig c) {
    return o.honorLabels() == c.honorLabels() && o.honorTimestamps() == c.honorTimestamps()
        && o.trackTimestampsStaleness() == c.trackTimestampsStaleness()
        && Objects.equals(o.metricRelabelConfigs(), c.metricRelabelConfigs())
        && o.validationScheme() == c.metricNameValidationScheme();
  }

  synchronized List<ScrapeLoop> snapshotLoops() {
    return List.copyOf(loops.values());
  }

  synchronized Map<Long, ScrapeLoop> loopsByHash() {
    return new LinkedHashMap<>(loops);
  }

  synchronized List<DroppedTarget> dropped() {
    return dropped;
  }

  synchronized List<String> errors() {
    return errors;
  }

  /** Closes discovery; returns the loops (still running) for the caller to stop or hand over. */
  List<ScrapeLoop> close() {
    stopped = true;
    for (Discoverer d : discoverers) {
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.warning("closing discoverer failed: " + e.getMessage());
      }
    }
    synchronized (this) {
      List<ScrapeLoop> all = new ArrayList<>(loops.values());
      all.addAll(inherited.values());
      loops.clear();
      inherited.clear();
      return all;
    }
  }
}
