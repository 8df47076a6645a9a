package io.hearth.promql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.Printing;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.functions.DateTime;
import io.hearth.promql.functions.LabelFunctions;
import io.hearth.promql.functions.MathFunctions;
import io.hearth.promql.functions.NaturalSort;
import io.hearth.promql.functions.Quantiles;
import io.hearth.promql.histogram.HistogramStats;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Function calls. Range-vector functions go to {@link RangeFunctionEval}; {@code label_replace}
 * and {@code label_join} rewrite whole series; everything else runs per step over instant vectors
 * and scalars through {@link RangeEval}.
 */
final class FunctionEval {
  private final Evaluator ev;
  private final Call call;
  private final String name;

  private FunctionEval(Evaluator ev, Call call) {
    this.ev = ev;
    this.call = call;
    this.name = call.function().name();
  }

  static List<EvalSeries> evaluate(Evaluator ev, Call call) {
    return new FunctionEval(ev, call).run();
  }

  private Expr arg(int i) {
    return Expr.unwrapParens(call.args().get(i));
  }

  private String stringArg(int i) {
    return ((StringLiteral) arg(i)).value();
  }

  private List<EvalSeries> run() {
    int m = RangeFunctionEval.matrixArg(call);
    if (m >= 0) {
      return RangeFunctionEval.evaluate(ev, call, m);
    }
    switch (name) {
      case "label_replace":
        return labelReplace();
      case "label_join":
        return labelJoin();
      case "info":
        return InfoEval.evaluate(ev, call);
      case "timestamp":
        if (arg(0) instanceof VectorSelector) {
          return SelectorEval.timestamps(ev, (VectorSelector) arg(0));
        }
        break;
      default:
        break;
    }
    if (ev.ctx.rangeQuery && name.startsWith("sort")) {
      ev.ctx.annotations.warn(Annotations.sortIneffective(), call.posRange());
    }
    List<List<EvalSeries>> inputs = new ArrayList<>();
    for (Expr a : call.args()) {
      if (a.type() == io.hearth.promql.ast.ValueType.STRING) {
        inputs.add(new ArrayList<>());
      } else {
        inputs.add(ev.series(a));
      }
    }
    RangeEval.StepFunction fn = stepFunction();
    List<EvalSeries> out = RangeEval.run(ev, inputs, fn);
    for (List<EvalSeries> in : inputs) {
      ev.release(in);
    }
    return out;
  }

  private RangeEval.StepFunction stepFunction() {
    int math = MathFunctions.code(name);
    if (math >= 0) {
      return (in, ts, step, o) -> {
        StepVector v = in[0];
        for (int i = 0; i < v.n; i++) {
          if (v.h[i] == null) {
            o.add(v.labels[i], true, MathFunctions.apply(math, v.f[i]), null, ts, -1);
          }
        }
      };
    }
    int date = DateTime.code(name);
    if (date >= 0) {
      return (in, ts, step, o) -> {
        if (in.length == 0) {
          o.add(Labels.EMPTY, false, DateTime.apply(date, (double) (ts / 1000)), null, ts, -1);
          return;
        }
        StepVector v = in[0];
        for (int i = 0; i < v.n; i++) {
          if (v.h[i] == null) {
            o.add(v.labels[i], true, DateTime.apply(date, v.f[i]), null, ts, -1);
          }
        }
      };
    }
    switch (name) {
      case "time":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, ts / 1000.0, null, ts, -1);
      case "pi":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, Math.PI, null, ts, -1);
      case "start":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, ev.ctx.queryStart / 1000.0, null, ts, -1);
      case "end":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, ev.ctx.queryEnd / 1000.0, null, ts, -1);
      case "range":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, ev.ctx.durationRange() / 1000.0, null, ts, -1);
      case "step":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, ev.ctx.queryStep / 1000.0, null, ts, -1);
      case "min_of":
      case "max_of":
        return (in, ts, step, o) -> {
          double a = RangeEval.scalarAt(in[0]);
          double b = RangeEval.scalarAt(in[1]);
          double r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN
              : name.equals("min_of") ? Math.min(a, b) : Math.max(a, b);
          o.add(Labels.EMPTY, false, r, null, ts, -1);
        };
      case "vector":
        return (in, ts, step, o) -> o.add(Labels.EMPTY, false, RangeEval.scalarAt(in[0]), null, ts, -1);
      case "scalar":
        return (in, ts, step, o) -> {
          StepVector v = in[0];
          double value = Double.NaN;
          boolean found = false;
          for (int i = 0; i < v.n; i++) {
            if (v.h[i] == null) {
              if (found) {
                value = Double.NaN;
                break;
              }
              found = true;
              value = v.f[i];
            }
          }
          o.add(Labels.EMPTY, false, value, null, ts, -1);
        };
      case "absent": {
        Labels l = absentLabels(arg(0));
        return (in, ts, step, o) -> {
          if (in[0].n == 0) {
            o.add(l, false, 1, null, ts, -1);
          }
        };
      }
      case "timestamp":
        return (in, ts, step, o) -> {
          StepVector v = in[0];
          for (int i = 0; i < v.n; i++) {
            o.add(v.labels[i], true, v.t[i] / 1000.0, null, ts, -1);
          }
        };
      case "clamp":
      case "clamp_min":
      case "clamp_max":
        return (in, ts, step, o) -> {
          double min = Double.NEGATIVE_INFINITY;
          double max = Double.POSITIVE_INFINITY;
          if (name.equals("clamp")) {
            min = RangeEval.scalarAt(in[1]);
            max = RangeEval.scalarAt(in[2]);
          } else if (name.equals("clamp_min")) {
            min = RangeEval.scalarAt(in[1]);
          } else {
            max = RangeEval.scalarAt(in[1]);
          }
          if (max < min) {
            return;
          }
          StepVector v = in[0];
          for (int i = 0; i < v.n; i++) {
            if (v.h[i] == null) {
              o.add(v.labels[i], true, Math.max(min, Math.min(max, v.f[i])), null, ts, -1);
            }
          }
        };
      case "round":
        return (in, ts, step, o) -> {
          double to = in.length > 1 ? RangeEval.scalarAt(in[1]) : 1;
          StepVector v = in[0];
          for (int i = 0; i < v.n; i++) {
            if (v.h[i] == null) {
              o.add(v.labels[i], true, MathFunctions.round(v.f[i], to), null, ts, -1);
            }
          }
        };
      case "sort":
      case "sort_desc":
        return (in, ts, step, o) -> sortByValue(in[0], name.equals("sort_desc"), o);
      case "sort_by_label":
      case "sort_by_label_desc": {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < call.args().size(); i++) {
          labels.add(stringArg(i));
        }
        return (in, ts, step, o) -> sortByLabel(in[0], labels, name.endsWith("_desc"), o);
      }
      case "histogram_count":
      case "histogram_sum":
      case "histogram_avg":
      case "histogram_stddev":
      case "histogram_stdvar":
        return (in, ts, step, o) -> {
          StepVector v = in[0];
          for (int i = 0; i < v.n; i++) {
            FloatHistogram h = v.h[i];
            if (h == null) {
              continue;
            }
            double r;
            switch (name) {
              case "histogram_count": r = h.count; break;
              case "histogram_sum": r = h.sum; break;
              case "histogram_avg": r = h.sum / h.count; break;
              case "histogram_stddev": r = Math.sqrt(HistogramStats.variance(h)); break;
              default: r = HistogramStats.variance(h);
            }
            o.add(v.labels[i], true, r, null, ts, -1);
          }
        };
      case "histogram_quantile":
        return (in, ts, step, o) -> histogramQuantile(new double[] {RangeEval.scalarAt(in[0])}, in[1], arg(1),
            arg(0).posRange(), null, ts, o);
      case "histogram_quantiles":
        return (in, ts, step, o) -> {
          double[] qs = new double[in.length - 2];
          for (int i = 2; i < in.length; i++) {
            qs[i - 2] = RangeEval.scalarAt(in[i]);
            if (Double.isNaN(qs[i - 2]) || qs[i - 2] < 0 || qs[i - 2] > 1) {
              ev.ctx.annotations.warn(Annotations.invalidQuantile(qs[i - 2]), arg(i).posRange());
            }
          }
          histogramQuantile(qs, in[0], arg(0), null, stringArg(1), ts, o);
        };
      case "histogram_fraction":
        return (in, ts, step, o) -> histogramFraction(RangeEval.scalarAt(in[0]), RangeEval.scalarAt(in[1]), in[2],
            arg(2), ts, o);
      default:
        throw PromQLException.execution("function " + name + " is not supported by this engine");
    }
  }

  private static void sortByValue(StepVector v, boolean desc, StepVector o) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < v.n; i++) {
      if (v.h[i] == null) {
        idx.add(i);
      }
    }
    idx.sort((a, b) -> {
      double x = v.f[a];
      double y = v.f[b];
      boolean xn = Double.isNaN(x);
      boolean yn = Double.isNaN(y);
      if (xn || yn) {
        return xn == yn ? 0 : (xn ? 1 : -1);
      }
      return desc ? Double.compare(y, x) : Double.compare(x, y);
    });
    for (int i : idx) {
      o.copyFrom(v, i);
    }
  }

  private static void sortByLabel(StepVector v, List<String> labels, boolean desc, StepVector o) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < v.n; i++) {
      idx.add(i);
    }
    idx.sort((a, b) -> {
      for (String l : labels) {
        String x = v.labels[a].get(l);
        String y = v.labels[b].get(l);
        if (x.equals(y)) {
          continue;
        }
        int c = NaturalSort.less(x, y) ? -1 : 1;
        return desc ? -c : c;
      }
      int c = v.labels[a].compareTo(v.labels[b]);
      return desc ? -c : c;
    });
    for (int i : idx) {
      o.copyFrom(v, i);
    }
  }

  /** The label set {@code absent()} reports: the selector's unique equality matchers, except the name. */
  static Labels absentLabels(Expr e) {
    e = Expr.unwrapParens(e);
    List<io.hearth.sharding.api.Matcher> ms;
    if (e instanceof VectorSelector) {
      ms = ((VectorSelector) e).matchers();
    } else if (e instanceof MatrixSelector) {
      ms = ((MatrixSelector) e).selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    Set<String> has = new HashSet<>();
    for (io.hearth.sharding.api.Matcher m : ms) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == io.hearth.sharding.api.Matcher.Type.EQ && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.del(m.name());
      }
    }
    return b.build();
  }

  /** Classic buckets of one histogram at one step: the group's labels (without {@code le}) and its buckets. */
  private static final class Classic {
    final Labels labels;
    boolean dropName;
    double[] upper = new double[8];
    double[] count = new double[8];
    int n;

    Classic(Labels labels) {
      this.labels = labels;
    }

    void add(double u, double c) {
      if (n == upper.length) {
        upper = java.util.Arrays.copyOf(upper, n * 2);
        count = java.util.Arrays.copyOf(count, n * 2);
      }
      upper[n] = u;
      count[n] = c;
      n++;
    }
  }

  /** Splits a vector into classic bucket groups and native histograms ({@code resetHistograms}). */
  private Map<String, Classic> classify(StepVector v, Expr arg, List<Integer> natives) {
    Map<String, Classic> classic = new LinkedHashMap<>();
    for (int i = 0; i < v.n; i++) {
      if (v.h[i] != null) {
        natives.add(i);
        continue;
      }
      String le = v.labels[i].get("le");
      double upper;
      try {
        upper = parseGoFloat(le);
      } catch (NumberFormatException x) {
        ev.ctx.annotations.warn(Annotations.badBucketLabel(v.labels[i].metricName(), le), arg.posRange());
        continue;
      }
      String key = LabelText.signature(v.labels[i], List.of("le"), false, null);
      Classic c = classic.get(key);
      if (c == null) {
        c = new Classic(v.labels[i].toBuilder().del("le").build());
        classic.put(key, c);
      }
      c.add(upper, v.f[i]);
    }
    for (int k = 0; k < natives.size(); k++) {
      int i = natives.get(k);
      String key = LabelText.signature(v.labels[i], List.of(), false, null);
      Classic c = classic.get(key);
      if (c != null && c.n > 0) {
        ev.ctx.annotations.warn(Annotations.mixedClassicNative(v.labels[i].metricName()), arg.posRange());
        classic.remove(key);
        natives.set(k, -1);
      }
    }
    return classic;
  }

  private void histogramQuantile(double[] qs, StepVector v, Expr arg, PosRange qPos, String quantileLabel, long ts,
      StepVector o) {
    if (qPos != null && (Double.isNaN(qs[0]) || qs[0] < 0 || qs[0] > 1)) {
      ev.ctx.annotations.warn(Annotations.invalidQuantile(qs[0]), qPos);
    }
    List<Integer> natives = new ArrayList<>();
    Map<String, Classic> classic = classify(v, arg, natives);
    int[] nan = new int[1];
    Quantiles.BucketResult br = new Quantiles.BucketResult();
    for (double q : qs) {
      for (int i : natives) {
        if (i < 0) {
          continue;
        }
        double r = HistogramStats.quantile(q, v.h[i], nan);
        if (nan[0] == HistogramStats.NAN_RESULT) {
          ev.ctx.annotations.info(Annotations.quantileNaNResult(v.labels[i].metricName()), arg.posRange());
        } else if (nan[0] == HistogramStats.NAN_SKEWED) {
          ev.ctx.annotations.info(Annotations.quantileNaNSkew(v.labels[i].metricName()), arg.posRange());
        }
        o.add(withQuantile(v.labels[i], quantileLabel, q), true, r, null, ts, -1);
      }
      for (Classic c : classic.values()) {
        if (c.n == 0) {
          continue;
        }
        double[] upper = java.util.Arrays.copyOf(c.upper, c.n);
        double[] count = java.util.Arrays.copyOf(c.count, c.n);
        Quantiles.bucketQuantile(q, upper, count, c.n, br);
        if (br.forcedMonotonic) {
          ev.ctx.annotations.info(Annotations.forcedMonotonicity(c.labels.metricName()), arg.posRange());
        }
        o.add(withQuantile(c.labels, quantileLabel, q), true, br.value, null, ts, -1);
      }
    }
  }

  private static Labels withQuantile(Labels l, String label, double q) {
    if (label == null) {
      return l;
    }
    return l.toBuilder().set(label, openMetricsFloat(q)).build();
  }

  /** OpenMetrics float text: integers keep a trailing {@code .0}. */
  static String openMetricsFloat(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    String s = Printing.goFloat(f);
    if (s.indexOf('.') < 0 && s.indexOf('e') < 0) {
      s += ".0";
    }
    return s;
  }

  private void histogramFraction(double lower, double upper, StepVector v, Expr arg, long ts, StepVector o) {
    List<Integer> natives = new ArrayList<>();
    Map<String, Classic> classic = classify(v, arg, natives);
    for (int i : natives) {
      if (i < 0) {
        continue;
      }
      FloatHistogram h = v.h[i];
      if (Double.isNaN(h.sum)) {
        ev.ctx.annotations.info(Annotations.fractionNaNs(v.labels[i].metricName()), arg.posRange());
      }
      o.add(v.labels[i], true, HistogramStats.fraction(lower, upper, h), null, ts, -1);
    }
    for (Classic c : classic.values()) {
      if (c.n == 0) {
        continue;
      }
      double[] up = java.util.Arrays.copyOf(c.upper, c.n);
      double[] count = java.util.Arrays.copyOf(c.count, c.n);
      o.add(c.labels, true, Quantiles.bucketFraction(lower, upper, up, count, c.n), null, ts, -1);
    }
  }

  /** Go's {@code strconv.ParseFloat} for bucket labels: decimal, exponent, Inf/NaN words, hex floats. */
  static double parseGoFloat(String s) {
    String t = s.startsWith("+") ? s.substring(1) : s;
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    boolean neg = lower.startsWith("-");
    String body = neg ? lower.substring(1) : lower;
    if (body.equals("inf") || body.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (body.equals("nan") && !neg && !s.startsWith("+")) {
      return Double.NaN;
    }
    if (s.isEmpty() || body.isEmpty() || !Character.isDigit(body.charAt(0)) && body.charAt(0) != '.') {
      throw new NumberFormatException(s);
    }
    if (body.endsWith("d") || body.endsWith("f")) {
      throw new NumberFormatException(s);
    }
    return Double.parseDouble(s.replace("_", ""));
  }

  private List<EvalSeries> labelReplace() {
    String dst = stringArg(1);
    String repl = stringArg(2);
    String src = stringArg(3);
    String regex = stringArg(4);
    Pattern p = LabelFunctions.compileReplaceRegex(regex);
    if (!LabelFunctions.isValidLabelName(dst)) {
      throw PromQLException.execution("invalid destination label name in label_replace(): " + dst);
    }
    List<EvalSeries> in = ev.series(call.args().get(0));
    for (EvalSeries s : in) {
      String value = s.labels.get(src);
      Matcher mt = p.matcher(value);
      if (mt.matches()) {
        String res = LabelFunctions.expand(repl, mt, p);
        s.labels = s.labels.toBuilder().set(dst, res).build();
        if (dst.equals(Labels.METRIC_NAME)) {
          s.dropName = false;
        }
      }
    }
    return Cleanup.mergeSameLabels(in);
  }

  private List<EvalSeries> labelJoin() {
    String dst = stringArg(1);
    String sep = stringArg(2);
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < call.args().size(); i++) {
      String src = stringArg(i);
      if (!LabelFunctions.isValidLabelName(src)) {
        throw PromQLException.execution("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!LabelFunctions.isValidLabelName(dst)) {
      throw PromQLException.execution("invalid destination label name in label_join(): " + dst);
    }
    List<EvalSeries> in = ev.series(call.args().get(0));
    for (EvalSeries s : in) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          b.append(sep);
        }
        b.append(s.labels.get(srcs.get(i)));
      }
      s.labels = s.labels.toBuilder().set(dst, b.toString()).build();
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
    return Cleanup.mergeSameLabels(in);
  }

  static Map<String, Integer> newIndex() {
    return new HashMap<>();
  }
}
