package io.hearth.promql.notation;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The native histogram literal of the series notation, {@code {{schema:1 sum:3 count:22 buckets:[5 10 7]}}}:
 * parsing (promqltest README §4.1) and a readable rendering for failure messages.
 */
public final class HistogramText {
  private static final Set<String> KEYS = Set.of("schema", "sum", "count", "z_bucket", "z_bucket_w", "buckets",
      "offset", "n_buckets", "n_offset", "custom_values", "counter_reset_hint");
  private static final Map<String, CounterResetHint> HINTS = Map.of("unknown", CounterResetHint.UNKNOWN,
      "reset", CounterResetHint.COUNTER_RESET, "not_reset", CounterResetHint.NOT_COUNTER_RESET,
      "gauge", CounterResetHint.GAUGE);

  private HistogramText() {}

  /** A parsed literal: the histogram and whether it spelled out its counter reset hint. */
  public record Parsed(FloatHistogram histogram, boolean hintSet, int end) {}

  /**
   * Parses the literal starting at {@code s[from]} (which must be {@code {{}); {@link Parsed#end}
   * is the index after its closing {@code }}}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static Parsed parse(String s, int from) {
    if (!s.startsWith("{{", from)) throw new IllegalArgumentException("histogram must start with {{");
    int close = s.indexOf("}}", from + 2);
    if (close < 0) throw new IllegalArgumentException("unterminated histogram " + s.substring(from));
    String body = s.substring(from + 2, close);
    FloatHistogram h = new FloatHistogram();
    double[] buckets = null, nBuckets = null;
    int offset = 0, nOffset = 0;
    boolean hintSet = false;
    Set<String> seen = new HashSet<>();
    int i = 0;
    while (true) {
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) i++;
      if (i >= body.length()) break;
      int colon = body.indexOf(':', i);
      if (colon < 0) throw new IllegalArgumentException("expected key:value in histogram, found " + body.substring(i));
      String key = body.substring(i, colon).trim();
      if (!KEYS.contains(key)) throw new IllegalArgumentException("unknown histogram key " + key);
      if (!seen.add(key)) throw new IllegalArgumentException("duplicate histogram key " + key);
      i = colon + 1;
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) i++;
      String value;
      if (i < body.length() && body.charAt(i) == '[') {
        int end = body.indexOf(']', i);
        if (end < 0) throw new IllegalArgumentException("unterminated list for " + key);
        value = body.substring(i, end + 1);
        i = end + 1;
      } else {
        int start = i;
        while (i < body.length() && !Character.isWhitespace(body.charAt(i))) i++;
        value = body.substring(start, i);
      }
      switch (key) {
        case "schema": h.schema = integer(key, value); break;
        case "sum": h.sum = number(key, value); break;
        case "count": h.count = number(key, value); break;
        case "z_bucket": h.zeroCount = number(key, value); break;
        case "z_bucket_w": h.zeroThreshold = number(key, value); break;
        case "buckets": buckets = list(key, value); break;
        case "offset": offset = integer(key, value); break;
        case "n_buckets": nBuckets = list(key, value); break;
        case "n_offset": nOffset = integer(key, value); break;
        case "custom_values": h.customValues = list(key, value); break;
        default:
          CounterResetHint hint = HINTS.get(value);
          if (hint == null) throw new IllegalArgumentException("unknown counter_reset_hint " + value);
          h.counterResetHint = hint;
          hintSet = true;
      }
    }
    if (buckets != null) {
      h.positiveBuckets = buckets;
      h.positiveSpans = new int[] {offset, buckets.length};
    }
    if (nBuckets != null) {
      h.negativeBuckets = nBuckets;
      h.negativeSpans = new int[] {nOffset, nBuckets.length};
    }
    return new Parsed(h, hintSet, close + 2);
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("histogram " + key + " must be an integer, found " + v);
    }
  }

  private static double number(String key, String v) {
    Double d = GoNumbers.parse(v);
    if (d == null) throw new IllegalArgumentException("histogram " + key + " must be a number, found " + v);
    return d;
  }

  private static double[] list(String key, String v) {
    String inner = v.substring(1, v.length() - 1).trim();
    if (inner.isEmpty()) return new double[0];
    String[] parts = inner.split("[\\s,]+");
    double[] out = new double[parts.length];
    for (int k = 0; k < parts.length; k++) out[k] = number(key, parts[k]);
    return out;
  }

  /** A rendering close to the literal syntax, with bucket indices spelled out. */
  public static String format(FloatHistogram h) {
    StringBuilder b = new StringBuilder("{{");
    List<String> parts = new ArrayList<>();
    if (h.schema != 0) parts.add("schema:" + h.schema);
    parts.add("count:" + GoNumbers.format(h.count));
    parts.add("sum:" + GoNumbers.format(h.sum));
    if (h.zeroCount != 0) parts.add("z_bucket:" + GoNumbers.format(h.zeroCount));
    if (h.zeroThreshold != 0) parts.add("z_bucket_w:" + GoNumbers.format(h.zeroThreshold));
    if (h.positiveBuckets.length > 0) parts.add("buckets:" + buckets(h.positiveSpans, h.positiveBuckets));
    if (h.negativeBuckets.length > 0) parts.add("n_buckets:" + buckets(h.negativeSpans, h.negativeBuckets));
    if (h.customValues.length > 0) parts.add("custom_values:" + doubles(h.customValues));
    if (h.counterResetHint != CounterResetHint.UNKNOWN) parts.add("counter_reset_hint:" + hintName(h.counterResetHint));
    b.append(String.join(" ", parts));
    return b.append("}}").toString();
  }

  public static String hintName(CounterResetHint hint) {
    for (Map.Entry<String, CounterResetHint> e : HINTS.entrySet()) if (e.getValue() == hint) return e.getKey();
    return hint.name();
  }

  /** {@code [v v v]} when the buckets are one span from index 0, else {@code {index:v ...}}. */
  private static String buckets(int[] spans, double[] values) {
    if (spans.length == 2 && spans[0] == 0) return doubles(values);
    StringBuilder b = new StringBuilder("{");
    int idx = 0, k = 0;
    for (int s = 0; s < spans.length; s += 2) {
      idx += spans[s];
      for (int n = 0; n < spans[s + 1] && k < values.length; n++, idx++, k++) {
        if (k > 0) b.append(' ');
        b.append(idx).append(':').append(GoNumbers.format(values[k]));
      }
    }
    return b.append('}').toString();
  }

  private static String doubles(double[] vs) {
    StringBuilder b = new StringBuilder("[");
    for (int k = 0; k < vs.length; k++) {
      if (k > 0) b.append(' ');
      b.append(GoNumbers.format(vs[k]));
    }
    return b.append(']').toString();
  }
}
