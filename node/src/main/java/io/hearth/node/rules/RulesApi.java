package io.hearth.node.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.node.api.QueryApi;
import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus's JSON (field names and order of
 * its API structs), with the filters {@code type=alert|record}, {@code rule_name[]},
 * {@code rule_group[]}, {@code file[]} and {@code exclude_alerts}. In a cluster the groups other
 * nodes evaluate come from them ({@link #localGroups()} is the answer each node gives); a group
 * whose owner did not answer is listed from this node's configuration with health
 * {@code unknown} and no alerts. Thread-safe.
 */
public final class RulesApi {
  private static final ObjectMapper TREES = new ObjectMapper();
  private final RuleManager rules;
  private final Supplier<List<byte[]>> others;

  /**
   * @param others the {@link #localGroups()} answers of the other nodes (empty on a single node)
   */
  public RulesApi(RuleManager rules, Supplier<List<byte[]>> others) {
    this.rules = rules;
    this.others = others;
  }

  /** The groups this node evaluates as a JSON array of Prometheus's group objects (unfiltered). */
  public byte[] localGroups() {
    ArrayNode arr = TREES.createArrayNode();
    for (RuleGroup g : rules.groups()) arr.add(group(g));
    try {
      return TREES.writeValueAsBytes(arr);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every group of the configuration, from whichever node evaluates it, in configuration order. */
  private List<ObjectNode> allGroups() {
    Map<String, ObjectNode> byKey = new LinkedHashMap<>();
    for (RuleGroup g : rules.groups()) byKey.put(g.spec.key(), group(g));
    for (byte[] b : others.get()) {
      try {
        for (JsonNode n : TREES.readTree(b)) {
          byKey.putIfAbsent(n.get("file").asText() + ";" + n.get("name").asText(), (ObjectNode) n);
        }
      } catch (IOException e) {
        throw new IllegalStateException("a node answered the rule groups with malformed JSON: " + e.getMessage(), e);
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    for (GroupSpec s : rules.allGroups()) {
      ObjectNode n = byKey.get(s.key());
      out.add(n != null ? n : unevaluated(s));
    }
    return out;
  }

  public ApiResponse rules(ApiRequest r) {
    String type = r.param("type") == null ? "" : r.param("type").toLowerCase(java.util.Locale.ROOT);
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.badData("invalid parameter \"type\": not supported value " + GoQuote.quote(type));
    }
    boolean excludeAlerts = bool(r, "exclude_alerts");
    Set<String> names = set(r, "rule_name[]");
    Set<String> groupNames = set(r, "rule_group[]");
    Set<String> files = set(r, "file[]");
    boolean filtered = !names.isEmpty() || !type.isEmpty();
    ArrayNode groups = TREES.createArrayNode();
    for (ObjectNode g : allGroups()) {
      if (!groupNames.isEmpty() && !groupNames.contains(g.get("name").asText())) continue;
      if (!files.isEmpty() && !files.contains(g.get("file").asText())) continue;
      ArrayNode kept = TREES.createArrayNode();
      for (JsonNode rule : g.get("rules")) {
        boolean alerting = rule.get("type").asText().equals("alerting");
        if (type.equals("alert") && !alerting || type.equals("record") && alerting) continue;
        if (!names.isEmpty() && !names.contains(rule.get("name").asText())) continue;
        ObjectNode copy = ((ObjectNode) rule).deepCopy();
        if (excludeAlerts && alerting) copy.remove("alerts");
        kept.add(copy);
      }
      if (filtered && kept.isEmpty()) continue;
      ObjectNode out = g.deepCopy();
      out.set("rules", kept);
      groups.add(out);
    }
    ObjectNode data = TREES.createObjectNode();
    data.set("groups", groups);
    return success(data);
  }

  public ApiResponse alerts(ApiRequest r) {
    ArrayNode alerts = TREES.createArrayNode();
    for (ObjectNode g : allGroups()) {
      for (JsonNode rule : g.get("rules")) {
        if (rule.has("alerts")) for (JsonNode a : rule.get("alerts")) alerts.add(a);
      }
    }
    ObjectNode data = TREES.createObjectNode();
    data.set("alerts", alerts);
    return success(data);
  }

  private static boolean bool(ApiRequest r, String name) {
    String v = r.param(name);
    if (v == null || v.isEmpty()) return false;
    switch (v) {
      case "1", "t", "T", "true", "TRUE", "True": return true;
      case "0", "f", "F", "false", "FALSE", "False": return false;
      default:
        throw ApiException.badData("invalid parameter \"" + name + "\": strconv.ParseBool: parsing "
            + GoQuote.quote(v) + ": invalid syntax");
    }
  }

  private static Set<String> set(ApiRequest r, String name) {
    List<String> v = r.params(name);
    return v == null ? Set.of() : new HashSet<>(v);
  }

  private static ApiResponse success(ObjectNode data) {
    return QueryApi.success(g -> TREES.writeTree(g, data));
  }


  private static ObjectNode group(RuleGroup g) {
    ObjectNode n = TREES.createObjectNode();
    n.put("name", g.spec.name());
    n.put("file", g.spec.file());
    ArrayNode rs = n.putArray("rules");
    for (Rule r : g.rules) rs.add(rule(r));
    n.set("interval", goFloat(g.intervalNs / 1e9));
    n.put("limit", g.spec.limit());
    n.set("evaluationTime", goFloat(g.lastDurationSeconds));
    n.put("lastEvaluation", time(g.lastEvaluationNs));
    return n;
  }

  private static ObjectNode unevaluated(GroupSpec s) {
    ObjectNode n = TREES.createObjectNode();
    n.put("name", s.name());
    n.put("file", s.file());
    ArrayNode rs = n.putArray("rules");
    for (RuleSpec spec : s.rules()) {
      Rule r = spec.isAlert() ? new AlertingRule(spec, false) : new RecordingRule(spec);
      rs.add(rule(r));
    }
    n.set("interval", goFloat(s.interval() == null ? 0 : s.interval().toNanos() / 1e9));
    n.put("limit", s.limit());
    n.set("evaluationTime", goFloat(0));
    n.put("lastEvaluation", time(0));
    return n;
  }

  private static ObjectNode rule(Rule r) {
    ObjectNode n = TREES.createObjectNode();
    if (r instanceof AlertingRule a) {
      n.put("state", a.state().text);
      n.put("name", r.name());
      n.put("query", r.query);
      n.set("duration", goFloat(a.holdNs() / 1e9));
      n.set("keepFiringFor", goFloat(a.keepFiringForNs() / 1e9));
      n.set("labels", labels(r.labels));
      n.set("annotations", labels(Labels.fromMap(r.spec.annotations())));
      ArrayNode alerts = n.putArray("alerts");
      for (ActiveAlert.View v : a.activeAlerts()) alerts.add(alert(v));
    } else {
      n.put("name", r.name());
      n.put("query", r.query);
      if (!r.labels.isEmpty()) n.set("labels", labels(r.labels));
    }
    n.put("health", r.health.text);
    if (!r.lastError.isEmpty()) n.put("lastError", r.lastError);
    n.set("evaluationTime", goFloat(r.evaluationSeconds));
    n.put("lastEvaluation", time(r.lastEvaluationNs));
    n.put("type", r instanceof AlertingRule ? "alerting" : "recording");
    return n;
  }

  private static ObjectNode alert(ActiveAlert.View a) {
    ObjectNode n = TREES.createObjectNode();
    n.set("labels", labels(a.labels()));
    n.set("annotations", labels(a.annotations()));
    n.put("state", a.state().text);
    n.put("activeAt", time(a.activeAtNs()));
    if (a.keepFiringSinceNs() != 0) n.put("keepFiringSince", time(a.keepFiringSinceNs()));
    n.put("value", formatE(a.value()));
    return n;
  }

  private static ObjectNode labels(Labels l) {
    ObjectNode n = TREES.createObjectNode();
    l.forEach(n::put);
    return n;
  }

  /** Go's RFC 3339 with nanoseconds, trailing zeros trimmed; the zero time for 0. */
  static String time(long ns) {
    if (ns == 0) return "0001-01-01T00:00:00Z";
    long nanos = Math.floorMod(ns, 1_000_000_000L);
    Instant t = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L));
    String base = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.atOffset(java.time.ZoneOffset.UTC));
    if (nanos == 0) return base + "Z";
    String frac = String.format("%09d", nanos).replaceAll("0+$", "");
    return base + "." + frac + "Z";
  }

  /** A float64 as Go's encoding/json writes it. */
  static JsonNode goFloat(double v) {
    double a = Math.abs(v);
    String s;
    if (a == 0) {
      s = "0";
    } else if (a >= 1e-6 && a < 1e21) {
      s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    } else {
      s = io.hearth.scrape.gofmt.GoFloat.formatG(v).replace("e-0", "e-").replace("e+0", "e+");
    }
    return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new BigDecimal(s));
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits, exponent of two or more digits. */
  static String formatE(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == 0) return (1 / v < 0) ? "-0e+00" : "0e+00";
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder sb = new StringBuilder();
    if (v < 0) sb.append('-');
    sb.append(digits.charAt(0));
    if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
    sb.append('e').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) sb.append('0');
    return sb.append(Math.abs(exp)).toString();
  }
}
