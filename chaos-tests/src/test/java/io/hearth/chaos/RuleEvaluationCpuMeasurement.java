package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.it.KubePrometheusRules;
import io.hearth.node.it.NodeExporterFixture;
import io.hearth.node.it.PromApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A measurement, not part of {@code mvn verify} (run it by name, see docs/BENCHMARKS.md): process
 * CPU (utime + stime of {@code /proc/PID/stat}, summed over the nodes) per evaluation round of the
 * 234 kube-prometheus rules, on one node and on three nodes (RF 2), all scraping one real node
 * exporter every 2 s and evaluating every 2 s. The nodes first run 30 s without rules (the baseline:
 * scraping, ingest, Ignite), then the rules are loaded by {@code /-/reload} and measured 30 s
 * more; a round is one evaluation of every group with the 2 s interval (the one 3 m group is
 * evaluated at its own pace within the window). Prints gross and net-of-baseline CPU per round.
 */
class RuleEvaluationCpuMeasurement {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
  private static final long WINDOW_MS = 30_000;

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  private ChaosCluster cluster;
  private NodeExporterFixture exporter;

  @AfterEach
  void stop() {
    if (exporter != null) exporter.close();
  }

  /** utime + stime of the process, in seconds. */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after "pid (comm) ": state is field 3, utime field 14, stime field 15
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
  }

  private double cpuSeconds(List<ClusterNodeProcess> nodes) throws IOException {
    double s = 0;
    for (ClusterNodeProcess n : nodes) s += cpuSeconds(n.pid());
    return s;
  }

  /** Sum over the nodes of the iterations of groups with a 2 s interval, and how many such groups. */
  private static long[] iterations(List<ClusterNodeProcess> nodes) throws Exception {
    long sum = 0;
    long groups = 0;
    for (ClusterNodeProcess n : nodes) {
      String m = n.api(Duration.ofSeconds(10)).tryGet("/metrics").body();
      java.util.Set<String> fast = new java.util.HashSet<>();
      for (String line : m.split("\n")) {
        if (line.startsWith("hearth_rule_group_interval_seconds{") && line.endsWith(" 2")) fast.add(group(line));
      }
      for (String line : m.split("\n")) {
        if (line.startsWith("hearth_rule_group_iterations_total{") && fast.contains(group(line))) {
          sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      groups += fast.size();
    }
    return new long[] {sum, groups};
  }

  private static String group(String line) {
    return line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
  }

  private String config(Path rules) {
    return "global:\n  scrape_interval: 2s\n  evaluation_interval: 2s\n  external_labels:\n    cluster: bench\n"
        + (rules == null ? "" : "rule_files: ['" + rules + "/*.yaml']\n")
        + "scrape_configs:\n- job_name: node-exporter\n  static_configs:\n  - targets: ['127.0.0.1:" + exporter.port() + "']\n";
  }

  private void measure(String name, int nodes) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(NodeExporterFixture.BINARY)), "prometheus-node-exporter not installed");
    cluster = chaos.create(name, nodes, 0);
    exporter = NodeExporterFixture.start(cluster.dir.resolve("exporter"));
    Path rules = cluster.dir.resolve("rules");
    Files.createDirectories(rules);
    assertEquals(8, KubePrometheusRules.writeRuleFiles(rules).size());
    Files.writeString(cluster.dir.resolve("prometheus.yml"), config(null));
    List<ClusterNodeProcess> members = cluster.initialNodes();
    for (ClusterNodeProcess n : members) n.withArgs("--web.enable-lifecycle");
    cluster.startTogether(members, ChaosCluster.START_MAX);
    if (nodes > 1) cluster.awaitStable(members, ChaosCluster.STABLE_MAX);
    Thread.sleep(10_000);
    double c0 = cpuSeconds(members);
    Thread.sleep(WINDOW_MS);
    double baselinePerSecond = (cpuSeconds(members) - c0) / (WINDOW_MS / 1000.0);

    Files.writeString(cluster.dir.resolve("prometheus.yml"), config(rules));
    for (ClusterNodeProcess n : members) {
      PromApiClient.Reply r = n.api(Duration.ofSeconds(30)).tryPostForm("/-/reload", Map.of());
      assertEquals(200, r.status(), "reload on " + n.name + ": " + r);
    }
    Thread.sleep(10_000);
    long[] i0 = iterations(members);
    c0 = cpuSeconds(members);
    long t0 = System.nanoTime();
    Thread.sleep(WINDOW_MS);
    double cpu = cpuSeconds(members) - c0;
    double secs = (System.nanoTime() - t0) / 1e9;
    long[] i1 = iterations(members);
    double rounds = (i1[0] - i0[0]) / (double) i1[1];
    assertTrue(rounds > 5, "rule groups evaluated during the window: " + rounds + " rounds");
    Summary.print(name, String.format(java.util.Locale.ROOT,
        "nodes=%d rounds=%.1f cpu_s_per_round=%.3f baseline_cpu_s_per_s=%.3f net_cpu_s_per_round=%.3f groups_2s=%d",
        nodes, rounds, cpu / rounds, baselinePerSecond, (cpu - baselinePerSecond * secs) / rounds, i1[1]));
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void oneNode() throws Exception {
    measure("RuleEvaluationCpuOneNode", 1);
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void threeNodes() throws Exception {
    measure("RuleEvaluationCpuThreeNodes", 3);
  }
}
