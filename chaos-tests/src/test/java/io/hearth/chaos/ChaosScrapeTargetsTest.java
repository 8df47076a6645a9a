package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hearth.node.it.PromApiClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes scrape the same 300 targets from one configuration: every target is scraped by
 * exactly one node (never twice per interval), a kill -9 of a node has its targets scraped again by
 * the others within two intervals of the moment they see it gone, and when it returns they move
 * back without double scraping. The targets are 300 paths of one HTTP server in this JVM, which
 * records every request.
 */
class ChaosScrapeTargetsTest {
  private static final String TEST = "ChaosScrapeTargetsTest";
  private static final int TARGETS = 300;
  private static final long INTERVAL_MS = 4_000;

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  /** How long Ignite's failure detection may take to drop a killed node on a loaded machine. */
  private static final Duration NOTICE_MAX = Duration.ofSeconds(60);
  private ChaosCluster cluster;
  private HttpServer targets;
  /** Request times (ms since the epoch) per target. */
  private final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<Long>> hits = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (targets != null) targets.stop(0);
  }

  private void startTargets() throws Exception {
    targets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    targets.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    for (int i = 0; i < TARGETS; i++) hits.put(i, new ConcurrentLinkedQueue<>());
    targets.createContext("/t/", ex -> {
      int i = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
      hits.get(i).add(System.currentTimeMillis());
      byte[] body = ("# TYPE chaos_target_requests counter\nchaos_target_requests_total " + hits.get(i).size() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    targets.start();
  }

  private String config() {
    StringBuilder sb = new StringBuilder("global:\n  scrape_interval: " + INTERVAL_MS / 1000 + "s\n  scrape_timeout: 2s\n"
        + "scrape_configs:\n  - job_name: chaos-targets\n    static_configs:\n");
    int port = targets.getAddress().getPort();
    for (int i = 0; i < TARGETS; i++) {
      sb.append("      - targets: ['127.0.0.1:").append(port).append("']\n        labels: {__metrics_path__: /t/").append(i)
          .append(", target: '").append(i).append("'}\n");
    }
    return sb.toString();
  }

  /** Requests per target within [from, to). */
  private int[] counts(long from, long to) {
    int[] c = new int[TARGETS];
    for (int i = 0; i < TARGETS; i++) {
      for (long t : hits.get(i)) if (t >= from && t < to) c[i]++;
    }
    return c;
  }

  /** Fails when a target was not scraped, or scraped more often than one scraper can in the window. */
  private void assertScrapedOnceEach(String stage, long from, long to) {
    int[] c = counts(from, to);
    int max = (int) ((to - from) / INTERVAL_MS) + 1;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < TARGETS; i++) {
      if (c[i] == 0 || c[i] > max) bad.add("target " + i + ": " + c[i] + " scrapes");
    }
    System.out.println("CHAOS " + TEST + " " + stage + ": window " + (to - from) + " ms, at most " + max
        + " scrapes per target allowed, offenders " + bad.size());
    assertTrue(bad.isEmpty(), stage + ": every target scraped by exactly one node: " + bad.subList(0, Math.min(10, bad.size())));
  }

  private static double query(ClusterNodeProcess via, String q) throws Exception {
    PromApiClient.Reply r = via.api(Duration.ofSeconds(10)).tryGet("/api/v1/query?query=" + PromApiClient.enc(q));
    assertEquals(200, r.status(), r.body());
    var res = r.json().path("data").path("result");
    return res.size() == 0 ? 0 : res.get(0).path("value").get(1).asDouble();
  }

  /** /api/v1/targets on any node lists every node's targets once; the cluster status shows the spread. */
  private static void assertTargetsListedClusterWide(ClusterNodeProcess via) throws Exception {
    PromApiClient api = via.api(Duration.ofSeconds(30));
    var targets = api.tryGet("/api/v1/targets?state=active").json().path("data").path("activeTargets");
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (var t : targets) paths.add(t.path("discoveredLabels").path("__metrics_path__").asText());
    assertEquals(TARGETS, targets.size(), "every active target listed once, by any node");
    assertEquals(TARGETS, paths.size());
    var spread = api.tryGet("/api/v1/status/cluster").json().path("data").path("targetsPerNode");
    int sum = 0;
    int busy = 0;
    for (var e : spread) {
      sum += e.asInt();
      if (e.asInt() > 0) busy++;
    }
    System.out.println("CHAOS " + TEST + " targets per node: " + spread);
    assertEquals(TARGETS, sum, "targets per node add up");
    assertEquals(3, busy, "every node scrapes a share");
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void everyTargetIsScrapedByExactlyOneNodeAndAgainWithinTwoIntervalsAfterAKill() throws Exception {
    startTargets();
    cluster = chaos.create(TEST, 3, 0);
    Files.writeString(cluster.dir.resolve("prometheus.yml"), config());
    List<ClusterNodeProcess> members = cluster.initialNodes();
    cluster.form(members, ChaosCluster.STABLE_MAX);

    Thread.sleep(3 * INTERVAL_MS); // every loop has reached its offset
    long a = System.currentTimeMillis();
    Thread.sleep(4 * INTERVAL_MS);
    assertScrapedOnceEach("three nodes", a, System.currentTimeMillis());
    assertEquals(TARGETS, query(members.get(0), "count(up{job=\"chaos-targets\"} == 1)"), "every target up, seen from any node");
    assertTargetsListedClusterWide(members.get(2));

    ClusterNodeProcess victim = members.get(1);
    long[] lastBefore = new long[TARGETS];
    victim.kill9();
    long killed = System.currentTimeMillis();
    cluster.markDown(victim);
    for (int i = 0; i < TARGETS; i++) {
      for (long t : hits.get(i)) if (t <= killed) lastBefore[i] = Math.max(lastBefore[i], t);
    }
    // Ignite's failure detection decides when the survivors see the node gone (quickly when the
    // killed process's sockets close, later on a loaded machine); from then on, taking over its
    // targets is Hearth's part: within two intervals (the topology poll, then each loop's offset).
    List<ClusterNodeProcess> survivors = members.stream().filter(m -> m != victim).toList();
    long noticed = ChaosCluster.awaitLeft(survivors, victim, NOTICE_MAX);
    long wait = noticed + 3 * INTERVAL_MS - System.currentTimeMillis();
    if (wait > 0) Thread.sleep(wait);
    long worst = 0;
    long worstAfterNoticed = 0;
    int late = 0;
    for (int i = 0; i < TARGETS; i++) {
      long first = Long.MAX_VALUE;
      for (long t : hits.get(i)) if (t > killed && t < first) first = t;
      long gap = first == Long.MAX_VALUE ? Long.MAX_VALUE : first - killed;
      long afterNoticed = first == Long.MAX_VALUE ? Long.MAX_VALUE : first - noticed;
      worst = Math.max(worst, gap);
      worstAfterNoticed = Math.max(worstAfterNoticed, afterNoticed);
      if (afterNoticed > 2 * INTERVAL_MS) late++;
    }
    System.out.println("CHAOS " + TEST + " after kill -9 of " + victim.name + ": survivors saw it gone " + (noticed - killed)
        + " ms after the kill; slowest target scraped again " + worst + " ms after the kill, " + worstAfterNoticed
        + " ms after the survivors saw it gone (limit " + 2 * INTERVAL_MS + " ms), late targets " + late);
    assertEquals(0, late, "every target scraped again within two intervals of the survivors seeing the killed node gone");
    long b = System.currentTimeMillis();
    Thread.sleep(3 * INTERVAL_MS);
    assertScrapedOnceEach("two nodes after the kill", b, System.currentTimeMillis());

    double back = cluster.startAndAwaitReady(victim, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosCluster.STABLE_MAX);
    Thread.sleep(3 * INTERVAL_MS); // targets handed back and their loops at their offsets
    long c = System.currentTimeMillis();
    Thread.sleep(4 * INTERVAL_MS);
    assertScrapedOnceEach("three nodes after the restart (" + String.format("%.1f", back) + " s to ready)", c, System.currentTimeMillis());
    assertEquals(TARGETS, query(members.get(2), "count(up{job=\"chaos-targets\"} == 1)"), "every target up after the restart");
  }
}
