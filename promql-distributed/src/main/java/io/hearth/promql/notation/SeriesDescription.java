package io.hearth.promql.notation;

import io.hearth.promql.parser.Parser;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StaleNaN;
import java.util.ArrayList;
import java.util.List;

/**
 * A series line of a promqltest script or of promtool's {@code input_series},
 * {@code metric{a="b"} 0+10x10 _ stale {{count:1}}}: the label set, in PromQL selector syntax
 * with {@code =} matchers only, and the value sequence in Prometheus's expanding notation.
 *
 * <p>As in Prometheus's series lexer, numbers are decimal ({@code 0x3} is 0 repeated, never hex),
 * {@code Inf} and {@code NaN} in any case, and {@code a+bxN} adds {@code b} N times step by step.
 */
public record SeriesDescription(Labels labels, List<SequenceValue> values) {
  /**
   * Parses a whole line.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static SeriesDescription parse(String line) {
    int end = metricEnd(line);
    Labels labels = labels(line.substring(0, end).trim());
    return new SeriesDescription(labels, values(line.substring(end)));
  }

  /** Parses only the label part of a line such as {@code metric{a="b"}@st}. */
  public static Labels parseLabels(String metric) {
    return labels(metric.trim());
  }

  /** The index just after the metric part: the name, then an optional brace group. */
  public static int metricEnd(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '{') i++;
    int afterName = i;
    while (i < n && Character.isWhitespace(line.charAt(i))) i++;
    if (i >= n || line.charAt(i) != '{' || line.startsWith("{{", i)) return afterName;
    char quote = 0;
    for (i++; i < n; i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') i++;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '}') {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated label set in " + line);
  }

  private static Labels labels(String metric) {
    if (metric.isEmpty()) throw new IllegalArgumentException("missing metric");
    if (metric.replace(" ", "").equals("{}")) return Labels.EMPTY;
    List<Matcher> matchers = Parser.parseMetricSelector(metric);
    Labels.Builder b = Labels.builder();
    for (Matcher m : matchers) {
      if (m.type() != Matcher.Type.EQ) {
        throw new IllegalArgumentException("series descriptions take = matchers only, found " + m);
      }
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  /** Expands a value sequence (the text after the metric). */
  public static List<SequenceValue> values(String s) {
    List<SequenceValue> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && Character.isWhitespace(s.charAt(i))) i++;
      if (i >= n) return out;
      if (s.startsWith("{{", i)) {
        i = histogramItem(s, i, out);
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
        floatItem(s.substring(start, i), out);
      }
    }
  }

  private static int histogramItem(String s, int i, List<SequenceValue> out) {
    HistogramText.Parsed a = HistogramText.parse(s, i);
    i = a.end();
    if (i < s.length() && s.charAt(i) == 'x') {
      int[] count = new int[1];
      i = repeat(s, i + 1, count);
      for (int k = 0; k <= count[0]; k++) out.add(SequenceValue.of(a.histogram().copy(), a.hintSet()));
      return i;
    }
    if (i + 2 < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.startsWith("{{", i + 1)) {
      int sign = s.charAt(i) == '+' ? 1 : -1;
      HistogramText.Parsed b = HistogramText.parse(s, i + 1);
      i = b.end();
      if (i >= s.length() || s.charAt(i) != 'x') {
        throw new IllegalArgumentException("expected xN after " + s.substring(0, i).trim());
      }
      int[] count = new int[1];
      i = repeat(s, i + 1, count);
      FloatHistogram cur = a.histogram();
      out.add(SequenceValue.of(cur, a.hintSet()));
      for (int k = 1; k <= count[0]; k++) {
        cur = BucketMaps.combine(cur, b.histogram(), sign);
        out.add(SequenceValue.of(cur, a.hintSet()));
      }
      return i;
    }
    if (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      throw new IllegalArgumentException("unexpected text after histogram: " + s.substring(i));
    }
    out.add(SequenceValue.of(a.histogram(), a.hintSet()));
    return i;
  }

  /** Reads an unsigned count at {@code s[i]} into {@code count[0]}; returns the index after it. */
  private static int repeat(String s, int i, int[] count) {
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
    if (i == start) throw new IllegalArgumentException("expected a repeat count in " + s);
    count[0] = Integer.parseInt(s.substring(start, i));
    if (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      throw new IllegalArgumentException("unexpected text after repeat count: " + s.substring(i));
    }
    return i;
  }

  private static void floatItem(String tok, List<SequenceValue> out) {
    if (tok.equals("_")) {
      out.add(SequenceValue.OMITTED);
      return;
    }
    if (tok.startsWith("_x")) {
      int n = count(tok, tok.substring(2));
      for (int k = 0; k < n; k++) out.add(SequenceValue.OMITTED);
      return;
    }
    if (tok.equals("stale")) {
      out.add(SequenceValue.of(StaleNaN.VALUE));
      return;
    }
    int[] pos = {0};
    double a = number(tok, pos, true);
    int p = pos[0];
    if (p == tok.length()) {
      out.add(SequenceValue.of(a));
      return;
    }
    char c = tok.charAt(p);
    if (c == 'x') {
      int n = count(tok, tok.substring(p + 1));
      for (int k = 0; k <= n; k++) out.add(SequenceValue.of(a));
      return;
    }
    if (c == '+' || c == '-') {
      pos[0] = p + 1;
      double b = number(tok, pos, false);
      if (c == '-') b = -b;
      p = pos[0];
      if (p >= tok.length() || tok.charAt(p) != 'x') throw new IllegalArgumentException("expected xN in " + tok);
      int n = count(tok, tok.substring(p + 1));
      double cur = a;
      for (int k = 0; k <= n; k++) {
        out.add(SequenceValue.of(cur));
        cur += b; // step by step, as Prometheus's parser accumulates
      }
      return;
    }
    throw new IllegalArgumentException("invalid value " + tok);
  }

  private static int count(String tok, String digits) {
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("invalid repeat count in " + tok);
    }
    return Integer.parseInt(digits);
  }

  /** A decimal number (optionally signed) at {@code tok[pos[0]]}; advances {@code pos[0]}. */
  private static double number(String tok, int[] pos, boolean signed) {
    int i = pos[0];
    int start = i;
    if (signed && i < tok.length() && (tok.charAt(i) == '+' || tok.charAt(i) == '-')) i++;
    String rest = tok.substring(i).toLowerCase();
    if (rest.startsWith("inf") || rest.startsWith("nan")) {
      i += 3;
    } else {
      int digits = i;
      while (i < tok.length() && Character.isDigit(tok.charAt(i))) i++;
      if (i < tok.length() && tok.charAt(i) == '.') {
        i++;
        while (i < tok.length() && Character.isDigit(tok.charAt(i))) i++;
      }
      if (i == digits || (i == digits + 1 && tok.charAt(digits) == '.')) {
        throw new IllegalArgumentException("invalid number in " + tok);
      }
      if (i < tok.length() && (tok.charAt(i) == 'e' || tok.charAt(i) == 'E')) {
        int e = i + 1;
        if (e < tok.length() && (tok.charAt(e) == '+' || tok.charAt(e) == '-')) e++;
        int expDigits = e;
        while (e < tok.length() && Character.isDigit(tok.charAt(e))) e++;
        if (e > expDigits) i = e;
      }
    }
    pos[0] = i;
    Double d = GoNumbers.parse(tok.substring(start, i));
    if (d == null) throw new IllegalArgumentException("invalid number in " + tok);
    return d;
  }
}
