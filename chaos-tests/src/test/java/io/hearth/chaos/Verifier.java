package io.hearth.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.node.it.PromApiClient;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** End-of-test checks: every acknowledged sample is stored, and answers agree between nodes and over time. */
public final class Verifier {
  private Verifier() {}

  /** Result of reading back every sample of a ledger. */
  public record Readback(long acknowledged, long lost, long presentUnacknowledged, long wrong, List<String> examples) {
    public String describe() {
      return "acknowledged=" + acknowledged + " lost=" + lost + " wrong=" + wrong + " unacknowledged_but_present="
          + presentUnacknowledged + (examples.isEmpty() ? "" : " examples=" + examples);
    }
  }

  /**
   * Reads every raw sample of the ledger's metric through one node ({@code m{g="k"}[3h]} per group)
   * and compares with the ledger: lost = acknowledged (series, timestamp) pairs missing; wrong =
   * samples with a value other than written, off the timestamp grid, of a round never sent, of an
   * unknown series, or duplicated.
   */
  public static Readback readBack(QueryClient q, AckLedger l, ClusterNodeProcess via) throws InterruptedException {
    BitSet acked = l.ackedRounds();
    BitSet[] found = new BitSet[l.series];
    for (int s = 0; s < l.series; s++) found[s] = new BitSet();
    long wrong = 0;
    long unacked = 0;
    List<String> examples = new ArrayList<>();
    for (int g = 0; g < AckLedger.GROUPS; g++) {
      String query = l.metric + "{g=\"" + g + "\"}[3h]";
      QueryClient.Answer a = q.get(QueryClient.instant(query, l.evalTime()), via);
      if (a == null) throw new AssertionError("read-back query failed: " + query + " via " + (via == null ? "any" : via.name) + ": " + q.errors);
      for (JsonNode series : a.data().path("result")) {
        int s;
        try {
          s = Integer.parseInt(series.path("metric").path("series").asText());
        } catch (NumberFormatException e) {
          s = -1;
        }
        if (s < 0 || s >= l.series || s % AckLedger.GROUPS != g) {
          wrong++;
          if (examples.size() < 10) examples.add("unknown series " + series.path("metric"));
          continue;
        }
        for (JsonNode v : series.path("values")) {
          long ts = Math.round(v.get(0).asDouble() * 1000);
          double value = Double.parseDouble(v.get(1).asText());
          int r = l.roundOf(ts);
          if (r < 0 || !l.isAttempted(r) || value != AckLedger.value(s, r) || found[s].get(r)) {
            wrong++;
            if (examples.size() < 10) examples.add("series " + s + " ts " + ts + " value " + value + (r >= 0 && found[s].get(r) ? " (twice)" : ""));
            continue;
          }
          found[s].set(r);
          if (!acked.get(r)) unacked++;
        }
      }
    }
    long lost = 0;
    for (int s = 0; s < l.series; s++) {
      BitSet missing = (BitSet) acked.clone();
      missing.andNot(found[s]);
      int c = missing.cardinality();
      if (c > 0 && examples.size() < 10) {
        examples.add("series " + s + " misses " + c + " acknowledged samples, first at ts " + l.timestamp(missing.nextSetBit(0)));
      }
      lost += c;
    }
    return new Readback((long) acked.cardinality() * l.series, lost, unacked, wrong, examples);
  }

  /** A fixed set of instant, range and series queries over the ledger's data, by name. */
  public static Map<String, String> fixedQueries(AckLedger l, int rounds) {
    Map<String, String> m = new LinkedHashMap<>();
    String name = l.metric;
    long first = l.t0;
    long last = l.timestamp(Math.max(0, rounds - 1));
    long mid = l.timestamp(rounds / 2);
    long step = Math.max(1, (last - first) / 1000 / 20); // about 20 points per range query
    m.put("total samples", QueryClient.instant("sum(count_over_time(" + name + "[3h]))", l.evalTime()));
    m.put("samples per series", QueryClient.instant("count_over_time(" + name + "[3h])", l.evalTime()));
    m.put("sum by group at mid", QueryClient.instant("sum by (g) (" + name + ")", AckLedger.seconds(mid)));
    m.put("raw samples of one series", QueryClient.instant(name + "{series=\"17\"}[30s]", AckLedger.seconds(mid)));
    m.put("range rate by group", QueryClient.range("sum by (g) (rate(" + name + "[1m]))", AckLedger.seconds(first),
        AckLedger.seconds(last), Long.toString(step)));
    m.put("range max", QueryClient.range("max(" + name + ")", AckLedger.seconds(first), AckLedger.seconds(last), Long.toString(step)));
    m.put("series", "/api/v1/series?match[]=" + PromApiClient.enc(name + "{g=~\"[0-3]\"}") + "&start=" + AckLedger.seconds(first)
        + "&end=" + l.evalTime());
    return m;
  }

  /** Runs the queries through the given node; answers in canonical form (results sorted), by name. */
  public static Map<String, String> answers(QueryClient q, Map<String, String> queries, ClusterNodeProcess via) throws InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : queries.entrySet()) {
      QueryClient.Answer a = q.get(e.getValue(), via);
      if (a == null) throw new AssertionError("query '" + e.getKey() + "' failed via " + via.name + ": " + q.errors);
      out.put(e.getKey(), canonical(a.data()));
    }
    return out;
  }

  /** Fails when an answer is empty: comparing empty answers would prove nothing. */
  public static void assertNoneEmpty(Map<String, String> answers) {
    for (Map.Entry<String, String> e : answers.entrySet()) {
      String a = e.getValue();
      if (a.endsWith(":[]") || a.equals("[]")) throw new AssertionError("fixed query '" + e.getKey() + "' answered nothing: " + a);
    }
  }

  /** The JSON of a query's data with the result (or series) list sorted, so that order does not matter. */
  public static String canonical(JsonNode data) {
    JsonNode list = data.isArray() ? data : data.path("result");
    if (list.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      list.forEach(items::add);
      items.replaceAll(Verifier::roundValues);
      items.sort(Comparator.comparing(x -> (x.has("metric") ? x.path("metric") : x).toString()));
      ArrayNode sorted = PromApiClient.JSON.createArrayNode();
      items.forEach(sorted::add);
      if (data.isArray()) return sorted.toString();
      return data.path("resultType").asText() + ":" + sorted;
    }
    return data.toString();
  }

  /**
   * Sample values rounded to 12 significant digits: a sum over partitions may add in another order
   * on another node, which changes the last bits of a float and nothing else.
   */
  private static JsonNode roundValues(JsonNode item) {
    if (!item.isObject()) return item;
    com.fasterxml.jackson.databind.node.ObjectNode o = item.deepCopy();
    if (o.path("value").isArray()) o.set("value", roundPoint(o.path("value")));
    if (o.path("values").isArray()) {
      ArrayNode vs = PromApiClient.JSON.createArrayNode();
      o.path("values").forEach(p -> vs.add(roundPoint(p)));
      o.set("values", vs);
    }
    return o;
  }

  private static JsonNode roundPoint(JsonNode p) {
    if (p.size() != 2) return p;
    ArrayNode a = PromApiClient.JSON.createArrayNode();
    a.add(p.get(0));
    String v = p.get(1).asText();
    try {
      double d = Double.parseDouble(v);
      a.add(Double.isFinite(d) ? new java.math.BigDecimal(d).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString() : v);
    } catch (NumberFormatException e) {
      a.add(v);
    }
    return a;
  }

  /**
   * Runs the queries through each of {@code nodes} and returns every answer that differs from {@code
   * expected}, each as {@code node: difference}.
   */
  public static List<String> differencesOn(List<ClusterNodeProcess> nodes, QueryClient q, Map<String, String> queries,
      Map<String, String> expected) throws InterruptedException {
    List<String> diffs = new ArrayList<>();
    for (ClusterNodeProcess n : nodes) {
      for (String d : differences(expected, answers(q, queries, n))) diffs.add(n.name + ": " + d);
    }
    return diffs;
  }

  /** Names of the queries whose answers differ, with both answers abbreviated. */
  public static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
    List<String> d = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String got = actual.get(e.getKey());
      if (!e.getValue().equals(got)) {
        d.add(e.getKey() + ": expected " + PromApiClient.abbreviate(e.getValue()) + " got " + PromApiClient.abbreviate(got));
      }
    }
    return d;
  }
}
