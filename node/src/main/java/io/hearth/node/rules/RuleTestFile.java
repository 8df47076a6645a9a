package io.hearth.node.rules;

import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.YamlNode;
import io.hearth.sharding.api.text.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule unit-test file in promtool's format, read strictly as promtool reads it: an unknown field
 * is an error worded as Go's YAML decoder words it ({@code line N: field x not found in type
 * main.series}), all of them listed. Immutable records.
 */
record RuleTestFile(List<String> ruleFiles, Duration evaluationInterval, List<String> groupEvalOrder, List<TestGroup> tests) {
  record Series(String series, String values) {}

  record ExpectedAlert(Map<String, String> labels, Map<String, String> annotations) {}

  record AlertTest(long evalTimeNs, String evalTimeText, String alertname, List<ExpectedAlert> expAlerts) {}

  record ExpectedSample(String labels, double value) {}

  record PromqlTest(String expr, long evalTimeNs, String evalTimeText, List<ExpectedSample> expSamples) {}

  record TestGroup(String name, Duration interval, List<Series> inputSeries, List<AlertTest> alertTests,
      List<PromqlTest> promqlTests, Map<String, String> externalLabels, String externalUrl) {}

  /**
   * Parses a file's text.
   *
   * @throws IllegalArgumentException with promtool's message for the first problem
   */
  static RuleTestFile parse(String text) {
    YamlNode root;
    try {
      root = YamlNode.parse(text);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Reader r = new Reader();
    RuleTestFile f = r.file(root);
    if (!r.unknown.isEmpty()) throw new IllegalArgumentException("yaml: unmarshal errors:\n  " + String.join("\n  ", r.unknown));
    return f;
  }

  /** One pass over the document, collecting unknown fields as yaml.v2's strict mode does. */
  private static final class Reader {
    final List<String> unknown = new ArrayList<>();

    private Map<String, YamlNode> fields(YamlNode n, String type, Set<String> known) {
      if (n == null || n.isNull()) return Map.of();
      if (n.kind() != YamlNode.Kind.MAP) {
        throw new IllegalArgumentException("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal "
            + n.describeForTypeError() + " into main." + type);
      }
      for (Map.Entry<String, int[]> k : n.keyPositions().entrySet()) {
        if (!known.contains(k.getKey())) unknown.add("line " + k.getValue()[0] + ": field " + k.getKey() + " not found in type main." + type);
      }
      return n.map();
    }

    private static List<YamlNode> seq(YamlNode n, String what) {
      if (n == null || n.isNull()) return List.of();
      if (n.kind() != YamlNode.Kind.SEQ) {
        throw new IllegalArgumentException("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal "
            + n.describeForTypeError() + " into " + what);
      }
      return n.seq();
    }

    private static String string(YamlNode n) {
      if (n == null || n.isNull()) return "";
      if (n.kind() != YamlNode.Kind.SCALAR) {
        throw new IllegalArgumentException("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal "
            + n.describeForTypeError() + " into string");
      }
      return n.text();
    }

    private static List<String> strings(YamlNode n) {
      List<String> out = new ArrayList<>();
      for (YamlNode x : seq(n, "[]string")) out.add(string(x));
      return out;
    }

    private static Map<String, String> stringMap(YamlNode n) {
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null || n.isNull()) return out;
      if (n.kind() != YamlNode.Kind.MAP) {
        throw new IllegalArgumentException("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal "
            + n.describeForTypeError() + " into map[string]string");
      }
      n.map().forEach((k, v) -> out.put(k, string(v)));
      return out;
    }

    private static Duration duration(YamlNode n) {
      String s = string(n);
      if (s.isEmpty()) return null;
      try {
        return PromDuration.parseConfig(s);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"", e);
      }
    }

    private static double number(YamlNode n) {
      String s = string(n);
      if (s.isEmpty()) return 0;
      switch (s) {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return Double.POSITIVE_INFINITY;
        case "-.inf", "-.Inf", "-.INF": return Double.NEGATIVE_INFINITY;
        case ".nan", ".NaN", ".NAN": return Double.NaN;
        default:
          try {
            return Double.parseDouble(s.replace("_", ""));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal !!str `" + s
                + "` into float64", e);
          }
      }
    }

    RuleTestFile file(YamlNode root) {
      Map<String, YamlNode> m = fields(root, "unitTestFile", Set.of("rule_files", "evaluation_interval", "group_eval_order", "tests"));
      List<TestGroup> tests = new ArrayList<>();
      for (YamlNode t : seq(m.get("tests"), "[]main.testGroup")) tests.add(group(t));
      return new RuleTestFile(strings(m.get("rule_files")), duration(m.get("evaluation_interval")), strings(m.get("group_eval_order")),
          tests);
    }

    private TestGroup group(YamlNode n) {
      Map<String, YamlNode> m = fields(n, "testGroup", Set.of("interval", "input_series", "alert_rule_test", "promql_expr_test",
          "external_labels", "external_url", "name"));
      List<Series> series = new ArrayList<>();
      for (YamlNode s : seq(m.get("input_series"), "[]main.series")) {
        Map<String, YamlNode> f = fields(s, "series", Set.of("series", "values"));
        series.add(new Series(string(f.get("series")), string(f.get("values"))));
      }
      List<AlertTest> alerts = new ArrayList<>();
      for (YamlNode a : seq(m.get("alert_rule_test"), "[]main.alertTestCase")) {
        Map<String, YamlNode> f = fields(a, "alertTestCase", Set.of("eval_time", "alertname", "exp_alerts"));
        List<ExpectedAlert> exp = new ArrayList<>();
        for (YamlNode e : seq(f.get("exp_alerts"), "[]main.alert")) {
          Map<String, YamlNode> x = fields(e, "alert", Set.of("exp_labels", "exp_annotations"));
          exp.add(new ExpectedAlert(stringMap(x.get("exp_labels")), stringMap(x.get("exp_annotations"))));
        }
        Duration t = duration(f.get("eval_time"));
        alerts.add(new AlertTest(nanos(t), PromDuration.format(t == null ? Duration.ZERO : t), string(f.get("alertname")), exp));
      }
      List<PromqlTest> exprs = new ArrayList<>();
      for (YamlNode p : seq(m.get("promql_expr_test"), "[]main.promqlTestCase")) {
        Map<String, YamlNode> f = fields(p, "promqlTestCase", Set.of("expr", "eval_time", "exp_samples"));
        List<ExpectedSample> exp = new ArrayList<>();
        for (YamlNode e : seq(f.get("exp_samples"), "[]main.sample")) {
          Map<String, YamlNode> x = fields(e, "sample", Set.of("labels", "value"));
          exp.add(new ExpectedSample(string(x.get("labels")), number(x.get("value"))));
        }
        Duration t = duration(f.get("eval_time"));
        exprs.add(new PromqlTest(string(f.get("expr")), nanos(t), PromDuration.format(t == null ? Duration.ZERO : t), exp));
      }
      return new TestGroup(string(m.get("name")), duration(m.get("interval")), series, alerts, exprs,
          stringMap(m.get("external_labels")), string(m.get("external_url")));
    }

    private static long nanos(Duration d) {
      return d == null ? 0 : d.toNanos();
    }
  }
}
