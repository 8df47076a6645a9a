package io.hearth.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Structural differences between two parsed JSON answers, as a list of {@code path: expected vs
 * actual} lines. Objects compare by field name (order ignored), numbers by exact decimal value,
 * strings exactly. Arrays of series (objects with a {@code metric} field, as in vectors, matrices
 * and {@code series} answers) are matched by their label set, so one missing series is reported
 * once instead of shifting every element after it; their order is checked separately when asked.
 */
public final class JsonDiff {
  private final int limit;
  private final String expectedName;
  private final String actualName;
  private final List<String> out = new ArrayList<>();
  private int dropped;

  private JsonDiff(int limit, String expectedName, String actualName) {
    this.limit = limit;
    this.expectedName = expectedName;
    this.actualName = actualName;
  }

  /** The differences, at most {@code limit} lines (then a count of the rest). */
  public static List<String> diff(JsonNode expected, JsonNode actual, boolean seriesOrderMatters, int limit) {
    return diff(expected, actual, seriesOrderMatters, limit, "prometheus", "hearth");
  }

  /** As {@link #diff(JsonNode, JsonNode, boolean, int)}, naming the two sides in the lines as given. */
  public static List<String> diff(JsonNode expected, JsonNode actual, boolean seriesOrderMatters, int limit, String expectedName,
      String actualName) {
    JsonDiff d = new JsonDiff(limit, expectedName, actualName);
    d.walk("$", expected, actual, seriesOrderMatters);
    if (d.dropped > 0) d.out.add("... and " + d.dropped + " more differences");
    return d.out;
  }

  /** A canonical text for a label set object: its fields sorted by name. */
  public static String labelKey(JsonNode metric) {
    TreeMap<String, String> m = new TreeMap<>();
    metric.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (sb.length() > 1) sb.append(", ");
      sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append('}').toString();
  }

  /** Sorts an array of series by their label sets (for answers whose order is unspecified). */
  public static ArrayNode sortedSeries(ArrayNode a) {
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    for (JsonNode n : a) sorted.put(seriesKey(n), n);
    ArrayNode r = a.arrayNode();
    sorted.values().forEach(r::add);
    return r;
  }

  private void add(String line) {
    if (out.size() < limit) out.add(line);
    else dropped++;
  }

  private static String show(JsonNode n) {
    if (n == null || n.isMissingNode()) return "(absent)";
    String s = n.toString();
    return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
  }

  private void walk(String path, JsonNode e, JsonNode a, boolean order) {
    boolean eMissing = e == null || e.isMissingNode();
    boolean aMissing = a == null || a.isMissingNode();
    if (eMissing || aMissing) {
      if (eMissing != aMissing) add(path + ": " + expectedName + " " + show(e) + " vs " + actualName + " " + show(a));
      return;
    }
    if (e.isNumber() && a.isNumber()) {
      if (e.decimalValue().compareTo(a.decimalValue()) != 0) add(path + ": " + expectedName + " " + e + " vs " + actualName + " " + a);
      return;
    }
    if (e.getNodeType() != a.getNodeType()) {
      add(path + ": " + expectedName + " " + e.getNodeType() + " " + show(e) + " vs " + actualName + " " + a.getNodeType() + " " + show(a));
      return;
    }
    if (e.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      e.fieldNames().forEachRemaining(names::add);
      a.fieldNames().forEachRemaining(names::add);
      for (String n : names) walk(path + "." + n, e.get(n), a.get(n), order);
    } else if (e.isArray()) {
      if (isSeriesArray(e) && isSeriesArray(a)) {
        walkSeries(path, (ArrayNode) e, (ArrayNode) a, order);
        return;
      }
      if (e.size() != a.size()) add(path + ": " + expectedName + " " + e.size() + " elements vs " + actualName + " " + a.size());
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) walk(path + "[" + i + "]", e.get(i), a.get(i), order);
    } else if (!e.equals(a)) {
      add(path + ": " + expectedName + " " + show(e) + " vs " + actualName + " " + show(a));
    }
  }

  private static boolean isSeriesArray(JsonNode arr) {
    if (arr.size() == 0) return true;
    for (JsonNode n : arr) {
      if (!n.isObject()) return false;
      if (!n.has("metric") && !isLabelSet(n)) return false;
    }
    return true;
  }

  private static boolean isLabelSet(JsonNode n) {
    Iterator<JsonNode> it = n.elements();
    while (it.hasNext()) if (!it.next().isTextual()) return false;
    return n.size() > 0;
  }

  private static String seriesKey(JsonNode n) {
    return labelKey(n.has("metric") ? n.get("metric") : n);
  }

  private void walkSeries(String path, ArrayNode e, ArrayNode a, boolean order) {
    Map<String, JsonNode> em = new LinkedHashMap<>();
    Map<String, JsonNode> am = new LinkedHashMap<>();
    for (JsonNode n : e) if (em.put(seriesKey(n), n) != null) add(path + ": " + expectedName + " has " + seriesKey(n) + " twice");
    for (JsonNode n : a) if (am.put(seriesKey(n), n) != null) add(path + ": " + actualName + " has " + seriesKey(n) + " twice");
    for (Map.Entry<String, JsonNode> x : em.entrySet()) {
      JsonNode other = am.get(x.getKey());
      if (other == null) add(path + ": series " + x.getKey() + " only in " + expectedName + ": " + show(x.getValue()));
      else walk(path + x.getKey(), x.getValue(), other, order);
    }
    for (Map.Entry<String, JsonNode> x : am.entrySet()) {
      if (!em.containsKey(x.getKey())) add(path + ": series " + x.getKey() + " only in " + actualName + ": " + show(x.getValue()));
    }
    if (order && em.keySet().equals(am.keySet())) {
      List<String> eo = new ArrayList<>(em.keySet());
      List<String> ao = new ArrayList<>(am.keySet());
      for (int i = 0; i < eo.size(); i++) {
        if (!eo.get(i).equals(ao.get(i))) {
          add(path + ": series order differs at index " + i + ": " + expectedName + " " + eo.get(i) + " vs " + actualName + " " + ao.get(i));
          break;
        }
      }
    }
  }

  /** Replaces {@code data.result} of a query answer by its series sorted by label set. */
  public static JsonNode withSortedResult(JsonNode answer) {
    if (answer == null || !answer.path("data").path("result").isArray()) return answer;
    JsonNode copy = answer.deepCopy();
    ObjectNode data = (ObjectNode) copy.get("data");
    data.set("result", sortedSeries((ArrayNode) data.get("result")));
    return copy;
  }

  /**
   * The raw samples of a range-vector answer ({@code metric[5m]} at one time) by series key, each
   * sample as {@code time=value} with the time in plain decimal; a failed answer is added to
   * {@code problems} under {@code who} and gives an empty map.
   */
  public static Map<String, List<String>> rawSamplesBySeries(PromApiClient.Reply r, String who, List<String> problems) {
    Map<String, List<String>> out = new TreeMap<>();
    if (r.status() != 200 || r.json() == null) {
      problems.add(who + " raw-sample query failed: " + r.status() + " " + clip(r.body()));
      return out;
    }
    for (JsonNode s : r.json().path("data").path("result")) {
      List<String> pts = new ArrayList<>();
      for (JsonNode v : s.path("values")) pts.add(v.get(0).decimalValue().toPlainString() + "=" + v.get(1).asText());
      out.put(labelKey(s.path("metric")), pts);
    }
    return out;
  }

  /**
   * The label sets of a {@code /api/v1/series} answer, as {@link #labelKey(JsonNode)}s; a failed
   * answer is added to {@code problems} under {@code who} and gives an empty set.
   */
  public static TreeSet<String> labelSets(PromApiClient.Reply r, String who, List<String> problems) {
    TreeSet<String> out = new TreeSet<>();
    if (r.status() != 200 || r.json() == null) {
      problems.add(who + " /api/v1/series failed: " + r.status() + " " + clip(r.body()));
      return out;
    }
    for (JsonNode n : r.json().path("data")) out.add(labelKey(n));
    return out;
  }

  /** {@code s} cut to 1,500 characters for a failure message, saying how long it was. */
  public static String clip(String s) {
    return s.length() > 1500 ? s.substring(0, 1500) + "...(" + s.length() + " chars)" : s;
  }
}
