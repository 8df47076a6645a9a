package io.hearth.node.rules;

import io.hearth.node.notifier.Alert;
import io.hearth.promql.value.Sample;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One rule group being evaluated: its rules in order at Prometheus's slots (the group's hash
 * offset within the interval), each rule's results written through the node's appender with
 * staleness markers for series a rule stopped producing, alerts handed to the sender, and the
 * group's evaluation record. {@link #evaluate} is called by one thread at a time; the record is
 * read by the API and /metrics from any thread.
 */
public final class RuleGroup {
  private static final Logger LOG = Logger.getLogger(RuleGroup.class.getName());

  final GroupSpec spec;
  final long intervalNs;
  final long queryOffsetNs;
  final List<Rule> rules;
  /** Series each rule wrote at its last evaluation (for staleness markers). */
  final List<Set<Labels>> previous;
  /** Series of rules removed by a reload, to be marked stale at the next evaluation. */
  Set<Labels> staleSeries = new HashSet<>();
  volatile double lastDurationSeconds;
  /** Wall-clock start of the last evaluation (ns); 0 before the first. */
  volatile long lastEvaluationNs;
  /** The slot of the last evaluation (ns); 0 before the first. */
  volatile long lastEvalTimestampNs;
  final RuleMetrics.Group metrics;

  RuleGroup(GroupSpec spec, long defaultIntervalNs, long defaultQueryOffsetNs, boolean restored, RuleMetrics.Group metrics) {
    this.spec = spec;
    this.intervalNs = spec.interval() == null || spec.interval().isZero() ? defaultIntervalNs : spec.interval().toNanos();
    this.queryOffsetNs = spec.queryOffset() == null ? defaultQueryOffsetNs : spec.queryOffset().toNanos();
    List<Rule> rs = new ArrayList<>();
    for (RuleSpec r : spec.rules()) rs.add(r.isAlert() ? new AlertingRule(r, restored) : new RecordingRule(r));
    this.rules = List.copyOf(rs);
    this.previous = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) previous.add(new HashSet<>());
    this.metrics = metrics;
  }

  public GroupSpec spec() {
    return spec;
  }

  public List<Rule> rules() {
    return rules;
  }

  public long intervalNs() {
    return intervalNs;
  }

  /**
   * Prometheus's group hash: of the labels {@code file} and {@code name} (xxHash64 over
   * {@code name 0xff value 0xff} in label order). Decides the group's slot in its interval and,
   * in a cluster, which node evaluates it.
   */
  public static long hash(String file, String name) {
    byte[] f = file.getBytes(StandardCharsets.UTF_8);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[4 + 1 + f.length + 1 + 4 + 1 + n.length + 1];
    int p = 0;
    p = put(buf, p, "file".getBytes(StandardCharsets.UTF_8));
    p = put(buf, p, f);
    p = put(buf, p, "name".getBytes(StandardCharsets.UTF_8));
    put(buf, p, n);
    return net.openhft.hashing.LongHashFunction.xx().hashBytes(buf);
  }

  private static int put(byte[] buf, int p, byte[] b) {
    System.arraycopy(b, 0, buf, p, b.length);
    buf[p + b.length] = (byte) 0xff;
    return p + b.length + 1;
  }

  /** Prometheus's {@code EvalTimestamp}: the latest slot at or before {@code nowNs}. */
  public long evalTimestamp(long nowNs) {
    long offset = Long.remainderUnsigned(hash(spec.file(), spec.name()), intervalNs);
    long adj = nowNs - offset;
    long base = adj - Math.floorMod(adj, intervalNs);
    return base + offset;
  }

  /** Copies what survives a reload from the group this one replaces (Prometheus's {@code CopyState}). */
  void copyState(RuleGroup old) {
    lastDurationSeconds = old.lastDurationSeconds;
    lastEvaluationNs = old.lastEvaluationNs;
    lastEvalTimestampNs = old.lastEvalTimestampNs;
    staleSeries = new HashSet<>(old.staleSeries);
    boolean[] used = new boolean[old.rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      for (int j = 0; j < old.rules.size(); j++) {
        Rule o = old.rules.get(j);
        if (used[j] || !o.identity().equals(r.identity()) || o.getClass() != r.getClass()) continue;
        used[j] = true;
        previous.set(i, new HashSet<>(old.previous.get(j)));
        r.health = o.health;
        r.lastError = o.lastError;
        r.evaluationSeconds = o.evaluationSeconds;
        r.lastEvaluationNs = o.lastEvaluationNs;
        if (r instanceof AlertingRule ar && o instanceof AlertingRule oa) {
          ar.active.putAll(oa.active);
          ar.restored = oa.restored;
        }
        break;
      }
    }
    for (int j = 0; j < old.rules.size(); j++) if (!used[j]) staleSeries.addAll(old.previous.get(j));
  }

  /** Evaluates every rule once for the slot {@code evalNs}. */
  void evaluate(RuleContext ctx, long evalNs) {
    long start = System.nanoTime();
    long startWall = wallNanos();
    long samples = 0;
    long offsetMs = Rule.toMs(evalNs - queryOffsetNs);
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      long t0 = System.nanoTime();
      rule.lastEvaluationNs = wallNanos();
      metrics.evaluations.increment();
      try {
        List<Sample> vector;
        try {
          vector = rule.eval(ctx, evalNs, queryOffsetNs, spec.limit());
        } catch (RuleEvalException | RuntimeException e) {
          rule.health = Health.ERR;
          rule.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
          metrics.failures.increment();
          LOG.log(Level.FINE, "evaluating rule " + rule.name() + " of group " + spec.name() + " failed: " + rule.lastError);
          continue;
        }
        rule.health = Health.OK;
        rule.lastError = "";
        samples += vector.size();
        if (rule instanceof AlertingRule ar) {
          List<Alert> due = ar.due(ctx, evalNs, intervalNs);
          if (!due.isEmpty()) ctx.alerts.send(due);
        }
        write(ctx, i, rule, vector, offsetMs);
      } finally {
        rule.evaluationSeconds = (System.nanoTime() - t0) / 1e9;
      }
    }
    if (!staleSeries.isEmpty()) {
      markStale(ctx, staleSeries, offsetMs);
      staleSeries = new HashSet<>();
    }
    double took = (System.nanoTime() - start) / 1e9;
    lastDurationSeconds = took;
    lastEvaluationNs = startWall;
    lastEvalTimestampNs = evalNs;
    metrics.lastSamples = samples;
    metrics.iterations.increment();
    metrics.durationSum.add(took);
  }

  private void write(RuleContext ctx, int i, Rule rule, List<Sample> vector, long offsetMs) {
    Set<Labels> returned = new HashSet<>();
    Appender app = ctx.appendable.appender();
    try {
      for (Sample s : vector) {
        int ref = app.series(s.labels());
        AppendStatus st = s.h() != null ? app.appendHistogram(ref, s.t(), s.h()) : app.append(ref, s.t(), s.f());
        if (st.accepted()) {
          returned.add(s.labels());
        } else {
          rule.health = Health.ERR;
          rule.lastError = appendError(st);
        }
      }
      for (Labels l : previous.get(i)) {
        if (!returned.contains(l)) app.append(app.series(l), offsetMs, StaleNaN.VALUE);
      }
      app.commit();
      previous.set(i, returned);
    } catch (RuntimeException e) {
      try {
        app.rollback();
      } catch (RuntimeException ignored) {
        // the commit failed; nothing staged is kept
      }
      rule.health = Health.ERR;
      rule.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      metrics.failures.increment();
      LOG.log(Level.WARNING, "writing the results of rule " + rule.name() + " failed: " + rule.lastError);
    }
  }

  private static String appendError(AppendStatus st) {
    switch (st) {
      case OUT_OF_ORDER: return "out of order sample";
      case DUPLICATE_TIMESTAMP: return "duplicate sample for timestamp";
      case TOO_OLD: return "too old sample";
      case TOO_FAR_IN_FUTURE: return "too far in the future";
      default: return "sample rejected: " + st.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Writes staleness markers for {@code series} at {@code tMs} (best effort: rejections are expected). */
  void markStale(RuleContext ctx, Set<Labels> series, long tMs) {
    if (series.isEmpty()) return;
    Appender app = ctx.appendable.appender();
    try {
      for (Labels l : series) app.append(app.series(l), tMs, StaleNaN.VALUE);
      app.commit();
    } catch (RuntimeException e) {
      try {
        app.rollback();
      } catch (RuntimeException ignored) {
        // nothing to keep
      }
      LOG.log(Level.WARNING, "writing staleness markers of group " + spec.name() + " failed: " + e.getMessage());
    }
  }

  /** Every series the group's rules wrote at their last evaluation. */
  Set<Labels> allPreviousSeries() {
    Set<Labels> out = new HashSet<>();
    for (Set<Labels> s : previous) out.addAll(s);
    return out;
  }

  static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
