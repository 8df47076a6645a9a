package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.node.it.PromApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes scrape 30 targets every second and evaluate 12 recording-rule groups every second.
 * The node evaluating the most groups is killed with kill -9; once the other two run its work, it
 * is started again. Across its return (from its start until its work is back with it and the
 * cluster is stable) every target and every group is run by a ready node at every moment: a watch
 * polls every node's readiness and rule groups ({@code /-/ready}, {@code /metrics}; the returning
 * node last) and the targets each ready node scrapes ({@code targetsPerNode} and {@code ready} of
 * the cluster status) every 200 ms; no poll may find a group without a ready node running it, nor
 * two polls in a row fewer targets run by ready nodes than configured (one poll of slack for the
 * nodes' answers to the status call, which are taken in parallel). Work run by a node that is not
 * ready does not count: its reads and writes fail until it serves. The old code gave the returning
 * node its share as soon as it was primary again, before it was ready. The longest real gaps
 * between scrapes of a target (requests seen by the targets' HTTP server in this JVM) and between
 * a group's stored results are printed: they also hold the write path's own pauses while
 * partitions move back (Ignite's exchange, the release and load of a partition), during which a
 * scrape loop or group waits on its commit whichever node runs it, so they are figures, not
 * assertions here.
 */
class ChaosReturningNodeTest {
  private static final String TEST = "ChaosReturningNodeTest";
  private static final int TARGETS = 30;
  private static final int GROUPS = 12;
  private static final long INTERVAL_MS = 1_000;
  private static final Duration NOTICE_MAX = Duration.ofSeconds(60);
  private static final String GAUGE = "hearth_rule_group_last_evaluation_timestamp_seconds{rule_group=\"";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  private HttpServer targets;
  private final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<Long>> hits = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (targets != null) targets.stop(0);
  }

  private void startTargets() throws IOException {
    targets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    targets.setExecutor(Executors.newFixedThreadPool(4));
    for (int i = 0; i < TARGETS; i++) hits.put(i, new ConcurrentLinkedQueue<>());
    targets.createContext("/t/", ex -> {
      int i = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
      hits.get(i).add(System.currentTimeMillis());
      byte[] body = "chaos_return_probe 1\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    targets.start();
  }

  private String config(Path rules) {
    StringBuilder sb = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
        + "rule_files: ['" + rules + "']\nscrape_configs:\n  - job_name: chaos-return\n    static_configs:\n");
    int port = targets.getAddress().getPort();
    for (int i = 0; i < TARGETS; i++) {
      sb.append("      - targets: ['127.0.0.1:").append(port).append("']\n        labels: {__metrics_path__: /t/").append(i)
          .append(", target: '").append(i).append("'}\n");
    }
    return sb.toString();
  }

  private static String rules() {
    StringBuilder sb = new StringBuilder("groups:\n");
    for (int i = 0; i < GROUPS; i++) {
      sb.append("- name: g").append(i).append("\n  rules:\n  - record: chaos_return:g").append(i)
          .append("\n    expr: vector(").append(i).append(")\n");
    }
    return sb.toString();
  }

  /** How many rule groups {@code n} evaluates now (its /metrics lists only those). */
  private static int groupsEvaluated(ClusterNodeProcess n) throws IOException, InterruptedException {
    PromApiClient.Reply r = n.api(Duration.ofSeconds(5)).tryGet("/metrics");
    if (r.status() != 200) throw new IOException("/metrics of " + n.name + ": " + r);
    int c = 0;
    for (String line : r.body().split("\n")) if (line.startsWith(GAUGE)) c++;
    return c;
  }

  /** The longest time between consecutive points of any of {@code series} within [from, to]. */
  private static long longestGap(Map<String, List<Long>> series, long from, long to) {
    long worst = 0;
    for (List<Long> points : series.values()) {
      List<Long> ts = new ArrayList<>();
      for (long t : points) if (t >= from && t <= to) ts.add(t);
      ts.sort(null);
      for (int i = 1; i < ts.size(); i++) worst = Math.max(worst, ts.get(i) - ts.get(i - 1));
    }
    return worst;
  }

  /** Request times of each target within [from, to]. */
  private Map<String, List<Long>> scrapes(long from, long to) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (int i = 0; i < TARGETS; i++) {
      List<Long> ts = new ArrayList<>();
      for (long t : hits.get(i)) if (t >= from && t <= to) ts.add(t);
      out.put("target " + i, ts);
    }
    return out;
  }

  /** The result times of each group's recording rule within [from, to], read back through {@code via}. */
  private static Map<String, List<Long>> ruleResults(ClusterNodeProcess via, long from, long to) throws IOException, InterruptedException {
    long range = (to - from) / 1000 + 2;
    PromApiClient.Reply r = via.api(Duration.ofSeconds(30)).tryGet("/api/v1/query?query="
        + PromApiClient.enc("{__name__=~\"chaos_return:g.*\"}[" + range + "s]") + "&time=" + to / 1000.0);
    if (r.status() != 200) throw new IOException("rule output via " + via.name + ": " + r);
    Map<String, List<Long>> out = new TreeMap<>();
    for (JsonNode s : r.json().path("data").path("result")) {
      List<Long> ts = new ArrayList<>();
      for (JsonNode v : s.path("values")) ts.add(Math.round(v.get(0).asDouble() * 1000));
      out.put(s.path("metric").path("__name__").asText(), ts);
    }
    return out;
  }

  /**
   * Polls which ready node runs what: the rule groups listed by the {@code /metrics} of each ready
   * node (the survivors first, then the returning node, so a hand-back, which starts on the
   * returning node before the others stop, cannot look like a gap), and the sum of
   * {@code targetsPerNode} over ready nodes. A poll in which a survivor, or the returning node once
   * it ran groups, does not answer counts for nothing.
   */
  private static final class OwnershipWatch implements AutoCloseable {
    private final List<ClusterNodeProcess> survivors;
    private final ClusterNodeProcess returning;
    private final Thread thread;
    private volatile boolean stop;
    private boolean returningRan;
    final List<String> groupGaps = new ArrayList<>();
    final List<String> targetShortfalls = new ArrayList<>();
    int polls;
    private int shortRun;

    OwnershipWatch(List<ClusterNodeProcess> survivors, ClusterNodeProcess returning) {
      this.survivors = survivors;
      this.returning = returning;
      this.thread = new Thread(this::run, "ownership-watch");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      while (!stop) {
        try {
          poll();
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void poll() throws InterruptedException {
      long at = System.currentTimeMillis();
      Set<String> groups = new TreeSet<>();
      try {
        for (ClusterNodeProcess s : survivors) groups.addAll(groupsRunReady(s));
      } catch (IOException unanswered) {
        return;
      }
      try {
        Set<String> mine = groupsRunReady(returning);
        groups.addAll(mine);
        if (!mine.isEmpty()) returningRan = true;
      } catch (IOException notServing) {
        if (returningRan) return;
      }
      int targetsRun;
      try {
        JsonNode status = ChaosCluster.status(survivors.get(0));
        JsonNode perNode = status.path("targetsPerNode");
        targetsRun = 0;
        for (JsonNode n : status.path("nodes")) {
          JsonNode c = perNode.get(n.path("name").asText());
          if (c == null || !n.has("ready")) return; // a node that did not answer in time: this poll counts for nothing
          if (n.path("ready").asBoolean()) targetsRun += c.asInt();
        }
      } catch (IOException unanswered) {
        return;
      }
      synchronized (this) {
        polls++;
        if (groups.size() < GROUPS) groupGaps.add("at " + at + " only " + groups.size() + " groups run: " + groups);
        shortRun = targetsRun < TARGETS ? shortRun + 1 : 0;
        if (shortRun >= 2) targetShortfalls.add("at " + at + " " + targetsRun + " targets run, the second poll in a row");
      }
    }

    /**
     * The groups {@code n} evaluates now (its /metrics lists only those) if it is ready; none while it
     * is not: a group run by a node that does not serve yet has its reads and writes fail.
     */
    private static Set<String> groupsRunReady(ClusterNodeProcess n) throws IOException, InterruptedException {
      if (n.api(Duration.ofSeconds(2)).tryGet("/-/ready").status() != 200) return Set.of();
      PromApiClient.Reply r = n.api(Duration.ofSeconds(2)).tryGet("/metrics");
      if (r.status() != 200) throw new IOException("/metrics of " + n.name + ": " + r.status());
      Set<String> out = new TreeSet<>();
      for (String line : r.body().split("\n")) {
        if (line.startsWith(GAUGE)) out.add(line.substring(GAUGE.length(), line.indexOf('"', GAUGE.length())));
      }
      return out;
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.interrupt();
      thread.join(5000);
    }
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void aKilledNodeThatReturnsTakesBackItsTargetsAndGroupsWithoutAGap() throws Exception {
    startTargets();
    ChaosCluster cluster = chaos.create(TEST, 3, 0);
    Path rules = cluster.dir.resolve("rules.yml");
    Files.writeString(rules, rules());
    Files.writeString(cluster.dir.resolve("prometheus.yml"), config(rules));
    List<ClusterNodeProcess> members = cluster.initialNodes();
    cluster.form(members, ChaosCluster.STABLE_MAX);
    Thread.sleep(5 * INTERVAL_MS);

    ClusterNodeProcess victim = members.get(0);
    int most = -1;
    for (ClusterNodeProcess m : members) {
      int g = groupsEvaluated(m);
      if (g > most) {
        most = g;
        victim = m;
      }
    }
    ClusterNodeProcess gone = victim;
    List<ClusterNodeProcess> survivors = members.stream().filter(m -> m != gone).toList();
    victim.kill9();
    cluster.markDown(victim);
    ChaosCluster.awaitLeft(survivors, victim, NOTICE_MAX);
    // the survivors run every group and target before the return starts
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (groupsEvaluated(survivors.get(0)) + groupsEvaluated(survivors.get(1)) < GROUPS) {
      assertTrue(System.nanoTime() < deadline, "the survivors did not take over every group within 60 s");
      Thread.sleep(200);
    }
    Thread.sleep(5 * INTERVAL_MS);

    long from = System.currentTimeMillis();
    OwnershipWatch watch = new OwnershipWatch(survivors, victim);
    double back = cluster.startAndAwaitReady(victim, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosCluster.STABLE_MAX);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (groupsEvaluated(victim) == 0) {
      assertTrue(System.nanoTime() < deadline, victim.name + " took back no rule group within 60 s of a stable cluster");
      Thread.sleep(200);
    }
    Thread.sleep(5 * INTERVAL_MS);
    long to = System.currentTimeMillis();
    int takenBack = groupsEvaluated(victim);

    watch.close();

    Map<String, List<Long>> evaluated = ruleResults(survivors.get(0), from, to);
    assertEquals(GROUPS, evaluated.size(), "every group has output: " + evaluated.keySet());
    long scrapeGap = longestGap(scrapes(from, to), from, to);
    long ruleGap = longestGap(evaluated, from, to);
    System.out.println("CHAOS " + TEST + " " + victim.name + " killed with " + most + " groups, back in "
        + String.format("%.1f", back) + " s, evaluates " + takenBack + " groups again; " + watch.polls + " polls over "
        + (to - from) + " ms: polls with a group run by no ready node " + watch.groupGaps.size() + ", with targets short twice in a row "
        + watch.targetShortfalls.size() + "; longest gap between scrapes of a target " + scrapeGap
        + " ms, between results of a group " + ruleGap + " ms (write path pauses included)");
    assertTrue(watch.polls >= 20, "the watch saw the return: " + watch.polls + " polls");
    assertEquals(List.of(), watch.groupGaps.subList(0, Math.min(10, watch.groupGaps.size())), "every group run by a ready node throughout the return");
    assertEquals(List.of(), watch.targetShortfalls.subList(0, Math.min(10, watch.targetShortfalls.size())),
        "every target run by a ready node throughout the return");
    Summary.print(TEST, "return_s=" + String.format("%.1f", back) + " groups_taken_back=" + takenBack + " polls=" + watch.polls
        + " longest_scrape_gap_ms=" + scrapeGap + " longest_rule_result_gap_ms=" + ruleGap);
  }
}
