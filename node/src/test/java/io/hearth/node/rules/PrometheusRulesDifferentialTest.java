package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.KubePrometheusRules;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.PrometheusFixture;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus 2.42 and a Hearth node scrape the same real Prometheus (a third Debian
 * {@code prometheus} process, the "target") every second and evaluate kube-prometheus's
 * Prometheus rule file (the alert group {@code prometheus}, 23 alerting rules, no recording rules)
 * every 2 s. The rules select {@code job="prometheus-k8s",namespace="monitoring"}; the scrape
 * configuration, the same text for both, gives the target those labels (and a {@code pod}, which
 * the annotations print) by relabelling.
 *
 * <p>Two rules are made active on purpose, cheaply, so that the comparison covers pending alerts
 * with rendered annotations and not only inactive rules:
 * <ul>
 *   <li>{@code PrometheusBadConfig}: the target is given a broken configuration and told to reload
 *       before either system scrapes it, so {@code prometheus_config_last_reload_successful} is 0
 *       in every sample of the 5m window;
 *   <li>{@code PrometheusNotConnectedToAlertmanagers}: the target has no {@code alerting} section,
 *       so {@code prometheus_notifications_alertmanagers_discovered} is 0.
 * </ul>
 * Both have a {@code for} of 10m, so within the test they stay pending on both systems.
 *
 * <p>Compared: the {@code ALERTS} and {@code ALERTS_FOR_STATE} series written at the same
 * evaluation timestamps (labels and values; {@code ALERTS_FOR_STATE}'s value, the time the alert
 * became active, only on the slot grid, since each system first sees the target at its own first
 * scrape), {@code /api/v1/alerts} (labels, state, annotations, value) and, for every alerting rule
 * of the group, {@code /api/v1/rules} (name, printed query, duration, labels, annotations, health,
 * state, and its alerts), timings aside.
 */
class PrometheusRulesDifferentialTest {
  private static final String RULE_FILE = "prometheus-prometheusRule.yaml";
  private static final String GROUP = "prometheus";
  private static final long INTERVAL_MS = 2000;
  /** What the rules' selectors ask for, given to the target by relabelling (identical in both systems). */
  private static final Map<String, String> TARGET_LABELS =
      Map.of("job", "prometheus-k8s", "namespace", "monitoring", "pod", "prometheus-k8s-0");

  @TempDir Path tmp;

  /** {@code /api/v1/alerts} by labels, each alert without its {@code activeAt}, which goes (as epoch ms) into {@code activeAt}. */
  private static Map<String, String> activeAlerts(PromApiClient api, Map<String, Long> activeAt) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode a : api.get("/api/v1/alerts", List.of()).json().path("data").path("alerts")) {
      ObjectNode copy = ((ObjectNode) a).deepCopy();
      activeAt.put(a.path("labels").toString(), Instant.parse(copy.remove("activeAt").asText()).toEpochMilli());
      out.put(a.path("labels").toString(), copy.toString());
    }
    return out;
  }

  /** Every rule of {@code GROUP} in {@code /api/v1/rules}, by name, with the timings and activeAt removed. */
  private static Map<String, String> groupRules(PromApiClient api) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode g : api.get("/api/v1/rules", List.of()).json().path("data").path("groups")) {
      if (!g.path("name").asText().equals(GROUP)) continue;
      for (JsonNode r : g.path("rules")) {
        ObjectNode copy = ((ObjectNode) r).deepCopy();
        copy.remove(List.of("lastEvaluation", "evaluationTime"));
        for (JsonNode a : copy.path("alerts")) ((ObjectNode) a).remove("activeAt");
        out.put(r.path("name").asText(), copy.toString());
      }
    }
    return out;
  }

  /**
   * Compares two systems' samples of the same series at the evaluation timestamps both wrote (the
   * window's first may be cut by a millisecond in one answer); returns how many were compared. With
   * {@code activeSince} (ALERTS_FOR_STATE) the values need only be on the same slot grid: each
   * system saw the target's first samples at its own first scrape.
   */
  private static int compareAtSlots(Map<String, TreeMap<Long, String>> want, Map<String, TreeMap<Long, String>> got,
      boolean activeSince, List<String> problems) {
    int compared = 0;
    for (Map.Entry<String, TreeMap<Long, String>> e : want.entrySet()) {
      TreeMap<Long, String> w = e.getValue();
      TreeMap<Long, String> g = got.get(e.getKey());
      List<Long> common = new ArrayList<>(w.keySet());
      common.retainAll(g.keySet());
      if (common.size() < Math.max(w.size(), g.size()) - 1 || common.size() < 3) {
        problems.add(e.getKey() + ": evaluation timestamps differ: " + w.keySet() + " vs " + g.keySet());
        continue;
      }
      for (long t : common) {
        compared++;
        String a = w.get(t);
        String b = g.get(t);
        long diffMs = activeSince ? Math.round((Double.parseDouble(b) - Double.parseDouble(a)) * 1000) : 0;
        if (activeSince ? Math.floorMod(diffMs, INTERVAL_MS) != 0 : !a.equals(b)) {
          problems.add(e.getKey() + " at " + t + ": " + a + " vs " + b);
        }
      }
    }
    return compared;
  }

  @Test
  @Timeout(180)
  void prometheusRulesOnARealPrometheusGiveTheSameAlertStatesAsPrometheus242() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PrometheusFixture.BINARY)), "prometheus not installed");
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    KubePrometheusRules.writeRuleFiles(rules);
    Path file = rules.resolve(RULE_FILE);
    List<String> alertNames = new ArrayList<>();
    for (JsonNode g : new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("groups")) {
      if (!g.path("name").asText().equals(GROUP)) continue;
      for (JsonNode r : g.path("rules")) if (r.has("alert")) alertNames.add(r.path("alert").asText());
    }
    assertTrue(alertNames.size() >= 20 && alertNames.contains("PrometheusBadConfig")
        && alertNames.contains("PrometheusNotConnectedToAlertmanagers"), "alerting rules of " + GROUP + ": " + alertNames);

    // the target: no scrape jobs, no rules, no Alertmanagers; a quiet process whose /metrics is the input
    Path targetDir = tmp.resolve("target");
    try (PrometheusFixture target = PrometheusFixture.start(targetDir, PrometheusFixture.reservePort(), "global:\n  scrape_interval: 1m\n")) {
      // a failed reload (PrometheusBadConfig), before anything scrapes the target
      Files.writeString(targetDir.resolve("prometheus.yml"), "scrape_configs:\n- job_name: [broken\n", StandardCharsets.UTF_8);
      assertEquals(500, target.api().post("/-/reload").status(), "the broken configuration is refused");
      String metrics = target.api().text("/metrics");
      assertTrue(metrics.contains("\nprometheus_config_last_reload_successful 0\n"), "the target reports the failed reload");
      assertTrue(metrics.contains("\nprometheus_notifications_alertmanagers_discovered 0\n"), "the target has no Alertmanager");

      StringBuilder relabel = new StringBuilder();
      for (Map.Entry<String, String> l : new TreeMap<>(TARGET_LABELS).entrySet()) {
        relabel.append("  - target_label: ").append(l.getKey()).append("\n    replacement: ").append(l.getValue()).append('\n');
      }
      String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 2s\n"
          + "rule_files: ['" + file.toAbsolutePath() + "']\nscrape_configs:\n- job_name: prometheus\n  static_configs:\n"
          + "  - targets: ['127.0.0.1:" + target.port() + "']\n  relabel_configs:\n" + relabel;
      try (PrometheusFixture prom = PrometheusFixture.start(tmp.resolve("prom"), PrometheusFixture.reservePort(), config);
          HearthFixture hearth = HearthFixture.start(tmp.resolve("hearth"), "n1", LoopbackPorts.freePair(), List.of(), 1, config)) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (RuleDifferentials.iterations(hearth, GROUP) < 10) {
          if (System.currentTimeMillis() > deadline) throw new AssertionError(GROUP + " not evaluated 10 times in 60 s");
          Thread.sleep(500);
        }

        // ALERTS / ALERTS_FOR_STATE at the evaluation timestamps both wrote in the last 12 s
        long at = System.currentTimeMillis() - 2500;
        Map<String, TreeMap<Long, String>> wantAlerts = RuleDifferentials.samples(prom.api(), "ALERTS[12s]", at);
        Map<String, TreeMap<Long, String>> gotAlerts = RuleDifferentials.samples(hearth.api(), "ALERTS[12s]", at);
        Map<String, TreeMap<Long, String>> wantFor = RuleDifferentials.samples(prom.api(), "ALERTS_FOR_STATE[12s]", at);
        Map<String, TreeMap<Long, String>> gotFor = RuleDifferentials.samples(hearth.api(), "ALERTS_FOR_STATE[12s]", at);
        System.out.println("prometheus rules: ALERTS in Prometheus " + wantAlerts + "; in Hearth " + gotAlerts);
        System.out.println("prometheus rules: ALERTS_FOR_STATE in Prometheus " + wantFor + "; in Hearth " + gotFor);
        assertEquals(wantAlerts.keySet(), gotAlerts.keySet(), "ALERTS series (alert names, labels, alertstate)");
        assertEquals(2, wantAlerts.size(), "the two alerts made active on purpose: " + wantAlerts.keySet());
        for (String series : wantAlerts.keySet()) {
          assertTrue(series.contains("\"alertstate\":\"pending\""), series);
          assertTrue(series.contains("\"namespace\":\"monitoring\"") && series.contains("\"pod\":\"prometheus-k8s-0\""), series);
        }
        assertEquals(wantFor.keySet(), gotFor.keySet(), "ALERTS_FOR_STATE series");
        List<String> problems = new ArrayList<>();
        int compared = compareAtSlots(wantAlerts, gotAlerts, false, problems) + compareAtSlots(wantFor, gotFor, true, problems);
        assertEquals(List.of(), problems);
        assertTrue(compared >= 4 * 3, "several evaluations compared per series: " + compared);

        // the APIs: no rule changes state within the test (every `for` is 5m or more), so one look
        // suffices; a second look covers a scrape failing on a busy machine
        Map<String, Long> promActiveAt = new TreeMap<>();
        Map<String, Long> hearthActiveAt = new TreeMap<>();
        Map<String, String> promApiAlerts = activeAlerts(prom.api(), promActiveAt);
        Map<String, String> hearthApiAlerts = activeAlerts(hearth.api(), hearthActiveAt);
        Map<String, String> promRules = groupRules(prom.api());
        Map<String, String> hearthRules = groupRules(hearth.api());
        if (!promApiAlerts.equals(hearthApiAlerts) || !promRules.equals(hearthRules)) {
          Thread.sleep(INTERVAL_MS);
          promApiAlerts = activeAlerts(prom.api(), promActiveAt);
          hearthApiAlerts = activeAlerts(hearth.api(), hearthActiveAt);
          promRules = groupRules(prom.api());
          hearthRules = groupRules(hearth.api());
        }
        System.out.println("prometheus rules: /api/v1/alerts in Prometheus " + promApiAlerts.values());
        assertEquals(promApiAlerts, hearthApiAlerts, "/api/v1/alerts (labels, annotations, state, value)");
        assertEquals(2, promApiAlerts.size(), "two pending alerts: " + promApiAlerts.keySet());
        assertEquals(promActiveAt.keySet(), hearthActiveAt.keySet());
        for (Map.Entry<String, Long> e : promActiveAt.entrySet()) {
          long diff = hearthActiveAt.get(e.getKey()) - e.getValue();
          assertTrue(Math.floorMod(diff, INTERVAL_MS) == 0, "activeAt on the same slot grid: " + e.getKey() + " " + diff + " ms");
        }
        assertEquals(new java.util.TreeSet<>(alertNames), promRules.keySet(), "Prometheus lists every alerting rule of the group");
        for (String name : alertNames) {
          assertEquals(promRules.get(name), hearthRules.get(name), "/api/v1/rules: " + name);
        }
        long pending = promRules.values().stream().filter(r -> r.contains("\"state\":\"pending\"")).count();
        long inactive = promRules.values().stream().filter(r -> r.contains("\"state\":\"inactive\"")).count();
        System.out.printf("prometheus rules: %d alerting rules equal in /api/v1/rules, %d pending, %d inactive;"
            + " %d ALERTS/ALERTS_FOR_STATE samples compared at matching timestamps%n", alertNames.size(), pending, inactive, compared);
        assertEquals(2, pending, "pending rules");
        assertEquals(alertNames.size() - 2, inactive, "inactive rules");
      }
    }
  }
}
