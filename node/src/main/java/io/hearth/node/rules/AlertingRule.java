package io.hearth.node.rules;

import io.hearth.node.notifier.Alert;
import io.hearth.node.template.Expander;
import io.hearth.node.template.Functions;
import io.hearth.promql.value.Sample;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An alerting rule with Prometheus's state machine: a new result element is {@code pending}, turns
 * {@code firing} once it has been active for {@code for}, and when it disappears is
 * {@code inactive} (resolved), kept firing first for {@code keep_firing_for}; resolved alerts are
 * remembered 15 minutes to be resent. Writes {@code ALERTS} and {@code ALERTS_FOR_STATE} once its
 * {@code for} state is restored.
 */
public final class AlertingRule extends Rule {
  static final long RESOLVED_RETENTION_NS = 15L * 60 * 1_000_000_000L;
  private final long holdNs;
  private final long keepFiringForNs;
  /** Active alerts by their labels. */
  final Map<Labels, ActiveAlert> active = new ConcurrentHashMap<>();
  volatile boolean restored;
  /** Restore the for state within the next evaluation, before states change (a group that moved here). */
  private volatile boolean restoreWithinNextEvaluation;

  AlertingRule(RuleSpec spec, boolean restored) {
    super(spec);
    this.holdNs = spec.forDuration().toNanos();
    this.keepFiringForNs = spec.keepFiringFor().toNanos();
    this.restored = restored;
  }

  public long holdNs() {
    return holdNs;
  }

  public long keepFiringForNs() {
    return keepFiringForNs;
  }

  /** The highest state of the alerts (inactive when none). */
  public AlertState state() {
    AlertState s = AlertState.INACTIVE;
    for (ActiveAlert a : active.values()) if (a.state.ordinal() > s.ordinal()) s = a.state;
    return s;
  }

  /** Alerts not resolved, in label order (what the APIs list). */
  public List<ActiveAlert.View> activeAlerts() {
    List<ActiveAlert.View> out = new ArrayList<>();
    for (ActiveAlert a : active.values()) if (a.resolvedAtNs == 0) out.add(a.snapshot());
    out.sort((x, y) -> x.labels().compareTo(y.labels()));
    return out;
  }

  /**
   * Has the next evaluation restore the for state of the alerts it finds active from
   * {@code ALERTS_FOR_STATE}, before it moves them from pending to firing, sends or writes them.
   */
  void restoreWithinNextEvaluation() {
    restoreWithinNextEvaluation = true;
  }

  @Override
  List<Sample> eval(RuleContext ctx, long evalNs, long offsetNs, int limit) throws RuleEvalException {
    long t = toMs(evalNs - offsetNs);
    List<Sample> res = ctx.query(spec.expr(), t);
    Functions funcs = new Functions(expr -> ctx.templateQuery(expr, toMs(evalNs)), ctx.externalUrl);
    Map<Labels, ActiveAlert> fresh = new LinkedHashMap<>();
    for (Sample s : res) {
      Expander.AlertData data = new Expander.AlertData(s.labels().toMap(), ctx.externalLabelMap, ctx.externalUrl, s.f());
      Labels.Builder b = s.labels().toBuilder();
      b.del(Labels.METRIC_NAME);
      spec.labels().forEach((k, v) -> {
        String x = Expander.expandAlert(spec.alert(), v, data, funcs);
        if (x.isEmpty()) b.del(k);
        else b.set(k, x);
      });
      b.set("alertname", spec.alert());
      Map<String, String> ann = new HashMap<>();
      spec.annotations().forEach((k, v) -> ann.put(k, Expander.expandAlert(spec.alert(), v, data, funcs)));
      Labels l = b.build();
      if (fresh.containsKey(l)) {
        throw new RuleEvalException("vector contains metrics with the same labelset after applying alert labels");
      }
      fresh.put(l, new ActiveAlert(l, Labels.fromMap(ann), evalNs, s.f()));
    }
    for (ActiveAlert a : fresh.values()) {
      ActiveAlert old = active.get(a.labels);
      if (old != null && old.state != AlertState.INACTIVE) {
        old.value = a.value;
        old.annotations = a.annotations;
        continue;
      }
      active.put(a.labels, a);
    }
    if (restoreWithinNextEvaluation) {
      restoreWithinNextEvaluation = false;
      restoreForState(ctx, evalNs);
    }
    List<Sample> out = new ArrayList<>();
    int activePending = 0;
    for (var it = active.entrySet().iterator(); it.hasNext(); ) {
      ActiveAlert a = it.next().getValue();
      if (!fresh.containsKey(a.labels)) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && keepFiringForNs > 0) {
          if (a.keepFiringSinceNs == 0) a.keepFiringSinceNs = evalNs;
          if (evalNs - a.keepFiringSinceNs < keepFiringForNs) keepFiring = true;
        }
        if (a.state == AlertState.PENDING || (a.resolvedAtNs != 0 && evalNs - a.resolvedAtNs > RESOLVED_RETENTION_NS)) {
          it.remove();
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAtNs = evalNs;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSinceNs = 0;
      }
      activePending++;
      if (a.state == AlertState.PENDING && evalNs - a.activeAtNs >= holdNs) {
        a.state = AlertState.FIRING;
        a.firedAtNs = evalNs;
      }
      if (restored) {
        out.add(Sample.ofFloat(seriesLabels(a, "ALERTS", true), t, 1));
        out.add(Sample.ofFloat(seriesLabels(a, "ALERTS_FOR_STATE", false), t, Math.floorDiv(a.activeAtNs, 1_000_000_000L)));
      }
    }
    if (limit > 0 && activePending > limit) {
      active.clear();
      throw new RuleEvalException("exceeded limit of " + limit + " with " + activePending + " alerts");
    }
    return out;
  }

  private Labels seriesLabels(ActiveAlert a, String metric, boolean withState) {
    Labels.Builder b = labels.toBuilder();
    a.labels.forEach(b::set);
    b.set(Labels.METRIC_NAME, metric);
    b.set("alertname", spec.alert());
    if (withState) b.set("alertstate", a.state.text);
    return b.build();
  }

  /** Prometheus's {@code sendAlerts}: the alerts due at {@code evalNs}, marked as sent. */
  List<Alert> due(RuleContext ctx, long evalNs, long intervalNs) {
    List<Alert> out = new ArrayList<>();
    String generator = ctx.externalUrl + "/graph?g0.expr=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        .replace("*", "%2A").replace("%7E", "~") + "&g0.tab=1";
    for (ActiveAlert a : active.values()) {
      if (!a.needsSending(evalNs, ctx.resendDelayNs)) continue;
      a.lastSentAtNs = evalNs;
      a.validUntilNs = evalNs + 4 * Math.max(ctx.resendDelayNs, intervalNs);
      Labels.Builder b = a.labels.toBuilder();
      ctx.externalLabels.forEach((k, v) -> {
        if (a.labels.get(k) == null || a.labels.get(k).isEmpty()) b.set(k, v);
      });
      long end = a.resolvedAtNs != 0 ? a.resolvedAtNs : a.validUntilNs;
      out.add(new Alert(b.build(), a.annotations, toMs(a.firedAtNs), toMs(end), generator));
    }
    return out;
  }

  /**
   * Prometheus's {@code RestoreForState} for this rule: each active alert's {@code activeAt} is
   * taken from its last {@code ALERTS_FOR_STATE} sample within the outage tolerance, shifted by
   * the time nobody evaluated it, and at least the grace period away from firing.
   */
  void restoreForState(RuleContext ctx, long nowNs) {
    if (holdNs < ctx.gracePeriodNs) {
      restored = true;
      return;
    }
    long maxt = toMs(nowNs);
    long mint = toMs(nowNs - ctx.outageToleranceNs);
    try {
      restoreFrom(ctx, nowNs, mint, maxt);
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(AlertingRule.class.getName()).warning("restoring the for state of alert "
          + name() + " failed, its alerts start pending anew: " + e.getMessage());
    }
    restored = true;
  }

  private void restoreFrom(RuleContext ctx, long nowNs, long mint, long maxt) {
    try (Querier q = ctx.queryable.querier(mint, maxt)) {
      for (ActiveAlert a : active.values()) {
        List<Matcher> ms = new ArrayList<>();
        ms.add(Matcher.eq(Labels.METRIC_NAME, "ALERTS_FOR_STATE"));
        a.labels.forEach((k, v) -> ms.add(Matcher.eq(k, v)));
        SeriesSet set = q.select(false, ms.toArray(new Matcher[0]));
        long lastT = Long.MIN_VALUE;
        double lastV = Double.NaN;
        while (set.next()) {
          Labels sl = set.at().labels();
          if (sl.size() != a.labels.size() + 1) continue;
          SampleIterator it = set.at().iterator(null);
          while (it.next() == ValueType.FLOAT) {
            lastT = it.atT();
            lastV = it.atV();
          }
          break;
        }
        if (lastT == Long.MIN_VALUE || StaleNaN.is(lastV)) continue;
        long downAtNs = Math.floorDiv(lastT, 1000L) * 1_000_000_000L;
        long restoredActiveAtNs = (long) lastV * 1_000_000_000L;
        long remaining = holdNs - (downAtNs - restoredActiveAtNs);
        if (remaining <= 0) {
          // It was firing: the next evaluation fires it again if it still holds.
        } else if (remaining < ctx.gracePeriodNs) {
          restoredActiveAtNs = nowNs + ctx.gracePeriodNs - holdNs;
        } else {
          restoredActiveAtNs += nowNs - downAtNs;
        }
        a.activeAtNs = restoredActiveAtNs;
      }
    }
  }
}
