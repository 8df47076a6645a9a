package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.api.text.LabelsText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code info(v, {selector})} ({@code evalInfo} in Prometheus): adds the data labels of the info
 * series (by default {@code target_info}) that share the identifying labels {@code instance} and
 * {@code job} with each series of {@code v}.
 *
 * <p>Info series are looked up, with the lookback delta, at the time the first selector of {@code
 * v} reads (its and its enclosing subqueries' {@code @} and offset applied). Among info series of one
 * name with the same identifying labels the one with the newest sample wins. Series of {@code v}
 * that are info series themselves pass through. Without a matching info series a series is kept
 * as is, unless a data-label matcher rejects the empty value.
 */
final class InfoEval {
  private static final String TARGET_INFO = "target_info";
  private static final String[] IDENTIFYING = {"instance", "job"};
  private static final long ABSENT = Long.MIN_VALUE;

  private final Evaluator ev;
  private final Call call;
  /** Data-label matchers by label name (the {@code __name__} ones removed once info series are selected). */
  private final Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
  private final List<Matcher> nameMatchers = new ArrayList<>();
  /** The {@code @} time (or ABSENT) and offset of each node on the path to the first selector, outermost first. */
  private final List<long[]> path = new ArrayList<>();

  private InfoEval(Evaluator ev, Call call) {
    this.ev = ev;
    this.call = call;
  }

  static List<EvalSeries> evaluate(Evaluator ev, Call call) {
    return new InfoEval(ev, call).run();
  }

  private List<EvalSeries> run() {
    QueryContext ctx = ev.ctx;
    List<EvalSeries> base = ev.series(call.args().get(0));
    if (call.args().size() > 1) {
      VectorSelector sel = (VectorSelector) Expr.unwrapParens(call.args().get(1));
      for (Matcher m : sel.matchers()) {
        dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        if (m.name().equals(Labels.METRIC_NAME)) {
          nameMatchers.add(m);
        }
      }
    } else {
      nameMatchers.add(Matcher.eq(Labels.METRIC_NAME, TARGET_INFO));
    }
    boolean[] ignore = new boolean[base.size()];
    for (int i = 0; i < ignore.length; i++) {
      ignore[i] = isInfoSeries(base.get(i).labels.metricName());
    }
    List<Series> infos = selectInfoSeries(base, ignore);
    findPath(call.args().get(0));

    // The original timestamp of each info series' sample visible at each step.
    int steps = ev.numSteps();
    long[][] seen = new long[infos.size()][];
    PointLookup lookup = new PointLookup(ctx.lookbackMs);
    SampleIterator it = null;
    long held = 0;
    for (int k = 0; k < infos.size(); k++) {
      ctx.checkTimeout();
      it = infos.get(k).iterator(it);
      lookup.reset(it);
      long[] at = new long[steps];
      int step = 0;
      for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
        at[step] = ABSENT;
        if (lookup.find(reference(ts))) {
          if (lookup.kind != ValueType.FLOAT) {
            throw PromQLException.execution("info sample should be float");
          }
          at[step] = lookup.t;
          held++;
        }
      }
      seen[k] = at;
    }
    ctx.addSamples(held);

    // Signatures: info metric name plus identifying labels.
    Set<String> infoNames = new LinkedHashSet<>();
    String[] infoSig = new String[infos.size()];
    for (int k = 0; k < infos.size(); k++) {
      Labels l = infos.get(k).labels();
      infoNames.add(l.metricName());
      infoSig[k] = signature(l.metricName(), l);
    }
    String[][] baseSig = new String[base.size()][];
    for (int i = 0; i < base.size(); i++) {
      String[] sigs = new String[infoNames.size()];
      int n = 0;
      for (String name : infoNames) {
        sigs[n++] = signature(name, base.get(i).labels);
      }
      baseSig[i] = sigs;
    }
    boolean allMatchEmpty = true;
    for (List<Matcher> ms : dataMatchers.values()) {
      for (Matcher m : ms) {
        allMatchEmpty &= m.matches("");
      }
    }
    final boolean keepUnmatched = allMatchEmpty;

    Map<String, Integer> chosen = new HashMap<>();
    Map<String, String> added = new LinkedHashMap<>();
    List<List<EvalSeries>> inputs = List.of(base);
    List<EvalSeries> out = RangeEval.run(ev, inputs, (in, ts, step, o) -> {
      StepVector v = in[0];
      if (v.n == 0) {
        return;
      }
      chosen.clear();
      for (int k = 0; k < infos.size(); k++) {
        long t = seen[k][step];
        if (t == ABSENT) {
          continue;
        }
        Integer prev = chosen.get(infoSig[k]);
        if (prev == null || seen[prev][step] < t) {
          chosen.put(infoSig[k], k);
        } else if (seen[prev][step] == t) {
          throw PromQLException.execution("found duplicate series for info metric: existing "
              + LabelsText.format(infos.get(prev).labels()) + " @ " + t + ", new " + LabelsText.format(infos.get(k).labels())
              + " @ " + t);
        }
      }
      for (int i = 0; i < v.n; i++) {
        int j = v.src[i];
        if (ignore[j]) {
          o.copyFrom(v, i);
          continue;
        }
        Labels bl = v.labels[i];
        added.clear();
        boolean matched = false;
        for (String sig : baseSig[j]) {
          Integer k = chosen.get(sig);
          if (k == null) {
            continue;
          }
          matched = true;
          Labels il = infos.get(k).labels();
          for (int x = 0; x < il.size(); x++) {
            String name = il.name(x);
            if (name.equals(Labels.METRIC_NAME) || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name))) {
              continue;
            }
            String value = il.value(x);
            String have = added.get(name);
            if (have != null && !have.equals(value)) {
              throw PromQLException.execution("conflicting label: " + name);
            }
            if (bl.has(name)) {
              continue;
            }
            added.put(name, value);
          }
        }
        if (!matched && !keepUnmatched) {
          continue;
        }
        Labels result = bl;
        if (!added.isEmpty()) {
          Labels.Builder b = bl.toBuilder();
          added.forEach(b::set);
          result = b.build();
        }
        o.add(result, v.dropName[i], v.f[i], v.h[i], ts, -1);
      }
    });
    ctx.releaseSamples(held);
    ev.release(base);
    return out;
  }

  /** Whether a series named {@code name} is an info series of this call (never enriched itself). */
  private boolean isInfoSeries(String name) {
    boolean positive = false;
    for (Matcher m : nameMatchers) {
      if (!m.matches(name)) {
        return false;
      }
      positive |= m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE;
    }
    return positive;
  }

  /** Selects the candidate info series; removes the {@code __name__} matchers from the data matchers. */
  private List<Series> selectInfoSeries(List<EvalSeries> base, boolean[] ignore) {
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < base.size(); i++) {
      if (ignore[i]) {
        continue;
      }
      for (String id : IDENTIFYING) {
        String v = base.get(i).labels.get(id);
        if (!v.isEmpty()) {
          values.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(v);
        }
      }
    }
    List<Matcher> matchers = new ArrayList<>();
    boolean hasName = false;
    boolean hasPositiveName = false;
    for (List<Matcher> ms : dataMatchers.values()) {
      for (Matcher m : ms) {
        if (m.name().equals(Labels.METRIC_NAME)) {
          hasName = true;
          hasPositiveName |= m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE;
        }
        matchers.add(m);
      }
    }
    dataMatchers.remove(Labels.METRIC_NAME);
    List<Series> out = new ArrayList<>();
    if (values.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, Set<String>> e : values.entrySet()) {
      StringBuilder re = new StringBuilder();
      for (String v : e.getValue()) {
        if (re.length() > 0) {
          re.append('|');
        }
        re.append(com.google.re2j.Pattern.quote(v));
      }
      matchers.add(Matcher.of(Matcher.Type.RE, e.getKey(), re.toString()));
    }
    if (!hasName) {
      matchers.add(0, Matcher.eq(Labels.METRIC_NAME, TARGET_INFO));
    } else if (!hasPositiveName) {
      // Only exclusions: the candidates are still info metrics, never plain data series.
      matchers.add(0, Matcher.of(Matcher.Type.RE, Labels.METRIC_NAME, ".+_info"));
    }
    try {
      SeriesSet set = ev.ctx.querier.select(false, matchers.toArray(new Matcher[0]));
      while (set.next()) {
        ev.ctx.checkTimeout();
        out.add(set.at());
      }
    } catch (StorageException e) {
      throw new PromQLException(PromQLException.ErrorType.EXECUTION, "expanding series: " + e.getMessage(), e);
    }
    return out;
  }

  private static String signature(String name, Labels l) {
    StringBuilder b = new StringBuilder(name);
    for (String id : IDENTIFYING) {
      String v = l.get(id);
      b.append('\u0000').append(v.isEmpty() ? "\u0001" : v);
    }
    return b.toString();
  }

  /** Records the {@code @}/offset modifiers on the way to the first selector of {@code e}. */
  private boolean findPath(Expr e) {
    QueryContext ctx = ev.ctx;
    if (e instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) e;
      path.add(new long[] {vs.at() != null ? ctx.atTime(vs.at()) : ABSENT, SelectorEval.offset(ev, vs)});
      return true;
    }
    if (e instanceof MatrixSelector) {
      return findPath(((MatrixSelector) e).selector());
    }
    if (e instanceof SubqueryExpr) {
      SubqueryExpr sq = (SubqueryExpr) e;
      path.add(new long[] {sq.at() != null ? ctx.atTime(sq.at()) : ABSENT,
          DurationValues.millis(sq.offset(), ctx, true)});
      if (findPath(sq.expr())) {
        return true;
      }
      path.remove(path.size() - 1);
      return false;
    }
    if (e instanceof ParenExpr) {
      return findPath(((ParenExpr) e).expr());
    }
    if (e instanceof UnaryExpr) {
      return findPath(((UnaryExpr) e).expr());
    }
    if (e instanceof BinaryExpr) {
      return findPath(((BinaryExpr) e).lhs()) || findPath(((BinaryExpr) e).rhs());
    }
    if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      return findPath(a.expr()) || (a.param() != null && findPath(a.param()));
    }
    if (e instanceof Call) {
      for (Expr a : ((Call) e).args()) {
        if (findPath(a)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The time the first selector reads for evaluation time {@code ts}. */
  private long reference(long ts) {
    long t = ts;
    for (long[] p : path) {
      if (p[0] != ABSENT) {
        t = p[0];
      }
      t -= p[1];
    }
    return t;
  }
}
