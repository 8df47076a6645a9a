package io.hearth.node.rules;

import io.hearth.node.notifier.AlertSender;
import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.promql.notation.SeriesDescription;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.value.Sample;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.LabelsText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code hearth rules test FILE...}: promtool's rule unit tests ({@code promtool test rules}) on a
 * fresh empty storage per test group (the caller's, an in-memory head), with Hearth's engine and
 * rule evaluator. Every group of the
 * rule files is evaluated at {@code 0, evaluation_interval, ...} up to the latest {@code eval_time}
 * (alerting rules count as restored, so {@code ALERTS} is written); alert expectations are checked
 * against the firing alerts of the evaluation at or just before their {@code eval_time}, PromQL
 * expectations after all evaluations. Output and exit status are promtool's: {@code Unit Testing:  FILE},
 * then {@code   SUCCESS} to standard output or {@code   FAILED:} and the errors to standard error
 * (an empty line to standard output after each), exit 1 when a file failed. Stateless.
 */
public final class RuleUnitTest {
  private static final long MINUTE_NS = 60_000_000_000L;

  private RuleUnitTest() {}

  /** An empty storage for one test group: read and written by the group, closed after it. */
  public record Storage(Queryable queryable, Appendable appendable, AutoCloseable closer) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      closer.close();
    }
  }

  /** Runs every file in order, each test group on a fresh {@code storage}. */
  public static RuleCheck.Outcome run(List<Path> files, Supplier<Storage> storage) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    boolean failed = false;
    for (Path f : files) {
      out.append("Unit Testing:  ").append(f).append('\n');
      List<String> errors = runFile(f, err, storage);
      if (errors.isEmpty()) {
        out.append("  SUCCESS\n");
      } else {
        err.append("  FAILED:\n");
        for (String e : errors) {
          err.append(e).append('\n');
          out.append('\n');
        }
        failed = true;
      }
      out.append('\n');
    }
    return new RuleCheck.Outcome(out.toString(), err.toString(), failed ? 1 : 0);
  }

  private static List<String> runFile(Path file, StringBuilder warnings, Supplier<Storage> storage) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return List.of("open " + file + ": no such file or directory");
    } catch (IOException e) {
      return List.of("read " + file + ": " + e.getMessage());
    }
    RuleTestFile spec;
    try {
      spec = RuleTestFile.parse(text);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    List<String> ruleFiles = new ArrayList<>();
    for (String pattern : spec.ruleFiles()) {
      String resolved = Path.of(pattern).isAbsolute() ? pattern : goJoin(file.getParent(), pattern);
      // Go's filepath.Glob: a name without meta characters matches only when the file exists.
      List<String> matches = RuleFiles.hasMeta(resolved) ? RuleFiles.expand(List.of(resolved))
          : Files.exists(Path.of(resolved)) ? List.of(resolved) : List.of();
      if (matches.isEmpty()) warnings.append("  WARNING: no file match pattern ").append(resolved).append('\n');
      ruleFiles.addAll(matches);
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < spec.groupEvalOrder().size(); i++) {
      String g = spec.groupEvalOrder().get(i);
      if (order.putIfAbsent(g, i) != null) return List.of("group name repeated in evaluation order: " + g);
    }
    long evalIntervalNs = spec.evaluationInterval() == null ? MINUTE_NS : spec.evaluationInterval().toNanos();
    List<String> errors = new ArrayList<>();
    for (RuleTestFile.TestGroup tg : spec.tests()) {
      errors.addAll(runGroup(tg, evalIntervalNs, order, ruleFiles, storage));
    }
    return errors;
  }

  /** Go's {@code filepath.Join(filepath.Dir(testFile), pattern)} for a relative pattern. */
  private static String goJoin(Path dir, String pattern) {
    return dir == null ? Path.of(pattern).normalize().toString() : dir.resolve(pattern).normalize().toString();
  }

  private static List<String> runGroup(RuleTestFile.TestGroup tg, long evalIntervalNs, Map<String, Integer> order,
      List<String> ruleFiles, Supplier<Storage> storage) {
    long seriesIntervalNs = tg.interval() == null ? evalIntervalNs : tg.interval().toNanos();
    List<GroupSpec> specs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String f : ruleFiles) {
      RuleFileParser.Result r = RuleFileParser.parseFile(Path.of(f), f);
      errors.addAll(r.errors());
      specs.addAll(r.groups());
    }
    if (!errors.isEmpty()) return errors;
    for (RuleTestFile.AlertTest a : tg.alertTests()) {
      if (a.alertname().isEmpty()) {
        String in = tg.name().isEmpty() ? "" : " (in TestGroup " + tg.name() + ")";
        return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
            + a.evalTimeText() + in);
      }
    }
    // Stable: groups not named in group_eval_order count as position 0, as promtool's sort does.
    specs.sort(Comparator.comparingInt(g -> order.getOrDefault(g.name(), 0)));

    try (Storage store = storage.get()) {
      String loadError = load(store.appendable(), tg.inputSeries(), seriesIntervalNs / 1_000_000L);
      if (loadError != null) return List.of(loadError);
      Engine engine = new Engine(EngineOptions.defaults());
      RuleContext ctx = new RuleContext(engine, store.queryable(), store.appendable(), AlertSender.NONE, tg.externalUrl(), Duration.ofMinutes(1),
          Duration.ofHours(1), Duration.ofMinutes(10));
      ctx.externalLabels(Labels.fromMap(tg.externalLabels()));
      List<RuleGroup> groups = new ArrayList<>();
      for (GroupSpec g : specs) groups.add(new RuleGroup(g, seriesIntervalNs, 0, true, new RuleMetrics.Group()));

      TreeMap<Long, List<RuleTestFile.AlertTest>> alertTests = new TreeMap<>();
      for (RuleTestFile.AlertTest a : tg.alertTests()) alertTests.computeIfAbsent(a.evalTimeNs(), k -> new ArrayList<>()).add(a);
      long maxt = 0;
      for (long t : alertTests.keySet()) maxt = Math.max(maxt, t);
      for (RuleTestFile.PromqlTest p : tg.promqlTests()) maxt = Math.max(maxt, p.evalTimeNs());

      for (long ts = 0; ts <= maxt; ts += evalIntervalNs) {
        List<String> evalErrors = new ArrayList<>();
        for (RuleGroup g : groups) {
          g.evaluate(ctx, ts);
          for (Rule r : g.rules) {
            if (!r.lastError.isEmpty()) {
              evalErrors.add("    rule: " + r.name() + ", time: " + goDuration(ts) + ", err: " + r.lastError);
            }
          }
        }
        if (!evalErrors.isEmpty()) {
          errors.addAll(evalErrors);
          return errors;
        }
        // Alert tests whose eval_time falls in [ts, ts + interval) are checked against this evaluation.
        for (List<RuleTestFile.AlertTest> due : alertTests.subMap(ts, true, ts + evalIntervalNs, false).values()) {
          for (RuleTestFile.AlertTest a : due) {
            String e = checkAlerts(tg, a, groups);
            if (e != null) errors.add(e);
          }
        }
      }
      for (RuleTestFile.PromqlTest p : tg.promqlTests()) {
        String e = checkExpr(ctx, p);
        if (e != null) errors.add(e);
      }
    } catch (Exception e) {
      throw new IllegalStateException("closing the test storage failed: " + e.getMessage(), e);
    }
    return errors;
  }

  private static String load(Appendable storage, List<RuleTestFile.Series> input, long intervalMs) {
    Appender a = storage.appender();
    for (RuleTestFile.Series s : input) {
      SeriesDescription d;
      try {
        d = SeriesDescription.parse(s.series() + " " + s.values());
      } catch (RuntimeException e) {
        a.rollback();
        return "invalid input series " + GoQuote.quote(s.series()) + " with values " + GoQuote.quote(s.values()) + ": "
            + e.getMessage();
      }
      int ref = a.series(d.labels());
      List<SequenceValue> values = d.values();
      for (int k = 0; k < values.size(); k++) {
        SequenceValue v = values.get(k);
        if (v.omitted()) continue;
        long t = k * intervalMs;
        AppendStatus st = v.isHistogram() ? a.appendHistogram(ref, t, v.histogram()) : a.append(ref, t, v.value());
        if (!st.accepted()) {
          a.rollback();
          return "loading input series " + d.labels() + " at " + t + "ms failed: " + st.name().toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    a.commit();
    return null;
  }

  /** One alert as promtool compares it: labels, then annotations. */
  private record LabelsAndAnnotations(Labels labels, Labels annotations) {
    static final Comparator<LabelsAndAnnotations> ORDER =
        Comparator.comparing(LabelsAndAnnotations::labels).thenComparing(LabelsAndAnnotations::annotations);

    String text() {
      return "Labels:" + LabelsText.format(labels) + "\nAnnotations:" + LabelsText.format(annotations);
    }
  }

  private static String checkAlerts(RuleTestFile.TestGroup tg, RuleTestFile.AlertTest test, List<RuleGroup> groups) {
    List<LabelsAndAnnotations> got = new ArrayList<>();
    for (RuleGroup g : groups) {
      for (Rule r : g.rules) {
        if (!(r instanceof AlertingRule ar) || !ar.name().equals(test.alertname())) continue;
        for (ActiveAlert.View v : ar.activeAlerts()) {
          if (v.state() == AlertState.FIRING) got.add(new LabelsAndAnnotations(v.labels(), v.annotations()));
        }
      }
    }
    List<LabelsAndAnnotations> exp = new ArrayList<>();
    for (RuleTestFile.ExpectedAlert e : test.expAlerts()) {
      Map<String, String> l = new TreeMap<>(e.labels());
      l.put("alertname", test.alertname());
      exp.add(new LabelsAndAnnotations(Labels.fromMap(l), Labels.fromMap(e.annotations())));
    }
    got.sort(LabelsAndAnnotations.ORDER);
    exp.sort(LabelsAndAnnotations.ORDER);
    if (exp.equals(got)) return null;
    String name = tg.name().isEmpty() ? "" : "    name: " + tg.name() + ",\n";
    String indent = "            ";
    return name + "    alertname: " + test.alertname() + ", time: " + test.evalTimeText() + ", \n        exp:"
        + indentLines(alertsText(exp), indent) + ", \n        got:" + indentLines(alertsText(got), indent);
  }

  private static String alertsText(List<LabelsAndAnnotations> la) {
    if (la.isEmpty()) return "[]";
    StringBuilder s = new StringBuilder("[\n0:").append(indentLines("\n" + la.get(0).text(), "  "));
    for (int i = 1; i < la.size(); i++) s.append(",\n").append(i).append(':').append(indentLines("\n" + la.get(i).text(), "  "));
    return s.append("\n]").toString();
  }

  /** promtool's {@code indentLines}: every line but the first gets {@code indent}. */
  private static String indentLines(String lines, String indent) {
    return lines.replace("\n", "\n" + indent);
  }

  private record ParsedSample(Labels labels, double value) {
    String text() {
      return LabelsText.format(labels) + " " + formatUpperE(value);
    }
  }

  private static String checkExpr(RuleContext ctx, RuleTestFile.PromqlTest test) {
    String head = "    expr: " + GoQuote.quote(test.expr()) + ", time: " + test.evalTimeText();
    List<Sample> result;
    try {
      result = ctx.query(test.expr(), test.evalTimeNs() / 1_000_000L);
    } catch (RuleEvalException e) {
      return head + ", err: " + e.getMessage();
    }
    List<ParsedSample> got = new ArrayList<>();
    for (Sample s : result) got.add(new ParsedSample(s.labels(), s.f()));
    List<ParsedSample> exp = new ArrayList<>();
    for (RuleTestFile.ExpectedSample s : test.expSamples()) {
      Labels l;
      try {
        l = metric(s.labels());
      } catch (RuntimeException e) {
        return head + ", err: labels " + GoQuote.quote(s.labels()) + ": " + e.getMessage();
      }
      exp.add(new ParsedSample(l, s.value()));
    }
    Comparator<ParsedSample> byLabels = Comparator.comparing(ParsedSample::labels);
    got.sort(byLabels);
    exp.sort(byLabels);
    if (sameSamples(exp, got)) return null;
    return head + ",\n        exp: " + samplesText(exp) + "\n        got: " + samplesText(got);
  }

  /** Go's {@code reflect.DeepEqual} on the samples: labels equal, values {@code ==} (NaN never equal). */
  private static boolean sameSamples(List<ParsedSample> a, List<ParsedSample> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).labels().equals(b.get(i).labels()) || !(a.get(i).value() == b.get(i).value())) return false;
    }
    return true;
  }

  private static String samplesText(List<ParsedSample> s) {
    if (s.isEmpty()) return "nil";
    StringBuilder b = new StringBuilder(s.get(0).text());
    for (int i = 1; i < s.size(); i++) b.append(", ").append(s.get(i).text());
    return b.toString();
  }

  /** Prometheus's {@code parser.ParseMetric}: a series selector with {@code =} matchers only. */
  private static Labels metric(String text) {
    Labels.Builder b = Labels.builder();
    for (Matcher m : Parser.parseMetricSelector(text)) {
      if (m.type() != Matcher.Type.EQ) throw new IllegalArgumentException("only = matchers are allowed in a metric: " + m);
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  /** Go's {@code strconv.FormatFloat(v, 'E', -1, 64)}. */
  static String formatUpperE(double v) {
    String s = RulesApi.formatE(v);
    return Double.isFinite(v) ? s.toUpperCase(java.util.Locale.ROOT) : s;
  }

  /** Go's {@code time.Duration.String()} for a whole number of milliseconds or more: {@code 1h2m3s}, {@code 0s}. */
  static String goDuration(long ns) {
    if (ns == 0) return "0s";
    if (ns < 1_000_000_000L) return trimZeros(ns / 1e6) + "ms";
    long h = ns / 3_600_000_000_000L;
    long m = ns / MINUTE_NS % 60;
    double s = (ns % MINUTE_NS) / 1e9;
    StringBuilder b = new StringBuilder();
    if (h > 0) b.append(h).append('h');
    if (h > 0 || m > 0) b.append(m).append('m');
    return b.append(trimZeros(s)).append('s').toString();
  }

  private static String trimZeros(double v) {
    String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return Objects.equals(s, "-0") ? "0" : s;
  }
}
