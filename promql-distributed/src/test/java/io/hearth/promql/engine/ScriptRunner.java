package io.hearth.promql.engine;

import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.StringValue;
import io.hearth.promql.value.Value;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StaleNaN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small interpreter of Prometheus's promqltest scripts for the engine's self-check: {@code load},
 * {@code clear}, {@code eval instant|range} with series, scalar, {@code expect fail}, {@code expect
 * ordered}, {@code expect range vector} and {@code expect string}. Annotation expectations with
 * {@code msg:} are checked; the extra {@code @}/range-mode evaluations of upstream are not run.
 * (The full conformance runner lives elsewhere; this one exists to exercise the engine.)
 */
final class ScriptRunner {
  final List<String> failures = new ArrayList<>();
  int passed;
  int failed;
  private final TestStorage storage = new TestStorage();
  private final Engine engine = new Engine(new EngineOptions(5 * 60_000L, 50_000_000L, 100_000L));

  static ScriptRunner run(Path file) throws Exception {
    ScriptRunner r = new ScriptRunner();
    r.runLines(Files.readAllLines(file), file.getFileName().toString());
    return r;
  }

  void runLines(List<String> raw, String fileName) {
    List<String> lines = new ArrayList<>();
    for (String l : raw) {
      String t = l.trim();
      lines.add(t.startsWith("#") ? "" : t);
    }
    int i = 0;
    while (i < lines.size()) {
      String l = lines.get(i);
      if (l.isEmpty()) {
        i++;
        continue;
      }
      int start = i;
      List<String> body = new ArrayList<>();
      i++;
      while (!l.startsWith("clear") && i < lines.size() && !lines.get(i).isEmpty()) {
        body.add(lines.get(i));
        i++;
      }
      String word = l.split("\\s+")[0];
      try {
        if (word.equals("clear")) {
          storage.clear();
        } else if (word.startsWith("load")) {
          load(l, body);
        } else if (word.startsWith("eval")) {
          eval(l, body, fileName + ":" + (start + 1));
        }
      } catch (RuntimeException e) {
        failed++;
        failures.add(fileName + ":" + (start + 1) + " " + l + " -> " + e);
      }
    }
  }

  private void load(String header, List<String> body) {
    long interval = io.hearth.promql.parser.Durations.parse(header.split("\\s+")[1]);
    for (String line : body) {
      int split = seriesEnd(line);
      String sel = line.substring(0, split).trim();
      if (sel.endsWith("@st")) {
        continue;
      }
      Labels labels = labelsOf(sel);
      List<Object> values = expand(line.substring(split).trim());
      for (int k = 0; k < values.size(); k++) {
        Object v = values.get(k);
        if (v == null) {
          continue;
        }
        if (v instanceof FloatHistogram) {
          storage.addHistogram(labels, k * interval, (FloatHistogram) v);
        } else {
          storage.add(labels, k * interval, (Double) v);
        }
      }
    }
  }

  static int seriesEnd(String line) {
    int depth = 0;
    boolean inQuote = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuote) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inQuote = false;
        }
        continue;
      }
      if (c == '"') {
        inQuote = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      } else if (Character.isWhitespace(c) && depth == 0) {
        return i;
      }
    }
    return line.length();
  }

  static Labels labelsOf(String sel) {
    if (sel.equals("{}")) {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    for (Matcher m : Parser.parseMetricSelector(sel)) {
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  /** Expands value notation into one entry per position (null = omitted). */
  static List<Object> expand(String s) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        break;
      }
      if (s.startsWith("{{", i)) {
        int close = s.indexOf("}}", i);
        FloatHistogram a = histogram(s.substring(i + 2, close));
        i = close + 2;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.startsWith("{{", i + 1)) {
          boolean sub = s.charAt(i) == '-';
          int close2 = s.indexOf("}}", i + 1);
          FloatHistogram b = histogram(s.substring(i + 3, close2));
          i = close2 + 2;
          int end = tokenEnd(s, i);
          int n = Integer.parseInt(s.substring(i + 1, end));
          i = end;
          FloatHistogram cur = a;
          for (int k = 0; k <= n; k++) {
            out.add(cur);
            cur = sub ? HistogramMath.sub(cur, b, null) : HistogramMath.add(cur, b, null);
            cur.counterResetHint = a.counterResetHint;
          }
        } else if (i < s.length() && s.charAt(i) == 'x') {
          int end = tokenEnd(s, i);
          int n = Integer.parseInt(s.substring(i + 1, end));
          i = end;
          for (int k = 0; k <= n; k++) {
            out.add(a);
          }
        } else {
          out.add(a);
        }
        continue;
      }
      int end = tokenEnd(s, i);
      String tok = s.substring(i, end);
      i = end;
      if (tok.equals("_")) {
        out.add(null);
      } else if (tok.startsWith("_x")) {
        int n = Integer.parseInt(tok.substring(2));
        for (int k = 0; k < n; k++) {
          out.add(null);
        }
      } else if (tok.equals("stale")) {
        out.add(StaleNaN.VALUE);
      } else {
        int x = tok.indexOf('x');
        if (x > 0 && tok.substring(x + 1).matches("[0-9]+")) {
          String head = tok.substring(0, x);
          int n = Integer.parseInt(tok.substring(x + 1));
          int op = -1;
          for (int k = 1; k < head.length(); k++) {
            char c = head.charAt(k);
            if ((c == '+' || c == '-') && head.charAt(k - 1) != 'e' && head.charAt(k - 1) != 'E') {
              op = k;
            }
          }
          double a;
          double d = 0;
          if (op > 0) {
            a = number(head.substring(0, op));
            d = number(head.substring(op + 1));
            if (head.charAt(op) == '-') {
              d = -d;
            }
          } else {
            a = number(head);
          }
          for (int k = 0; k <= n; k++) {
            out.add(a + k * d);
          }
        } else {
          out.add(number(tok));
        }
      }
    }
    return out;
  }

  private static int tokenEnd(String s, int i) {
    int j = i;
    while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
      if (j > i && s.startsWith("{{", j)) {
        break;
      }
      j++;
    }
    return j;
  }

  static double number(String t) {
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "inf":
      case "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        if (t.startsWith("0x")) {
          return Long.parseLong(t.substring(2), 16);
        }
        return Double.parseDouble(t);
    }
  }

  static FloatHistogram histogram(String body) {
    FloatHistogram h = new FloatHistogram();
    Map<String, String> kv = new HashMap<>();
    int i = 0;
    body = body.trim();
    while (i < body.length()) {
      while (i < body.length() && body.charAt(i) == ' ') {
        i++;
      }
      int colon = body.indexOf(':', i);
      if (colon < 0) {
        break;
      }
      String key = body.substring(i, colon).trim();
      int j = colon + 1;
      String val;
      if (j < body.length() && body.charAt(j) == '[') {
        int close = body.indexOf(']', j);
        val = body.substring(j + 1, close).trim();
        i = close + 1;
      } else {
        int end = body.indexOf(' ', j);
        if (end < 0) {
          end = body.length();
        }
        val = body.substring(j, end);
        i = end;
      }
      kv.put(key, val);
    }
    h.schema = Integer.parseInt(kv.getOrDefault("schema", "0"));
    h.sum = number(kv.getOrDefault("sum", "0"));
    h.count = number(kv.getOrDefault("count", "0"));
    h.zeroCount = number(kv.getOrDefault("z_bucket", "0"));
    h.zeroThreshold = number(kv.getOrDefault("z_bucket_w", "0"));
    double[] pos = floats(kv.get("buckets"));
    double[] neg = floats(kv.get("n_buckets"));
    h.positiveBuckets = pos;
    h.positiveSpans = pos.length == 0 ? new int[0] : new int[] {Integer.parseInt(kv.getOrDefault("offset", "0")), pos.length};
    h.negativeBuckets = neg;
    h.negativeSpans = neg.length == 0 ? new int[0] : new int[] {Integer.parseInt(kv.getOrDefault("n_offset", "0")), neg.length};
    h.customValues = floats(kv.get("custom_values"));
    String hint = kv.getOrDefault("counter_reset_hint", "unknown");
    h.counterResetHint = switch (hint) {
      case "reset" -> FloatHistogram.CounterResetHint.COUNTER_RESET;
      case "not_reset" -> FloatHistogram.CounterResetHint.NOT_COUNTER_RESET;
      case "gauge" -> FloatHistogram.CounterResetHint.GAUGE;
      default -> FloatHistogram.CounterResetHint.UNKNOWN;
    };
    return h;
  }

  private static double[] floats(String s) {
    if (s == null || s.isBlank()) {
      return new double[0];
    }
    String[] p = s.trim().split("\\s+");
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = number(p[i]);
    }
    return out;
  }

  private void eval(String header, List<String> body, String where) {
    String[] w = header.split("\\s+", 0);
    boolean failExpected = w[0].equals("eval_fail");
    boolean ordered = w[0].equals("eval_ordered");
    boolean instant = w[1].equals("instant");
    long start;
    long end;
    long step = 0;
    String query;
    if (instant) {
      start = io.hearth.promql.parser.Durations.parse(w[3]);
      end = start;
      query = header.substring(header.indexOf(w[3], header.indexOf(" at ")) + w[3].length()).trim();
    } else {
      java.util.regex.Matcher m = Pattern.compile("^\\S+ range from (\\S+) to (\\S+) step (\\S+) (.+)$").matcher(header);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad range header");
      }
      start = io.hearth.promql.parser.Durations.parse(m.group(1));
      end = io.hearth.promql.parser.Durations.parse(m.group(2));
      step = io.hearth.promql.parser.Durations.parse(m.group(3));
      query = m.group(4);
    }
    String failMsg = null;
    List<String> warnMsgs = new ArrayList<>();
    List<String> infoMsgs = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Double scalar = null;
    String string = null;
    long rvFrom = -1;
    long rvStep = 0;
    for (String b : body) {
      if (b.startsWith("expect ")) {
        String rest = b.substring(7).trim();
        if (rest.startsWith("fail")) {
          failExpected = true;
          int mi = rest.indexOf("msg:");
          if (mi >= 0) {
            failMsg = rest.substring(mi + 4).trim();
          }
        } else if (rest.startsWith("ordered")) {
          ordered = true;
        } else if (rest.startsWith("warn") && rest.contains("msg:")) {
          warnMsgs.add(rest.substring(rest.indexOf("msg:") + 4).trim());
        } else if (rest.startsWith("info") && rest.contains("msg:")) {
          infoMsgs.add(rest.substring(rest.indexOf("msg:") + 4).trim());
        } else if (rest.startsWith("range vector")) {
          String[] p = rest.split("\\s+");
          rvFrom = io.hearth.promql.parser.Durations.parse(p[3]);
          end = io.hearth.promql.parser.Durations.parse(p[5]);
          start = end;
          rvStep = io.hearth.promql.parser.Durations.parse(p[7]);
        } else if (rest.startsWith("string")) {
          String q = rest.substring(6).trim();
          string = q.substring(1, q.length() - 1);
        }
        continue;
      }
      if (b.startsWith("expected_fail_message")) {
        failMsg = b.substring("expected_fail_message".length()).trim();
        continue;
      }
      try {
        scalar = number(b.trim());
        continue;
      } catch (NumberFormatException e) {
        // A series line.
      }
      expected.add(b);
    }
    QueryResult res;
    try {
      res = instant ? engine.instantQuery(storage, query, start) : engine.rangeQuery(storage, query, start, end, step);
    } catch (PromQLException e) {
      if (failExpected && (failMsg == null || failMsg.equals(e.getMessage()))) {
        passed++;
      } else {
        fail(where, query, "unexpected error: " + e.getMessage() + (failMsg != null ? " (expected " + failMsg + ")" : ""));
      }
      return;
    }
    if (failExpected) {
      fail(where, query, "expected failure, got " + res.value());
      return;
    }
    for (String wm : warnMsgs) {
      if (!res.warnings().contains(wm)) {
        fail(where, query, "missing warning " + wm + " got " + res.warnings());
        return;
      }
    }
    for (String im : infoMsgs) {
      if (!res.infos().contains(im)) {
        fail(where, query, "missing info " + im + " got " + res.infos());
        return;
      }
    }
    String err = compare(res.value(), expected, scalar, string, instant && rvFrom < 0, ordered,
        rvFrom >= 0 ? rvFrom : start, rvFrom >= 0 ? rvStep : step);
    if (err != null) {
      fail(where, query, err);
    } else {
      passed++;
    }
  }

  private void fail(String where, String query, String why) {
    failed++;
    failures.add(where + " [" + query + "] " + why);
  }

  private static String compare(Value v, List<String> expected, Double scalar, String string, boolean vector,
      boolean ordered, long start, long step) {
    if (string != null) {
      return v instanceof StringValue && ((StringValue) v).s().equals(string) ? null : "expected string, got " + v;
    }
    if (scalar != null) {
      if (!(v instanceof Scalar)) {
        return "expected scalar, got " + v;
      }
      return equal(scalar, ((Scalar) v).v()) ? null : "scalar " + ((Scalar) v).v() + " != " + scalar;
    }
    Map<Labels, List<Object>> exp = new HashMap<>();
    List<Labels> order = new ArrayList<>();
    for (String e : expected) {
      int split = seriesEnd(e);
      Labels l = labelsOf(e.substring(0, split).trim());
      exp.put(l, expand(e.substring(split).trim()));
      order.add(l);
    }
    if (vector) {
      if (!(v instanceof Vector)) {
        return "expected vector, got " + v;
      }
      List<Sample> got = ((Vector) v).samples();
      if (got.size() != exp.size()) {
        return "expected " + exp.size() + " samples, got " + got.size() + ": " + got;
      }
      for (int i = 0; i < got.size(); i++) {
        Sample s = got.get(i);
        List<Object> e = exp.get(s.labels());
        if (e == null) {
          return "unexpected series " + s.labels() + " " + s;
        }
        if (ordered && !order.get(i).equals(s.labels())) {
          return "order mismatch at " + i + ": " + s.labels();
        }
        String c = compareValue(e.get(0), s.f(), s.h());
        if (c != null) {
          return s.labels() + ": " + c;
        }
      }
      return null;
    }
    if (!(v instanceof Matrix)) {
      return "expected matrix, got " + v;
    }
    List<RangeSeries> got = ((Matrix) v).series();
    if (got.size() != exp.size()) {
      StringBuilder b = new StringBuilder();
      for (RangeSeries s : got) {
        b.append(s.labels).append(' ');
      }
      return "expected " + exp.size() + " series, got " + got.size() + ": " + b;
    }
    for (RangeSeries s : got) {
      List<Object> e = exp.get(s.labels);
      if (e == null) {
        return "unexpected series " + s.labels;
      }
      int fi = 0;
      int hi = 0;
      for (int k = 0; k < e.size(); k++) {
        Object x = e.get(k);
        long t = start + k * step;
        if (x == null) {
          continue;
        }
        if (x instanceof FloatHistogram) {
          if (hi >= s.histogramCount || s.histogramT[hi] != t) {
            return s.labels + ": missing histogram at " + t;
          }
          String c = compareValue(x, 0, s.histogramV[hi]);
          if (c != null) {
            return s.labels + " at " + t + ": " + c;
          }
          hi++;
        } else {
          if (fi >= s.floatCount || s.floatT[fi] != t) {
            return s.labels + ": missing float at " + t + " got " + (fi < s.floatCount ? s.floatT[fi] + "=" + s.floatV[fi] : "none");
          }
          String c = compareValue(x, s.floatV[fi], null);
          if (c != null) {
            return s.labels + " at " + t + ": " + c;
          }
          fi++;
        }
      }
      if (fi != s.floatCount || hi != s.histogramCount) {
        return s.labels + ": extra points (" + s.floatCount + " floats, " + s.histogramCount + " histograms)";
      }
    }
    return null;
  }

  private static String compareValue(Object exp, double f, FloatHistogram h) {
    if (exp instanceof FloatHistogram) {
      if (h == null) {
        return "expected histogram, got float " + f;
      }
      FloatHistogram e = HistogramMath.compact(((FloatHistogram) exp).copy());
      FloatHistogram g = HistogramMath.compact(h.copy());
      boolean ok = e.schema == g.schema && e.zeroThreshold == g.zeroThreshold && equal(e.count, g.count)
          && equal(e.sum, g.sum) && equal(e.zeroCount, g.zeroCount)
          && java.util.Arrays.equals(e.positiveSpans, g.positiveSpans)
          && java.util.Arrays.equals(e.negativeSpans, g.negativeSpans)
          && arraysEqual(e.positiveBuckets, g.positiveBuckets) && arraysEqual(e.negativeBuckets, g.negativeBuckets);
      return ok ? null : "histogram " + g + " != " + e;
    }
    if (h != null) {
      return "expected float " + exp + ", got histogram " + h;
    }
    double e = (Double) exp;
    return equal(e, f) ? null : f + " != " + e;
  }

  private static boolean arraysEqual(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!equal(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean equal(double a, double b) {
    if (StaleNaN.is(a) || StaleNaN.is(b)) {
      return StaleNaN.is(a) && StaleNaN.is(b);
    }
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < 1e-6 * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
  }
}
