package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.KubePrometheusRules;
import io.hearth.node.it.NodeExporterFixture;
import io.hearth.sharding.testing.LoopbackPorts;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * All 234 kube-prometheus rules load on a node scraping a real node exporter, every rule evaluates
 * without error and every alert template renders. Prints the process CPU time per evaluation round
 * (a rough figure: scraping and ingest run too).
 */
class KubePrometheusRulesTest {
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void allRulesEvaluateWithoutErrorsAgainstARealNodeExporter() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(NodeExporterFixture.BINARY)), "prometheus-node-exporter not installed");
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    KubePrometheusRules.writeRuleFiles(rules);
    try (NodeExporterFixture exporter = NodeExporterFixture.start(tmp.resolve("exporter"))) {
      String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 2s\n  external_labels:\n    cluster: test\n"
          + "rule_files: ['" + rules + "/*.yaml']\nscrape_configs:\n- job_name: node-exporter\n  static_configs:\n"
          + "  - targets: ['127.0.0.1:" + exporter.port() + "']\n";
      try (HearthFixture n = HearthFixture.start(tmp.resolve("hearth"), "k1", LoopbackPorts.freePair(), List.of(), 1, config)) {
        int total = 0;
        for (RuleGroup g : n.node().rules().groups()) total += g.rules().size();
        assertEquals(234, total, "rules loaded");
        // Let every group evaluate several times (groups with their own interval run at theirs).
        Thread.sleep(12_000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long iter0 = iterations(n);
        Thread.sleep(20_000);
        long cpu1 = os.getProcessCpuTime();
        long iter1 = iterations(n);
        List<String> problems = new ArrayList<>();
        JsonNode groups = n.api().get("/api/v1/rules", List.of()).json().get("data").get("groups");
        // A group with a long interval (kube-apiserver-availability.rules: 3m) first runs at its slot,
        // up to two intervals after the start: it may or may not have run by now, so only the rules
        // of groups with short intervals must all have been evaluated.
        int evaluated = 0;
        int shortRules = 0;
        int slow = 0;
        for (JsonNode g : groups) {
          boolean shortInterval = g.get("interval").asDouble() <= 10;
          for (JsonNode r : g.get("rules")) {
            if (shortInterval) shortRules++;
            else slow++;
            if (shortInterval && !r.get("health").asText().equals("unknown")) evaluated++;
            if (r.get("health").asText().equals("err")) problems.add(r.get("name").asText() + ": " + r.get("lastError").asText());
            if (r.has("alerts")) {
              for (JsonNode a : r.get("alerts")) {
                if (a.toString().contains("error expanding template")) problems.add(r.get("name").asText() + ": " + a);
              }
            }
          }
        }
        assertEquals(List.of(), problems);
        assertEquals(234, shortRules + slow, "rules listed by /api/v1/rules");
        assertEquals(shortRules, evaluated, "rules of groups with short intervals evaluated at least once");
        System.out.println("kube-prometheus rules: " + evaluated + " evaluated without error, " + slow
            + " in groups with long intervals not yet due");
        double rounds = (iter1 - iter0) / (double) n.node().rules().groups().size();
        System.out.printf("kube-prometheus rules: %.1f rounds of %d groups in 20 s; process CPU %.3f s per round (scraping included)%n",
            rounds, n.node().rules().groups().size(), (cpu1 - cpu0) / 1e9 / Math.max(1, rounds));
      }
    }
  }

  private static long iterations(HearthFixture n) {
    long sum = 0;
    for (RuleGroup g : n.node().rules().groups()) sum += g.metrics.iterations.sum();
    return sum;
  }
}
