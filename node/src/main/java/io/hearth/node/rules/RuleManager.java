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
  /** Groups moved to another node at a future slot ({@link #reassign(long)}), evaluated until then. */
  private final List<Runner> stopping = new ArrayList<>();
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

  /** Re-applies the ownership predicate at once (the cluster's topology changed): {@code reassign(now)}. */
  public synchronized void reassign() {
    reassign(RuleGroup.wallNanos());
  }

  /**
   * Re-applies the ownership predicate, moving groups at the slot boundary {@code atNs} (wall-clock
   * epoch ns): a group this node lost is still evaluated at its slots before {@code atNs} and at none
   * from it on; a group it gained is evaluated from its first slot at or after {@code atNs} (at once
   * when that slot has passed, then from its next slot after now). Two nodes given the same
   * {@code atNs} for one move therefore evaluate each of its slots once, whatever their clocks, as
   * long as the losing node is told before its clock reaches {@code atNs}. A time that has passed
   * moves the groups now: the lost ones halt before this returns (waiting for an evaluation in
   * progress) and the gained ones start at their next slot. Returns without waiting for a future
   * {@code atNs}; {@link #awaitMoved} does.
   */
  public synchronized void reassign(long atNs) {
    if (closed) return;
    long nowNs = RuleGroup.wallNanos();
    boolean now = atNs <= nowNs;
    // Groups moved away at a time that has passed evaluate no slot any more (an evaluation of an
    // earlier one may still finish): forget them, so that only a move still ahead holds back a
    // group gained again below.
    stopping.removeIf(r -> {
      if (r.stopFromNs > nowNs) return false;
      r.halt();
      return true;
    });
    // Halt every group this node lost before waiting for any evaluation in progress: the node that
    // gained a group evaluates it from its next slot on, and a slow evaluation of one lost group must
    // not hold back the halt of another until that slot has passed (it then ran on both nodes).
    List<Map.Entry<String, Runner>> lost = new ArrayList<>();
    for (String key : new ArrayList<>(running.keySet())) {
      Runner r = running.get(key);
      if (!owns(r.group.spec)) {
        running.remove(key);
        if (now) {
          r.halt();
          lost.add(Map.entry(key, r));
        } else {
          r.stopFromNs = atNs;
          stopping.add(r);
          LOG.info("rule group " + key + " moves to another node at its first slot from " + java.time.Instant.ofEpochSecond(0, atNs));
        }
      }
    }
    for (Map.Entry<String, Runner> e : lost) {
      e.getValue().awaitIdle();
      LOG.info("rule group " + e.getKey() + " moved to another node");
    }
    for (GroupSpec g : specs.values()) {
      if (!running.containsKey(g.key()) && owns(g)) {
        // Moved here (or first load): start fresh and restore alerts' for state from ALERTS_FOR_STATE.
        // Moved back before it left: from the slot its earlier runner stops at, not before.
        long from = now ? 0 : atNs;
        for (Runner r : stopping) if (r.group.spec.key().equals(g.key())) from = Math.max(from, r.stopFromNs);
        start(g, true, null, from);
      }
    }
  }

  /**
   * Returns once every group {@link #reassign(long)} moved away at a future time evaluates no more:
   * that time has passed and no evaluation of an earlier slot is in progress.
   */
  public void awaitMoved() throws InterruptedException {
    List<Runner> waiting;
    synchronized (this) {
      waiting = new ArrayList<>(stopping);
    }
    for (Runner r : waiting) {
      long wait = r.stopFromNs - RuleGroup.wallNanos();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      r.halt();
      r.awaitIdle();
      synchronized (this) {
        stopping.remove(r);
      }
      LOG.info("rule group " + r.group.spec.key() + " moved to another node");
    }
  }

  private boolean owns(GroupSpec g) {
    return owns.test(RuleGroup.hash(g.file(), g.name()));
  }

  private void start(GroupSpec g, boolean restore, Runner previous) {
    start(g, restore, previous, 0);
  }

  /** Starts {@code g} at its next slot, or at its first slot at or after {@code fromNs} when that is given (not 0). */
  private void start(GroupSpec g, boolean restore, Runner previous, long fromNs) {
    RuleMetrics.Group m = metrics.computeIfAbsent(g.key(), k -> new RuleMetrics.Group());
    RuleGroup group = new RuleGroup(g, defaultIntervalNs, defaultOffsetNs, !restore, m);
    if (previous != null) group.copyState(previous.group);
    Runner r = new Runner(group, restore);
    if (previous != null) {
      r.iterations = previous.iterations;
    }
    running.put(g.key(), r);
    r.schedule(fromNs == 0 ? group.evalTimestamp(RuleGroup.wallNanos()) + group.intervalNs
        : group.evalTimestamp(fromNs - 1) + group.intervalNs);
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
    for (Runner r : stopping) r.stop();
    running.clear();
    stopping.clear();
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
    /** Slots from this wall-clock time on are another node's: not evaluated here. */
    volatile long stopFromNs = Long.MAX_VALUE;
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
      if (slot >= stopFromNs) {
        stopped = true;
        return;
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
      if (!stopped && slot + group.intervalNs < stopFromNs) schedule(slot + group.intervalNs);
    }
  }
}
