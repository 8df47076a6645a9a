package io.hearth.node.rules;

import io.hearth.scrape.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the rule groups of the configuration's {@code rule_files} that this node owns: loads and
 * validates them on every configuration (a file with errors fails the reload and the previous
 * rules stay), keeps what survives a reload (Prometheus's {@code CopyState}), writes staleness
 * markers for the series of removed groups, and evaluates each owned group on its slots. A group is
 * owned by the node whose predicate accepts its hash ({@link RuleGroup#hash}). A single node
 * restores its alerts' {@code for} state from {@code ALERTS_FOR_STATE} after a group's second
 * evaluation, as Prometheus does after a restart. In a cluster (once {@link #assign} was called) a
 * group that starts on a node, moved or after a restart, restores within its first evaluation,
 * before its alerts are sent or written: the previous owner's {@code ALERTS_FOR_STATE} is already
 * in the cluster's storage, and an alert that was firing fires again at once instead of going
 * unsent for two more intervals (long enough for an Alertmanager to resolve it when the resend
 * delay is short). When ownership moves away the group stops without staleness markers (its new
 * owner continues the series).
 * Thread-safe.
 */
public final class RuleManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RuleManager.class.getName());

  private final RuleContext ctx;
  private final ScheduledExecutorService pool;
  /** Every group of the configuration, in file order, by key: the file groups, then the generated ones. */
  private Map<String, GroupSpec> specs = new LinkedHashMap<>();
  /** The groups of {@code rule_files} and of the generated files ({@link #applyGenerated}), by key. */
  private Map<String, GroupSpec> fileGroups = new LinkedHashMap<>();
  private Map<String, GroupSpec> generatedGroups = new LinkedHashMap<>();
  private int fileFiles;
  private int generatedFiles;
  private boolean generatedOnce;
  /** The generated files skipped last as invalid: text by path. */
  private Map<String, String> rejectedFiles = Map.of();
  /** The groups this node runs, by key. */
  private final Map<String, Runner> running = new LinkedHashMap<>();
  private final Map<String, RuleMetrics.Group> metrics = new LinkedHashMap<>();
  private LongPredicate owns = h -> true;
  /** Set by {@link #assign}: groups restore their alerts' for state within their first evaluation. */
  private volatile boolean restoreAtFirstEvaluation;
  private long defaultIntervalNs = 60_000_000_000L;
  private long defaultOffsetNs;
  private boolean loadedOnce;
  private boolean closed;

  public RuleManager(RuleContext ctx) {
    this.ctx = ctx;
    ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "hearth-rules");
      t.setDaemon(true);
      return t;
    });
    p.setRemoveOnCancelPolicy(true);
    this.pool = p;
  }

  /**
   * Loads the configuration's rule files and applies them, beside the groups of the generated
   * files last given to {@link #applyGenerated}.
   *
   * @throws IllegalArgumentException naming every error when a file is invalid: nothing changes
   */
  public synchronized void apply(Config c) {
    List<String> files = RuleFiles.expand(c.ruleFiles());
    List<String> errors = new ArrayList<>();
    Map<String, GroupSpec> next = new LinkedHashMap<>();
    for (String f : files) {
      RuleFileParser.Result r = RuleFileParser.parseFile(Path.of(f), f);
      errors.addAll(r.errors());
      for (GroupSpec g : r.groups()) next.put(g.key(), g);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("error loading rules, previous rule set restored: " + String.join("; ", errors));
    }
    ctx.externalLabels(c.global().externalLabels());
    long interval = c.global().evaluationInterval().toNanos();
    long offset = c.global().ruleQueryOffset() == null ? 0 : c.global().ruleQueryOffset().toNanos();
    boolean defaultsChanged = interval != defaultIntervalNs || offset != defaultOffsetNs;
    defaultIntervalNs = interval;
    defaultOffsetNs = offset;
    fileFiles = files.size();
    fileGroups = next;
    install(defaultsChanged, !loadedOnce);
    loadedOnce = true;
  }

  /**
   * Loads rule files that exist in no file system (PrometheusRule objects, one file each): the
   * complete set, replacing the previous one, kept across configuration reloads. Each file is
   * checked as a rule file is; a file with errors is skipped and its errors logged and returned,
   * the others are loaded. Groups are identified by {@code path} and name as file groups are, so
   * nodes given the same paths evaluate each group once. Groups of the first set restore their
   * alerts' {@code for} state as groups loaded at start do.
   *
   * @param yamlByPath each file's text (the YAML of a rule file) by its path
   * @return the errors of the skipped files, prefixed with their paths (empty when all loaded)
   */
  public synchronized List<String> applyGenerated(Map<String, String> yamlByPath) {
    if (closed) return List.of();
    List<String> errors = new ArrayList<>();
    Map<String, GroupSpec> next = new LinkedHashMap<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    int loaded = 0;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(yamlByPath).entrySet()) {
      RuleFileParser.Result r = RuleFileParser.parse(e.getKey(), e.getValue());
      if (!r.ok()) {
        // Logged once per version of the file, not at every change of the others.
        if (!e.getValue().equals(rejectedFiles.get(e.getKey()))) {
          LOG.warning("skipping an invalid rule file, the other rules are loaded: " + String.join("; ", r.errors()));
        }
        rejected.put(e.getKey(), e.getValue());
        errors.addAll(r.errors());
        continue;
      }
      loaded++;
      for (GroupSpec g : r.groups()) next.put(g.key(), g);
    }
    generatedFiles = loaded;
    rejectedFiles = rejected;
    generatedGroups = next;
    install(false, !generatedOnce);
    generatedOnce = true;
    return List.copyOf(errors);
  }

  /** Makes the file groups then the generated groups the running set: stops, restarts and starts runners. */
  private void install(boolean defaultsChanged, boolean restoreNew) {
    Map<String, GroupSpec> next = new LinkedHashMap<>(fileGroups);
    for (GroupSpec g : generatedGroups.values()) next.putIfAbsent(g.key(), g);
    Map<String, GroupSpec> old = specs;
    specs = next;
    // Groups gone from the configuration: stop, marking their series stale where this node wrote them.
    for (String key : new ArrayList<>(running.keySet())) {
      if (!next.containsKey(key)) {
        Runner r = running.remove(key);
        r.stop();
        r.group.markStale(ctx, r.group.allPreviousSeries(), Rule.toMs(RuleGroup.wallNanos()));
        metrics.remove(key);
      }
    }
    for (GroupSpec g : next.values()) {
      Runner r = running.get(g.key());
      if (r == null) {
        if (owns(g)) start(g, restoreNew, null);
      } else if (defaultsChanged || !g.equals(old.get(g.key()))) {
        r.stop();
        running.remove(g.key());
        start(g, r.shouldRestore, r);
      }
    }
    LOG.info("rules: " + next.size() + " groups in " + (fileFiles + generatedFiles) + " files, " + running.size()
        + " evaluated by this node");
  }

  /** Sets which groups this node evaluates, by group hash (all of them until called). */
  public synchronized void assign(LongPredicate ownsHash) {
    this.owns = ownsHash;
    this.restoreAtFirstEvaluation = true;
    reassign();
  }

  /** Re-applies the ownership predicate (the cluster's topology changed). */
  public synchronized void reassign() {
    if (closed) return;
    // Halt every group this node lost before waiting for any evaluation in progress: the node that
    // gained a group evaluates it from its next slot on, and a slow evaluation of one lost group must
    // not hold back the halt of another until that slot has passed (it then ran on both nodes).
    List<Map.Entry<String, Runner>> lost = new ArrayList<>();
    for (String key : new ArrayList<>(running.keySet())) {
      Runner r = running.get(key);
      if (!owns(r.group.spec)) {
        r.halt();
        running.remove(key);
        lost.add(Map.entry(key, r));
      }
    }
    for (Map.Entry<String, Runner> e : lost) {
      e.getValue().awaitIdle();
      LOG.info("rule group " + e.getKey() + " moved to another node");
    }
    for (GroupSpec g : specs.values()) {
      if (!running.containsKey(g.key()) && owns(g)) {
        // Moved here (or first load): start fresh and restore alerts' for state from ALERTS_FOR_STATE.
        start(g, true, null);
      }
    }
  }

  private boolean owns(GroupSpec g) {
    return owns.test(RuleGroup.hash(g.file(), g.name()));
  }

  private void start(GroupSpec g, boolean restore, Runner previous) {
    RuleMetrics.Group m = metrics.computeIfAbsent(g.key(), k -> new RuleMetrics.Group());
    RuleGroup group = new RuleGroup(g, defaultIntervalNs, defaultOffsetNs, !restore, m);
    if (previous != null) group.copyState(previous.group);
    Runner r = new Runner(group, restore);
    if (previous != null) {
      r.iterations = previous.iterations;
    }
    running.put(g.key(), r);
    r.schedule(group.evalTimestamp(RuleGroup.wallNanos()) + group.intervalNs);
  }

  /** The groups this node evaluates, in configuration order. */
  public synchronized List<RuleGroup> groups() {
    List<RuleGroup> out = new ArrayList<>();
    for (GroupSpec g : specs.values()) {
      Runner r = running.get(g.key());
      if (r != null) out.add(r.group);
    }
    return out;
  }

  /** Every group of the configuration (evaluated here or elsewhere), in configuration order. */
  public synchronized List<GroupSpec> allGroups() {
    return List.copyOf(specs.values());
  }

  /** The {@code hearth_rule_*} metrics of the groups this node evaluates. */
  public String metricsText() {
    return RuleMetrics.render(groups());
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Runner r : running.values()) r.stop();
    running.clear();
    pool.shutdownNow();
  }

  /** One group's schedule: slot after slot, counting missed ones, restoring once. */
  private final class Runner implements Runnable {
    final RuleGroup group;
    boolean shouldRestore;
    int iterations;
    long lastSlot;
    long nextSlot;
    volatile boolean stopped;
    ScheduledFuture<?> future;

    Runner(RuleGroup group, boolean shouldRestore) {
      this.group = group;
      this.shouldRestore = shouldRestore;
    }

    void schedule(long slotNs) {
      nextSlot = slotNs;
      long delay = Math.max(0, slotNs - RuleGroup.wallNanos());
      try {
        future = pool.schedule(this, delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        stopped = true;
      }
    }

    void stop() {
      halt();
      awaitIdle();
    }

    /** No evaluation starts from now on; one in progress finishes. */
    void halt() {
      stopped = true;
      ScheduledFuture<?> f = future;
      if (f != null) f.cancel(false);
    }

    /** Returns once no evaluation is in progress. */
    void awaitIdle() {
      synchronized (this) {
        // waits for an evaluation in progress
      }
    }

    @Override
    public synchronized void run() {
      if (stopped) return;
      long slot = nextSlot;
      if (lastSlot != 0) {
        long missed = Math.max(0, (RuleGroup.wallNanos() - lastSlot) / group.intervalNs - 1);
        if (missed > 0) group.metrics.missed.add(missed);
        slot = lastSlot + (missed + 1) * group.intervalNs;
      }
      try {
        if (shouldRestore && restoreAtFirstEvaluation) {
          for (Rule rule : group.rules) {
            if (rule instanceof AlertingRule ar) ar.restoreWithinNextEvaluation();
          }
          shouldRestore = false;
        }
        group.evaluate(ctx, slot);
        iterations++;
        if (shouldRestore && iterations >= 2) {
          for (Rule rule : group.rules) {
            if (rule instanceof AlertingRule ar) ar.restoreForState(ctx, RuleGroup.wallNanos());
          }
          shouldRestore = false;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "rule group " + group.spec.key() + " failed", e);
      }
      lastSlot = slot;
      if (!stopped) schedule(slot + group.intervalNs);
    }
  }
}
