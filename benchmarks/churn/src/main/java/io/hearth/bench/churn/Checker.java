package io.hearth.bench.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Correctness after the load, from what load.json says was sent and acknowledged:
 *
 * <ul>
 *   <li>generations well inside retention: {@code count}, {@code sum}, {@code min} and {@code max} of {@code
 *       count_over_time({job="churn",pod=~"app-<g>-.*"}[<churn period>])} at the generation's last timestamp must
 *       give the generation's series, its acknowledged samples and the samples per series; {@code /api/v1/series}
 *       over the generation's span must list its series;
 *   <li>generations well past retention (older than end - retention - 8 h, so block granularity does not matter):
 *       {@code /api/v1/series} over the whole run and the instant {@code count} must return nothing.
 * </ul>
 */
final class Checker {
  private final Workload w;
  private final JsonNode load;
  private final String base;
  private final double retentionHours;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  Checker(JsonNode load, String base, double retentionHours) {
    this.load = load;
    this.w = Workload.fromDescription(json.convertValue(load.get("workload"), Map.class));
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.retentionHours = retentionHours;
  }

  /** Generations checked as inside retention: the oldest starting 1 h inside it, the newest, one between. */
  static List<Integer> insideGenerations(Workload w, double retentionHours) {
    double hours = w.rounds * w.stepMs / 3.6e6;
    double genHours = w.roundsPerGen * w.stepMs / 3.6e6;
    int g0 = (int) Math.ceil((hours - retentionHours + 1) / genHours);
    int last = w.generations() - 1;
    if (w.roundsIn(last) < w.roundsPerGen) last--;
    TreeSet<Integer> gs = new TreeSet<>();
    if (g0 < 0) g0 = 0;
    if (g0 <= last) {
      gs.add(g0);
      gs.add((g0 + last) / 2);
      gs.add(last);
    }
    return new ArrayList<>(gs);
  }

  /** Generations checked as past retention: ending more than retention + 8 h before the end of the data. */
  static List<Integer> pastGenerations(Workload w, double retentionHours) {
    double hours = w.rounds * w.stepMs / 3.6e6;
    double genHours = w.roundsPerGen * w.stepMs / 3.6e6;
    int max = (int) Math.floor((hours - retentionHours - 8) / genHours) - 1;
    TreeSet<Integer> gs = new TreeSet<>();
    if (max >= 0) {
      gs.add(0);
      gs.add(max / 2);
      gs.add(max);
    }
    return new ArrayList<>(gs);
  }

  Map<String, Object> run() throws Exception {
    List<Map<String, Object>> checks = new ArrayList<>();
    long[] sent = longs(load.get("sent_per_generation"));
    long[] acked = longs(load.get("acked_per_generation"));
    String window = (w.roundsPerGen * w.stepMs / 1000) + "s";
    for (int g : insideGenerations(w, retentionHours)) {
      boolean whole = acked[g] == sent[g];
      long t = w.ts(g * w.roundsPerGen + w.roundsIn(g) - 1);
      checks.add(check(g, "inside", "series in generation", "count", window, t, Long::sum, whole ? (long) w.seriesPerGen() : null));
      checks.add(check(g, "inside", "samples in generation", "sum", window, t, Long::sum, acked[g]));
      checks.add(check(g, "inside", "min samples per series", "min", window, t, Math::min, whole ? (long) w.roundsIn(g) : null));
      checks.add(check(g, "inside", "max samples per series", "max", window, t, Math::max, whole ? (long) w.roundsIn(g) : null));
      checks.add(seriesCheck(g, "inside", w.ts(g * w.roundsPerGen), t, whole ? (long) w.seriesPerGen() : null));
    }
    for (int g : pastGenerations(w, retentionHours)) {
      long t = w.ts(g * w.roundsPerGen + w.roundsIn(g) - 1);
      checks.add(check(g, "past", "series in generation", "count", window, t, Long::sum, 0L));
      checks.add(seriesCheck(g, "past", w.startMs - 3_600_000, w.endMs() + 3_600_000, 0L));
    }
    int passed = 0;
    int failed = 0;
    for (Map<String, Object> c : checks) {
      Object p = c.get("pass");
      if (Boolean.TRUE.equals(p)) passed++;
      else if (Boolean.FALSE.equals(p)) failed++;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("retention_hours", retentionHours);
    r.put("inside_generations", insideGenerations(w, retentionHours));
    r.put("past_generations", pastGenerations(w, retentionHours));
    r.put("passed", passed);
    r.put("failed", failed);
    r.put("checks", checks);
    r.put("pod_label_values", podValues());
    return r;
  }

  static String selector(int g) {
    return "{job=\"churn\",pod=~\"app-" + g + "-.*\"}";
  }

  /**
   * {@code agg(count_over_time(<name>{job="churn",pod=~"app-<g>-.*"}[window]))} at {@code t} for each metric name,
   * combined over the names (one query per name: without the name, the pods' series of different names would have
   * the same labels, which PromQL rejects). An empty answer counts as 0 and is left out of min and max.
   */
  private Map<String, Object> check(int g, String where, String what, String agg, String window, long t,
      java.util.function.LongBinaryOperator combine, Long expected) {
    String query = agg + "(count_over_time(<name>" + selector(g) + "[" + window + "]))";
    Map<String, Object> c = head(g, where, what, query, expected);
    c.put("time", t / 1000.0);
    try {
      Long got = null;
      for (String name : Workload.NAMES) {
        JsonNode r = get("/api/v1/query?query=" + enc(query.replace("<name>", name)) + "&time=" + secs(t));
        JsonNode res = r.path("data").path("result");
        if (res.size() == 0) continue;
        long v = Math.round(Double.parseDouble(res.get(0).path("value").get(1).asText()));
        got = got == null ? v : combine.applyAsLong(got, v);
      }
      return verdict(c, got == null ? 0 : got);
    } catch (Exception e) {
      c.put("error", e.toString());
      c.put("pass", false);
      return c;
    }
  }

  private Map<String, Object> seriesCheck(int g, String where, long from, long to, Long expected) {
    String sel = selector(g);
    Map<String, Object> c = head(g, where, "series API", "series?match[]=" + sel, expected);
    c.put("start", from / 1000.0);
    c.put("end", to / 1000.0);
    try {
      JsonNode r = get("/api/v1/series?match%5B%5D=" + enc(sel) + "&start=" + secs(from) + "&end=" + secs(to));
      return verdict(c, r.path("data").size());
    } catch (Exception e) {
      c.put("error", e.toString());
      c.put("pass", false);
      return c;
    }
  }

  private static Map<String, Object> head(int g, String where, String what, String query, Long expected) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("generation", g);
    c.put("retention", where);
    c.put("what", what);
    c.put("query", query);
    c.put("expected", expected);
    return c;
  }

  private static Map<String, Object> verdict(Map<String, Object> c, long got) {
    c.put("got", got);
    Object e = c.get("expected");
    c.put("pass", e == null ? null : ((Long) e) == got);
    return c;
  }

  /** How many values of the {@code pod} label the server still knows (all time): informational. */
  private Object podValues() {
    try {
      return get("/api/v1/label/pod/values").path("data").size();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(120)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      String b = r.body();
      throw new IOException("HTTP " + r.statusCode() + ": " + (b.length() > 300 ? b.substring(0, 300) : b));
    }
    return json.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String secs(long ms) {
    return String.format("%d.%03d", Math.floorDiv(ms, 1000), Math.floorMod(ms, 1000));
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
    return out;
  }

  static void write(Map<String, Object> r, Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r);
  }
}
