package io.hearth.promql.promqltest;

import io.hearth.promql.notation.BucketMaps;
import io.hearth.promql.notation.GoNumbers;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code load_with_nhcb} (README §3.1): classic histogram series {@code <base>_bucket{le=...}},
 * {@code <base>_count} and {@code <base>_sum} of one load also become native histograms with
 * custom buckets named {@code <base>}, one per timestamp, with the rules of Prometheus's {@code
 * convertnhcb} (cumulative buckets, count defaulting to the highest bucket, an implicit +Inf
 * bucket, and its errors, which fail the load).
 */
final class NhcbConversion {
  private NhcbConversion() {}

  /** One converted sample. */
  record Sample(Labels labels, long t, FloatHistogram histogram) {}

  /** Collects one histogram at one timestamp. */
  private static final class Temp {
    final List<double[]> buckets = new ArrayList<>(); // {le, cumulative count}, sorted by le
    double count;
    double sum;
    boolean hasCount;
    String err;

    void bucket(double le, double count) {
      if (err != null) return;
      if (count < 0) {
        err = "bucket count must be non-negative: le=" + GoNumbers.format(le) + ", count=" + GoNumbers.format(count);
        return;
      }
      int i = 0;
      while (i < buckets.size() && buckets.get(i)[0] < le) i++;
      if (i < buckets.size() && buckets.get(i)[0] == le) return; // a duplicate sample: ignored
      if (i > 0 && count < buckets.get(i - 1)[1]) {
        err = "count is not cumulative: " + GoNumbers.format(count) + " < " + GoNumbers.format(buckets.get(i - 1)[1]);
        return;
      }
      if (i < buckets.size() && count > buckets.get(i)[1]) {
        err = "count is not cumulative: " + GoNumbers.format(count) + " > " + GoNumbers.format(buckets.get(i)[1]);
        return;
      }
      buckets.add(i, new double[] {le, count});
    }

    void count(double c) {
      if (err != null) return;
      if (c < 0) {
        err = "count must be non-negative: count=" + GoNumbers.format(c);
        return;
      }
      count = c;
      hasCount = true;
    }

    FloatHistogram convert() {
      if (err != null) throw new IllegalArgumentException(err);
      if (!hasCount) {
        if (buckets.isEmpty()) throw new IllegalArgumentException("count must be provided when no buckets are present");
        count = buckets.get(buckets.size() - 1)[1];
      }
      if (buckets.isEmpty() || buckets.get(buckets.size() - 1)[0] != Double.POSITIVE_INFINITY) {
        buckets.add(new double[] {Double.POSITIVE_INFINITY, count});
      }
      FloatHistogram h = new FloatHistogram();
      h.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
      h.count = count;
      h.sum = sum;
      h.positiveSpans = new int[] {0, buckets.size()};
      h.positiveBuckets = new double[buckets.size()];
      h.customValues = new double[buckets.size() - 1];
      double prev = 0;
      for (int i = 0; i < buckets.size(); i++) {
        h.positiveBuckets[i] = buckets.get(i)[1] - prev;
        prev = buckets.get(i)[1];
        if (i < h.customValues.length) h.customValues[i] = buckets.get(i)[0];
      }
      double last = buckets.get(buckets.size() - 1)[1];
      if (count != last) {
        throw new IllegalArgumentException("count mismatch: count=" + GoNumbers.format(count) + " != le=+Inf count="
            + GoNumbers.format(last));
      }
      return BucketMaps.compact(h);
    }
  }

  /**
   * The native histograms for the classic ones among {@code series}, each group's samples in time
   * order.
   *
   * @throws IllegalArgumentException when a group does not convert (the load fails, as upstream)
   */
  static List<Sample> convert(Map<Labels, List<SequenceValue>> series, long intervalMs) {
    Map<Labels, TreeMap<Long, Temp>> groups = new LinkedHashMap<>();
    for (Map.Entry<Labels, List<SequenceValue>> e : series.entrySet()) {
      Labels m = e.getKey();
      String name = m.metricName();
      int kind;
      String base;
      if (name.endsWith("_bucket")) {
        kind = 0;
        base = name.substring(0, name.length() - "_bucket".length());
      } else if (name.endsWith("_sum")) {
        kind = 1;
        base = name.substring(0, name.length() - "_sum".length());
      } else if (name.endsWith("_count")) {
        kind = 2;
        base = name.substring(0, name.length() - "_count".length());
      } else {
        continue;
      }
      double le = 0;
      if (kind == 0) {
        if (!m.has("le")) throw new IllegalArgumentException("expected bucket label in metric " + m);
        Double parsed = parseLe(m.get("le"));
        if (parsed == null || Double.isNaN(parsed)) continue;
        le = parsed;
      }
      Labels group = m.toBuilder().set(Labels.METRIC_NAME, base).del("le").build();
      TreeMap<Long, Temp> byTime = groups.computeIfAbsent(group, k -> new TreeMap<>());
      List<SequenceValue> values = e.getValue();
      for (int k = 0; k < values.size(); k++) {
        SequenceValue v = values.get(k);
        if (v.omitted() || v.isHistogram()) continue;
        Temp h = byTime.computeIfAbsent(k * intervalMs, t -> new Temp());
        switch (kind) {
          case 0: h.bucket(le, v.value()); break;
          case 1: if (h.err == null) h.sum = v.value(); break;
          default: h.count(v.value());
        }
      }
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<Labels, TreeMap<Long, Temp>> g : groups.entrySet()) {
      for (Map.Entry<Long, Temp> e : g.getValue().entrySet()) {
        FloatHistogram h;
        try {
          h = e.getValue().convert();
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("converting " + g.getKey() + " at t=" + e.getKey() + "ms to a native "
              + "histogram: " + ex.getMessage(), ex);
        }
        out.add(new Sample(g.getKey(), e.getKey(), h));
      }
    }
    return out;
  }

  /** Go's {@code strconv.ParseFloat} of an {@code le} value, or null. */
  private static Double parseLe(String s) {
    String l = s.toLowerCase();
    if (l.matches("[+-]?(inf|infinity)")) return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (l.matches("[+-]?nan")) return Double.NaN;
    if (s.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) return Double.parseDouble(s);
    if (s.matches("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+")) return Double.parseDouble(s);
    return null;
  }
}
