package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
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
import java.util.TreeMap;
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
 * cluster is stable) no target goes unscraped for more than one missed slot (as
 * {@code HandoverTest} allows: a starved machine can delay any loop that much) and no group's
 * output misses a slot, not counting the moments in which the whole cluster scraped nothing or
 * evaluated nothing: Ignite's partition map exchange at the join and at each primary switch holds
 * every write for a while (seconds on a loaded machine), and every scrape loop and group waits on
 * its commit; that is no gap in ownership, which is what this test is about. The targets are paths
 * of one HTTP server in this JVM that records every request, so scrapes are seen where they
 * happen; the rules' output is read back from the cluster.
 */
class ChaosReturningNodeTest {
  private static final String TEST = "ChaosReturningNodeTest";
  private static final int TARGETS = 30;
  private static final int GROUPS = 12;
  private static final long INTERVAL_MS = 1_000;
  /** One missed scrape slot, with the slack {@code HandoverTest} allows for a starved machine. */
  private static final long MAX_SCRAPE_GAP_MS = 2_500;
  /** Rule results carry their slot's time: consecutive slots are one interval apart. */
  private static final long MAX_RULE_GAP_MS = INTERVAL_MS;
  /** How long a rule's result may take from its slot to a query (evaluation, routed write) on a loaded machine. */
  private static final long RESULT_LAG_MS = 3_000;
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
    Http.Response r = Http.get(n.base() + "/metrics", Duration.ofSeconds(5));
    if (r.status() != 200) throw new IOException("/metrics of " + n.name + ": " + r);
    int c = 0;
    for (String line : r.body().split("\n")) if (line.startsWith(GAUGE)) c++;
    return c;
  }

  /**
   * Periods within [from, to] longer than {@code minMs} in which none of {@code series} has a point:
   * the whole cluster stalled (Ignite's partition map exchange at a join or a primary switch holds
   * every write, so every scrape loop and rule group waits on its commit), which is no gap in
   * ownership. Pairs of [start, end].
   */
  private static List<long[]> stalls(List<List<Long>> series, long from, long to, long minMs) {
    List<Long> all = new ArrayList<>();
    for (List<Long> ts : series) for (long t : ts) if (t >= from && t <= to) all.add(t);
    all.sort(null);
    List<long[]> out = new ArrayList<>();
    long prev = from;
    for (long t : all) {
      if (t - prev > minMs) out.add(new long[] {prev, t});
      prev = t;
    }
    if (to - prev > minMs) out.add(new long[] {prev, to});
    return out;
  }

  /** The part of [a, b] outside every stall. */
  private static long outsideStalls(long a, long b, List<long[]> stalls) {
    long len = b - a;
    for (long[] s : stalls) len -= Math.max(0, Math.min(b, s[1]) - Math.max(a, s[0]));
    return len;
  }

  /**
   * The gaps between consecutive points of each series within [from, to] (the ends count as points,
   * the end less {@code endSlackMs}) that last longer than {@code maxMs} outside the stalls; described.
   */
  private static List<String> gaps(Map<String, List<Long>> series, long from, long to, long endSlackMs, long maxMs, List<long[]> stalls) {
    List<String> bad = new ArrayList<>();
    series.forEach((name, points) -> {
      List<Long> ts = new ArrayList<>();
      ts.add(from);
      for (long t : points) if (t > from && t < to - endSlackMs) ts.add(t);
      ts.sort(null);
      ts.add(to - endSlackMs);
      for (int i = 1; i < ts.size(); i++) {
        long gap = outsideStalls(ts.get(i - 1), ts.get(i), stalls);
        if (gap > maxMs) {
          bad.add(name + ": " + (ts.get(i) - ts.get(i - 1)) + " ms without a point from " + ts.get(i - 1) + ", " + gap
              + " ms of it while the others ran");
        }
      }
    });
    return bad;
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
    Http.Response r = Http.get(via.base() + "/api/v1/query?query=" + Http.enc("{__name__=~\"chaos_return:g.*\"}[" + range + "s]")
        + "&time=" + to / 1000.0, Duration.ofSeconds(30));
    if (r.status() != 200) throw new IOException("rule output via " + via.name + ": " + r);
    Map<String, List<Long>> out = new TreeMap<>();
    for (JsonNode s : r.json().path("data").path("result")) {
      List<Long> ts = new ArrayList<>();
      for (JsonNode v : s.path("values")) ts.add(Math.round(v.get(0).asDouble() * 1000));
      out.put(s.path("metric").path("__name__").asText(), ts);
    }
    return out;
  }

  private static String describe(List<long[]> stalls) {
    List<String> out = new ArrayList<>();
    for (long[] st : stalls) out.add((st[1] - st[0]) + " ms from " + st[0]);
    return out.toString();
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

    Map<String, List<Long>> scraped = scrapes(from, to);
    List<long[]> scrapeStalls = stalls(List.copyOf(scraped.values()), from, to, INTERVAL_MS / 2);
    List<String> scrapes = gaps(scraped, from, to, 0, MAX_SCRAPE_GAP_MS, scrapeStalls);
    Map<String, List<Long>> evaluated = ruleResults(survivors.get(0), from, to);
    assertEquals(GROUPS, evaluated.size(), "every group has output: " + evaluated.keySet());
    List<long[]> ruleStalls = stalls(List.copyOf(evaluated.values()), from, to - RESULT_LAG_MS, INTERVAL_MS);
    List<String> groups = gaps(evaluated, from - INTERVAL_MS, to, RESULT_LAG_MS, MAX_RULE_GAP_MS, ruleStalls);
    System.out.println("CHAOS " + TEST + " " + victim.name + " killed with " + most + " groups, back in "
        + String.format("%.1f", back) + " s, evaluates " + takenBack + " groups again; over " + (to - from)
        + " ms: cluster-wide stalls of scraping " + describe(scrapeStalls) + ", of rules " + describe(ruleStalls)
        + "; targets with a gap over " + MAX_SCRAPE_GAP_MS + " ms outside them " + scrapes.size() + ", groups with a gap over "
        + MAX_RULE_GAP_MS + " ms " + groups.size());
    assertTrue(scrapes.isEmpty(), "every target scraped across the return: " + scrapes.subList(0, Math.min(10, scrapes.size())));
    assertTrue(groups.isEmpty(), "every group evaluated across the return: " + groups.subList(0, Math.min(10, groups.size())));
    Summary.print(TEST, "return_s=" + String.format("%.1f", back) + " groups_taken_back=" + takenBack + " scrape_gaps=0 rule_gaps=0");
  }
}
