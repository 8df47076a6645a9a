package io.hearth.bench.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code OUT/<system>/} (load.json, steps.jsonl, check.json, phases.properties, metrics-before-stop.txt) for
 * each system and writes OUT/summary.json and OUT/summary.txt (one table, a ratio column when both ran).
 */
final class Summary {
  /** Figures of one system, by key; null when not measured. */
  static Map<String, Object> figures(Path dir, String system) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> f = new LinkedHashMap<>();
    JsonNode load = json.readTree(dir.resolve("load.json").toFile());
    JsonNode wl = load.get("workload");
    List<JsonNode> steps = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("steps.jsonl"))) if (!line.isBlank()) steps.add(json.readTree(line));
    String p = system.equals("prometheus") ? "prometheus_tsdb_" : "hearth_";
    String head = p + "head_series";
    double hours = wl.get("rounds").asLong() * wl.get("step_ms").asLong() / 3.6e6;
    int active = wl.get("series_per_generation").asInt();
    f.put("simulated_hours", hours);
    f.put("active_series", active);
    f.put("series_ever", wl.get("series_ever").asLong());
    f.put("complete", load.get("complete").asBoolean());
    f.put("samples_sent", load.get("samples_sent").asLong());
    f.put("samples_acked", load.get("samples_acked").asLong());
    f.put("non2xx_responses", load.get("non2xx_responses").asLong());
    f.put("failed_requests", load.get("failed_requests").asLong());
    f.put("load_seconds", load.get("load_seconds").asDouble());
    f.put("ingest_samples_per_s", load.get("ingest_samples_per_s").asDouble());
    f.put("cpu_s_per_million_samples", num(load.get("server_cpu_seconds_per_million_samples")));
    JsonNode last = steps.get(steps.size() - 1);
    double maxHead = 0;
    for (JsonNode s : steps) maxHead = Math.max(maxHead, s.path(head).asDouble(0));
    f.put("head_series_end_of_load", num(last.get(head)));
    JsonNode settled = load.get("settled");
    Double headSettled = settled == null ? null : num(settled.get(head));
    f.put("head_series_settled", headSettled);
    f.put("head_series_max", maxHead);
    Double headFinal = headSettled != null ? headSettled : num(last.get(head));
    f.put("head_series_ratio_to_active", headFinal == null ? null : headFinal / active);
    f.put("series_created", num((settled != null ? settled : last).get(p + "head_series_created_total")));
    f.put("series_removed", num((settled != null ? settled : last).get(p + "head_series_removed_total")));
    f.put("rss_mib_end_of_load", num(last.get("rss_mib")));
    f.put("rss_mib_settled", settled == null ? null : num(settled.get("rss_mib")));
    f.put("rss_peak_mib", num((settled != null ? settled : last).get("hwm_mib")));
    f.put("rss_slope_mib_per_sim_hour_day1", slope(steps, 0, hours / 2));
    f.put("rss_slope_mib_per_sim_hour_day2", slope(steps, hours / 2, hours));
    Path check = dir.resolve("check.json");
    if (Files.exists(check)) {
      JsonNode c = json.readTree(check.toFile());
      int inOk = 0, inAll = 0, pastOk = 0, pastAll = 0;
      for (JsonNode k : c.get("checks")) {
        boolean inside = k.get("retention").asText().equals("inside");
        boolean ok = k.path("pass").asBoolean(false);
        if (inside) {
          inAll++;
          if (ok) inOk++;
        } else {
          pastAll++;
          if (ok) pastOk++;
        }
      }
      f.put("checks_inside_retention", inOk + "/" + inAll + " pass");
      f.put("checks_past_retention", pastOk + "/" + pastAll + " empty");
      f.put("pod_label_values", c.get("pod_label_values").isNumber() ? c.get("pod_label_values").asLong() : null);
    }
    Properties ph = new Properties();
    Path phases = dir.resolve("phases.properties");
    if (Files.exists(phases)) {
      try (Reader r = Files.newBufferedReader(phases)) {
        ph.load(r);
      }
    }
    f.put("version", ph.getProperty("version"));
    f.put("system_run_seconds", dbl(ph, "system_run_seconds"));
    f.put("server_died", ph.getProperty("server_died"));
    f.put("start_ready_seconds", dbl(ph, "start_ready_seconds"));
    f.put("stop_seconds", dbl(ph, "stop_seconds"));
    f.put("stop_graceful", ph.getProperty("stop_graceful"));
    Double du = dbl(ph, "data_dir_bytes");
    f.put("data_dir_mib_after_stop", du == null ? null : du / 1048576.0);
    Double wal = dbl(ph, "data_wal_bytes");
    Double store = dbl(ph, "data_store_bytes");
    f.put("data_wal_mib", wal == null ? null : wal / 1048576.0);
    f.put("data_store_mib", store == null ? null : store / 1048576.0);
    f.put("restart_recovery_log", ph.getProperty("restart_recovery_log"));
    f.put("restart_ready_seconds", dbl(ph, "restart_ready_seconds"));
    f.put("restart_query_seconds", dbl(ph, "restart_query_seconds"));
    f.put("restart_head_series", dbl(ph, "restart_head_series"));
    f.put("restart_rss_mib", dbl(ph, "restart_rss_mib"));
    Path before = dir.resolve("metrics-before-stop.txt");
    if (system.equals("hearth") && Files.exists(before)) {
      List<String> names = List.of("hearth_checkpoints_total", "hearth_ingest_log_bytes_written_total", "hearth_segment_bytes",
          "hearth_segments", "hearth_ignite_offheap_used_bytes");
      Map<String, Double> m = Probe.sums(Files.readString(before), names);
      for (String n : names) f.put(n, Double.isNaN(m.get(n)) ? null : m.get(n));
    }
    return f;
  }

  private static Double num(JsonNode n) {
    return n == null || n.isNull() || !n.isNumber() ? null : n.asDouble();
  }

  private static Double dbl(Properties p, String k) {
    String v = p.getProperty(k);
    if (v == null || v.isBlank()) return null;
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Least-squares slope of RSS (MiB) over simulated hours, for load steps with {@code from <= hours <= to}. */
  static Double slope(List<JsonNode> steps, double from, double to) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    double lastX = -1;
    for (JsonNode s : steps) {
      double x = s.path("sim_hours").asDouble();
      JsonNode y = s.get("rss_mib");
      if (x < from || x > to || y == null || !y.isNumber() || x == lastX) continue; // the end-of-load row repeats the last step
      lastX = x;
      n++;
      sx += x;
      sy += y.asDouble();
      sxx += x * x;
      sxy += x * y.asDouble();
    }
    if (n < 3) return null;
    double d = n * sxx - sx * sx;
    return d == 0 ? null : (n * sxy - sx * sy) / d;
  }

  private record Row(String label, String key, String fmt, boolean ratio) {}

  private static final List<Row> ROWS = List.of(
      new Row("simulated hours", "simulated_hours", "%.0f", false),
      new Row("active series / series ever", "active_series", "%,.0f", false),
      new Row("samples acked / sent", "samples_acked", "%,.0f", false),
      new Row("non-2xx responses (failed requests)", "non2xx_responses", "%,.0f", false),
      new Row("whole run of this system, s", "system_run_seconds", "%,.0f", true),
      new Row("server died during the load", "server_died", "%s", false),
      new Row("load wall time, s", "load_seconds", "%,.0f", true),
      new Row("ingest, samples/s", "ingest_samples_per_s", "%,.0f", true),
      new Row("server CPU-s per million samples", "cpu_s_per_million_samples", "%.2f", true),
      new Row("head series, end of load", "head_series_end_of_load", "%,.0f", true),
      new Row("head series, after settle", "head_series_settled", "%,.0f", true),
      new Row("head series / active (a)", "head_series_ratio_to_active", "%.2f", true),
      new Row("head series, max during load", "head_series_max", "%,.0f", true),
      new Row("series created / removed", "series_created", "%,.0f", false),
      new Row("RSS end of load, MiB", "rss_mib_end_of_load", "%,.0f", true),
      new Row("RSS after settle, MiB", "rss_mib_settled", "%,.0f", true),
      new Row("peak RSS (VmHWM), MiB", "rss_peak_mib", "%,.0f", true),
      new Row("RSS slope, 1st half, MiB per sim. hour", "rss_slope_mib_per_sim_hour_day1", "%.2f", false),
      new Row("RSS slope, 2nd half (day 2 at 48 h) (b), MiB per sim. hour", "rss_slope_mib_per_sim_hour_day2", "%.2f", false),
      new Row("checks inside retention (c)", "checks_inside_retention", "%s", false),
      new Row("generations past retention (c)", "checks_past_retention", "%s", false),
      new Row("pod label values known", "pod_label_values", "%,.0f", true),
      new Row("data dir after SIGTERM, MiB (d)", "data_dir_mib_after_stop", "%,.1f", true),
      new Row("... of which WAL (Prometheus: wal + chunks_head; Hearth: ignite/wal), MiB", "data_wal_mib", "%,.1f", true),
      new Row("... of which blocks (Prometheus) / Ignite page files (Hearth), MiB", "data_store_mib", "%,.1f", true),
      new Row("SIGTERM to exit, s", "stop_seconds", "%.1f", true),
      new Row("first start, empty data dir, to /-/ready 200, s", "start_ready_seconds", "%.1f", true),
      new Row("restart: start to /-/ready 200, s (d)", "restart_ready_seconds", "%.1f", true),
      new Row("restart: start to first query answer, s (d)", "restart_query_seconds", "%.1f", true),
      new Row("head series after restart", "restart_head_series", "%,.0f", true),
      new Row("RSS after restart, MiB", "restart_rss_mib", "%,.0f", true),
      new Row("hearth_checkpoints_total before stop", "hearth_checkpoints_total", "%,.0f", false),
      new Row("hearth_ingest_log_bytes_written_total, MiB", "hearth_ingest_log_bytes_written_total", "mib", false),
      new Row("hearth_segment_bytes before stop, MiB", "hearth_segment_bytes", "mib", false),
      new Row("hearth_ignite_offheap_used_bytes before stop, MiB", "hearth_ignite_offheap_used_bytes", "mib", false));

  static void write(Path out, List<String> systems) throws IOException {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (String s : systems) {
      Path d = out.resolve(s);
      if (Files.exists(d.resolve("load.json"))) all.put(s, figures(d, s));
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), all);
    String txt = table(all);
    Files.writeString(out.resolve("summary.txt"), txt);
    System.out.print(txt);
  }

  static String table(Map<String, Map<String, Object>> all) {
    List<String> sys = new ArrayList<>(all.keySet());
    boolean ratio = sys.contains("prometheus") && sys.contains("hearth");
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("figure"));
    for (String s : sys) header.add(s.equals("prometheus") ? "Prometheus" + version(all.get(s)) : "Hearth" + version(all.get(s)));
    if (ratio) header.add("Hearth/Prom");
    rows.add(header.toArray(new String[0]));
    for (Row r : ROWS) {
      if (sys.stream().allMatch(s -> all.get(s).get(r.key) == null)) continue;
      List<String> cells = new ArrayList<>(List.of(r.label));
      for (String s : sys) cells.add(cell(all.get(s), r));
      if (ratio) {
        Object p = all.get("prometheus").get(r.key);
        Object h = all.get("hearth").get(r.key);
        cells.add(r.ratio && p instanceof Number && h instanceof Number && ((Number) p).doubleValue() != 0
            ? String.format("%.2fx", ((Number) h).doubleValue() / ((Number) p).doubleValue()) : "");
      }
      rows.add(cells.toArray(new String[0]));
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder b = new StringBuilder();
    for (int j = 0; j < rows.size(); j++) {
      String[] r = rows.get(j);
      b.append("| ");
      for (int i = 0; i < r.length; i++) {
        String pad = " ".repeat(width[i] - r[i].length());
        b.append(i == 0 ? r[i] + pad : pad + r[i]).append(" | ");
      }
      b.setLength(b.length() - 1);
      b.append('\n');
      if (j == 0) {
        b.append('|');
        for (int i = 0; i < width.length; i++) b.append(i == 0 ? "-".repeat(width[i] + 2) : "-".repeat(width[i] + 1) + ":").append('|');
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String version(Map<String, Object> f) {
    Object v = f.get("version");
    return v == null || v.toString().isBlank() ? "" : " " + v;
  }

  private static String cell(Map<String, Object> f, Row r) {
    Object v = f.get(r.key);
    if (v == null) return "-";
    String s;
    if (r.fmt.equals("mib")) s = String.format("%,.1f", ((Number) v).doubleValue() / 1048576.0);
    else if (v instanceof Number) s = String.format(r.fmt, ((Number) v).doubleValue());
    else s = v.toString();
    switch (r.key) {
      case "active_series": return s + " / " + String.format("%,d", ((Number) f.get("series_ever")).longValue());
      case "samples_acked": return s + " / " + String.format("%,d", ((Number) f.get("samples_sent")).longValue());
      case "non2xx_responses": return s + " (" + f.get("failed_requests") + ")";
      case "series_created": {
        Object rm = f.get("series_removed");
        return s + " / " + (rm == null ? "-" : String.format("%,.0f", ((Number) rm).doubleValue()));
      }
      default: return s;
    }
  }
}
