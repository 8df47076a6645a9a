package io.hearth.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two answers of {@code /api/v1/query} or {@code /api/v1/query_range} the way the PromQL
 * differential test needs: HTTP status, {@code status}, {@code errorType} and {@code error} text
 * exactly; {@code resultType}; series by label set; sample timestamps exactly and sample values
 * as numbers within a relative 1e-9 ({@code NaN} equals {@code NaN}, infinities exact). Warnings
 * and infos are not compared (2.42 has no annotations). Instant vectors are compared as sets,
 * except under {@code sort}/{@code sort_desc}, where the order of values counts and series with
 * equal values may come in any order (Prometheus's own rule); matrices of range queries are
 * compared in order.
 */
final class PromqlAnswerDiff {
  static final double RELATIVE = 1e-9;
  private static final int LIMIT = 8;
  /** How Prometheus prefixes the errors of a query it cannot parse. */
  static final String QUERY_PARAM_PREFIX = "invalid parameter \"query\": ";

  private final List<String> out = new ArrayList<>();
  private int dropped;

  private PromqlAnswerDiff() {}

  /**
   * The differences between Prometheus's answer {@code p} and Hearth's {@code h}, at most a few
   * lines; empty when they agree. {@code ordered}: the vector's order counts (sort functions);
   * {@code range}: the answer is a range query's (matrices in order).
   */
  static List<String> diff(PromApiClient.Reply p, PromApiClient.Reply h, boolean ordered, boolean range) {
    PromqlAnswerDiff d = new PromqlAnswerDiff();
    d.compare(p, h, ordered, range);
    if (d.dropped > 0) d.out.add("... and " + d.dropped + " more differences");
    return d.out;
  }

  private void add(String s) {
    if (out.size() < LIMIT) out.add(s);
    else dropped++;
  }

  private void compare(PromApiClient.Reply p, PromApiClient.Reply h, boolean ordered, boolean range) {
    if (p.json() == null) {
      add("prometheus's answer is not JSON (HTTP " + p.status() + ")");
      return;
    }
    if (h.json() == null) {
      add("hearth's answer is not JSON (HTTP " + h.status() + ")");
      return;
    }
    if (p.status() != h.status()) add("HTTP status: prometheus " + p.status() + " vs hearth " + h.status());
    JsonNode pj = p.json();
    JsonNode hj = h.json();
    String ps = pj.path("status").asText();
    String hs = hj.path("status").asText();
    if (!ps.equals(hs)) {
      add("status: prometheus " + ps + " vs hearth " + hs);
      return;
    }
    if (!"success".equals(ps)) {
      text("errorType", pj.path("errorType"), hj.path("errorType"));
      String pe = pj.path("error").asText("");
      String he = hj.path("error").asText("");
      if (!pe.equals(he) && pe.equals(QUERY_PARAM_PREFIX + he)) {
        add("error: hearth's lacks the prefix '" + QUERY_PARAM_PREFIX + "' (the rest is the same): " + pe);
      } else {
        text("error", pj.path("error"), hj.path("error"));
      }
      return;
    }
    JsonNode pd = pj.path("data");
    JsonNode hd = hj.path("data");
    String pt = pd.path("resultType").asText();
    String ht = hd.path("resultType").asText();
    if (!pt.equals(ht)) {
      add("resultType: prometheus " + pt + " vs hearth " + ht);
      return;
    }
    JsonNode pr = pd.path("result");
    JsonNode hr = hd.path("result");
    switch (pt) {
      case "scalar" -> sample("", pr, hr);
      case "string" -> {
        if (!pr.equals(hr)) add("string: prometheus " + pr + " vs hearth " + hr);
      }
      case "vector" -> {
        if (ordered) orderedVector(pr, hr);
        else series(pr, hr, false, "value");
      }
      case "matrix" -> series(pr, hr, range, "values");
      default -> add("unknown resultType " + pt);
    }
  }

  private void text(String field, JsonNode e, JsonNode a) {
    if (!Objects.equals(e.asText(null), a.asText(null))) {
      add(field + ":\n      prometheus " + e + "\n      hearth     " + a);
    }
  }

  /** Series of a vector or matrix, matched by label set; {@code order}: their order counts too. */
  private void series(JsonNode pr, JsonNode hr, boolean order, String field) {
    Map<String, JsonNode> pm = byLabels(pr, "prometheus");
    Map<String, JsonNode> hm = byLabels(hr, "hearth");
    for (Map.Entry<String, JsonNode> e : pm.entrySet()) {
      JsonNode other = hm.get(e.getKey());
      if (other == null) {
        add("series only in prometheus: " + e.getKey() + " " + clip(e.getValue().path(field).toString()));
      } else if (field.equals("value")) {
        sample(e.getKey(), e.getValue().path("value"), other.path("value"));
      } else {
        samples(e.getKey(), e.getValue().path("values"), other.path("values"));
      }
    }
    for (Map.Entry<String, JsonNode> e : hm.entrySet()) {
      if (!pm.containsKey(e.getKey())) add("series only in hearth: " + e.getKey() + " " + clip(e.getValue().path(field).toString()));
    }
    if (order && pm.keySet().equals(hm.keySet())) {
      List<String> po = new ArrayList<>(pm.keySet());
      List<String> ho = new ArrayList<>(hm.keySet());
      for (int i = 0; i < po.size(); i++) {
        if (!po.get(i).equals(ho.get(i))) {
          add("series order differs at index " + i + ": prometheus " + po.get(i) + " vs hearth " + ho.get(i));
          break;
        }
      }
    }
  }

  /**
   * A sorted vector: the values in the same order, and within each run of equal values the same
   * label sets (Prometheus's sort is stable on an order the API does not define).
   */
  private void orderedVector(JsonNode pr, JsonNode hr) {
    if (pr.size() != hr.size()) {
      series(pr, hr, false, "value");
      if (out.isEmpty()) add("vector sizes differ: prometheus " + pr.size() + " vs hearth " + hr.size());
      return;
    }
    int i = 0;
    while (i < pr.size()) {
      int j = i + 1;
      String v = pr.get(i).path("value").path(1).asText();
      while (j < pr.size() && pr.get(j).path("value").path(1).asText().equals(v)) j++;
      Map<String, JsonNode> pm = new LinkedHashMap<>();
      Map<String, JsonNode> hm = new LinkedHashMap<>();
      for (int k = i; k < j; k++) {
        pm.put(JsonDiff.labelKey(pr.get(k).path("metric")), pr.get(k));
        hm.put(JsonDiff.labelKey(hr.get(k).path("metric")), hr.get(k));
      }
      if (!pm.keySet().equals(hm.keySet())) {
        add("sorted vector differs at index " + i + ": prometheus " + clip(pm.keySet().toString()) + " vs hearth "
            + clip(hm.keySet().toString()));
        return;
      }
      for (Map.Entry<String, JsonNode> e : pm.entrySet()) {
        sample(e.getKey(), e.getValue().path("value"), hm.get(e.getKey()).path("value"));
      }
      i = j;
    }
  }

  private Map<String, JsonNode> byLabels(JsonNode result, String who) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode s : result) {
      String key = JsonDiff.labelKey(s.path("metric"));
      if (m.put(key, s) != null) add(who + " answers series " + key + " twice");
    }
    return m;
  }

  private void samples(String series, JsonNode pv, JsonNode hv) {
    if (pv.size() != hv.size()) {
      add(series + ": prometheus " + pv.size() + " samples vs hearth " + hv.size() + "\n      prometheus " + clip(pv.toString())
          + "\n      hearth     " + clip(hv.toString()));
      return;
    }
    for (int i = 0; i < pv.size(); i++) sample(series + "[" + i + "]", pv.get(i), hv.get(i));
  }

  /** One {@code [time, "value"]} pair. */
  private void sample(String where, JsonNode p, JsonNode h) {
    JsonNode pt = p.path(0);
    JsonNode ht = h.path(0);
    boolean timeSame = pt.isNumber() && ht.isNumber() ? pt.decimalValue().compareTo(ht.decimalValue()) == 0 : pt.equals(ht);
    if (!timeSame || !sameValue(p.path(1).asText(), h.path(1).asText())) {
      add(where + ": prometheus " + p + " vs hearth " + h);
    }
  }

  /** Sample values as Prometheus writes them: equal within {@link #RELATIVE}, NaN equal to NaN. */
  static boolean sameValue(String p, String h) {
    if (p.equals(h)) return true;
    Double pa = parse(p);
    Double hb = parse(h);
    if (pa == null || hb == null) return false;
    double a = pa;
    double b = hb;
    if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
    if (a == b) return true;
    if (Double.isInfinite(a) || Double.isInfinite(b)) return false;
    return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
  }

  private static Double parse(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }

  private static String clip(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
  }
}
