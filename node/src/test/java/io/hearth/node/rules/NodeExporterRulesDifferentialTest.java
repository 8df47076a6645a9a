package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.KubePrometheusRules;
import io.hearth.node.it.NodeExporterFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.PrometheusFixture;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus 2.42 and a Hearth node scrape the same real node exporter every second and
 * evaluate kube-prometheus's node-exporter rule file (the recording group {@code node-exporter.rules}
 * and the alert group {@code node-exporter}) every 2 s. Both hash the same file path and group
 * name, so both evaluate at the same slots. After a dozen evaluations: the recorded series (names
 * and labels) are the same; every sample of one is at a timestamp the other also recorded; where
 * the inputs do not change between scrapes (CPU count, memory size) the values are equal, and the
 * others (rates of counters the two scrape at different instants) are reported, not compared; the
 * alerts ({@code /api/v1/alerts}: labels and states) are the same at one of a few looks.
 */
class NodeExporterRulesDifferentialTest {
  private static final String RULE_FILE = "nodeExporter-prometheusRule.yaml";
  @TempDir Path tmp;

  private static TreeSet<String> alerts(PromApiClient api) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode a : api.get("/api/v1/alerts", List.of()).json().path("data").path("alerts")) {
      out.add(a.path("labels").toString() + " " + a.path("state").asText());
    }
    return out;
  }

  @Test
  @Timeout(240)
  void nodeExporterRulesRecordTheSameSeriesAndAlertsAsPrometheus242() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PrometheusFixture.BINARY)), "prometheus not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of(NodeExporterFixture.BINARY)), "prometheus-node-exporter not installed");
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    KubePrometheusRules.writeRuleFiles(rules);
    Path file = rules.resolve(RULE_FILE);
    List<String> records = new ArrayList<>();
    for (JsonNode g : new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("groups")) {
      for (JsonNode r : g.path("rules")) if (r.has("record")) records.add(r.path("record").asText());
    }
    assertTrue(records.size() >= 5, "recording rules in " + RULE_FILE + ": " + records);
    String selector = "{__name__=~\"" + String.join("|", records) + "\"}";
    try (NodeExporterFixture exporter = NodeExporterFixture.start(tmp.resolve("exporter"))) {
      String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 2s\n"
          + "rule_files: ['" + file.toAbsolutePath() + "']\nscrape_configs:\n- job_name: node-exporter\n  static_configs:\n"
          + "  - targets: ['127.0.0.1:" + exporter.port() + "']\n";
      try (PrometheusFixture prom = PrometheusFixture.start(tmp.resolve("prom"), PrometheusFixture.reservePort(), config);
          HearthFixture hearth = HearthFixture.start(tmp.resolve("hearth"), "n1", LoopbackPorts.freePair(), List.of(), 1, config)) {
        long deadline = System.currentTimeMillis() + 90_000;
        while (RuleDifferentials.iterations(hearth, "node-exporter.rules") < 12) {
          if (System.currentTimeMillis() > deadline) throw new AssertionError("node-exporter.rules not evaluated 12 times in 90 s");
          Thread.sleep(500);
        }
        // both have written the slot before this instant; compare the last 20 s
        long at = System.currentTimeMillis() - 2500;
        Map<String, TreeMap<Long, String>> want = RuleDifferentials.samples(prom.api(), selector + "[20s]", at);
        Map<String, TreeMap<Long, String>> got = RuleDifferentials.samples(hearth.api(), selector + "[20s]", at);
        assertTrue(want.size() >= 3, "Prometheus recorded series: " + want.keySet());
        assertEquals(want.keySet(), got.keySet(), "recorded series (names and labels)");

        int compared = 0;
        int staticSeries = 0;
        int equalValues = 0;
        double worstRelative = 0;
        String worstSeries = "";
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, String>> e : want.entrySet()) {
          TreeMap<Long, String> w = e.getValue();
          TreeMap<Long, String> g = got.get(e.getKey());
          // From the later of the two first evaluations on (one system may have scraped and started
          // later on a busy machine); the first common slot may be outside one answer's range by a ms.
          long from = Math.max(w.firstKey(), g.firstKey());
          TreeSet<Long> wt = new TreeSet<>(w.tailMap(from).keySet());
          TreeSet<Long> gt = new TreeSet<>(g.tailMap(from).keySet());
          wt.remove(wt.first());
          gt.remove(gt.first());
          if (wt.size() < 4 || gt.size() < 4) {
            problems.add(e.getKey() + ": fewer than 4 common evaluation slots: " + w.keySet() + " vs " + g.keySet());
            continue;
          } else if (!w.keySet().containsAll(gt) || !g.keySet().containsAll(wt)) {
            problems.add(e.getKey() + ": evaluation timestamps differ: " + w.keySet() + " vs " + g.keySet());
            continue;
          }
          boolean isStatic = new TreeSet<>(w.values()).size() == 1;
          if (isStatic) staticSeries++;
          for (Map.Entry<Long, String> s : w.entrySet()) {
            String h = g.get(s.getKey());
            if (h == null) continue;
            compared++;
            if (h.equals(s.getValue())) {
              equalValues++;
              continue;
            }
            if (isStatic) problems.add(e.getKey() + " at " + s.getKey() + ": " + s.getValue() + " vs " + h);
            double a = Double.parseDouble(s.getValue());
            double b = Double.parseDouble(h);
            double rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
            if (rel > worstRelative) {
              worstRelative = rel;
              worstSeries = e.getKey();
            }
          }
        }
        System.out.printf("node-exporter rules: %d series, %d samples at matching timestamps, %d equal; %d series with"
            + " unchanging inputs, all equal; largest relative difference elsewhere %.3g (%s)%n",
            want.size(), compared, equalValues, staticSeries, worstRelative, worstSeries);
        assertEquals(List.of(), problems);
        assertTrue(staticSeries >= 1, "a series with unchanging inputs (e.g. instance:node_num_cpu:sum) compared exactly");
        assertTrue(compared >= 5 * want.size(), "several evaluations compared per series: " + compared);

        // an input near a threshold (the load of this busy machine) may cross it between the two
        // systems' scrapes: the states must agree at one of a few looks 1 s apart
        TreeSet<String> promAlerts = alerts(prom.api());
        TreeSet<String> hearthAlerts = alerts(hearth.api());
        for (int look = 0; look < 5 && !promAlerts.equals(hearthAlerts); look++) {
          Thread.sleep(1000);
          promAlerts = alerts(prom.api());
          hearthAlerts = alerts(hearth.api());
        }
        System.out.println("node-exporter alerts: Prometheus " + promAlerts + ", Hearth " + hearthAlerts);
        assertEquals(promAlerts, hearthAlerts, "alerts (labels and state)");
      }
    }
  }
}
