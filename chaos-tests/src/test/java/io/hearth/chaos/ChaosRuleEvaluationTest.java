package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.AlertmanagerFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.WebhookReceiver;
import io.hearth.node.remote.WriteRequestBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes (RF 2) evaluate the same rule files at a 1 s interval: recording rules over a
 * counter the test writes by remote write, and an alert with {@code for: 5s} that fires before
 * anything fails. Proves that every group is evaluated by exactly one node at a time (no slot
 * evaluated by two nodes), that a kill -9 of the alert group's evaluator has another node take over
 * within a bounded time (the longest gap in each recording rule's output is printed and bounded),
 * that the alert stays firing across the take-over and a rolling restart (the killed node
 * returns, then the other two are stopped with SIGTERM and started in turn) (same {@code activeAt}, no pending or resolved {@code ALERTS} in between, no resolved
 * notification at a real Alertmanager), and that every recorded sample lies on its group's slots.
 */
class ChaosRuleEvaluationTest {
  private static final String TEST = "ChaosRuleEvaluationTest";
  private static final int RECORD_GROUPS = 5;
  private static final String ALERT = "ChaosInputPresent";
  private static final String ALERT_GROUP = "alerting";
  /** A kill -9 is noticed by Ignite's failure detection (10 s), then by the 1 s topology poll. */
  private static final long MAX_GAP_MS = 25_000;

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  private ChaosCluster cluster;
  private AlertmanagerFixture alertmanager;
  private WebhookReceiver webhook;
  private RuleEvaluationWatch watch;
  private Thread writer;
  private volatile boolean writing = true;

  @AfterEach
  void stop() throws Exception {
    writing = false;
    if (writer != null) writer.join(5000);
    if (watch != null) watch.close();
    if (alertmanager != null) alertmanager.close();
    if (webhook != null) webhook.close();
  }

  private String config(Path rules) {
    return "global:\n  scrape_interval: 15s\n  evaluation_interval: 1s\nrule_files: ['" + rules + "']\n"
        + "alerting:\n  alertmanagers:\n  - path_prefix: /am\n    static_configs: [{targets: ['" + alertmanager.address() + "']}]\n";
  }

  private static String rules() {
    StringBuilder sb = new StringBuilder("groups:\n");
    for (int i = 0; i < RECORD_GROUPS; i++) {
      sb.append("- name: rec").append(i).append("\n  rules:\n  - record: chaos_rule:input_sum").append(i)
          .append("\n    expr: sum(chaos_rule_input_total) + ").append(i).append('\n');
    }
    sb.append("- name: ").append(ALERT_GROUP).append("\n  rules:\n")
        .append("  - record: chaos_rule:input_rate\n    expr: sum(rate(chaos_rule_input_total[10s]))\n")
        .append("  - alert: ").append(ALERT).append("\n    expr: count(chaos_rule_input_total) > 0\n    for: 5s\n")
        .append("    labels: {severity: page}\n");
    return sb.toString();
  }

  private static List<String> groupKeys(Path rules) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < RECORD_GROUPS; i++) keys.add(rules + ";rec" + i);
    keys.add(rules + ";" + ALERT_GROUP);
    return keys;
  }

  /** Writes chaos_rule_input_total{series="0".."2"} every 500 ms through any serving node. */
  private void startWriter() {
    AtomicLong n = new AtomicLong();
    writer = new Thread(() -> {
      int next = 0;
      while (writing) {
        long v = n.incrementAndGet();
        long t = System.currentTimeMillis();
        WriteRequestBuilder enc = WriteRequestBuilder.v1();
        for (int s = 0; s < 3; s++) enc.series("__name__", "chaos_rule_input_total", "series", Integer.toString(s)).sample(t, v);
        byte[] body = enc.buildSnappy();
        List<ClusterNodeProcess> nodes = cluster.serving();
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
          ClusterNodeProcess to = nodes.get(next++ % nodes.size());
          try {
            if (to.api(Duration.ofSeconds(3)).tryRemoteWrite(body).status() == 204) break;
          } catch (IOException unavailable) {
            // the next node
          } catch (InterruptedException e) {
            return;
          }
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "chaos-rule-input-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private static JsonNode get(ClusterNodeProcess via, String pathAndQuery) throws IOException, InterruptedException {
    PromApiClient.Reply r = via.api(Duration.ofSeconds(10)).tryGet(pathAndQuery);
    if (r.status() != 200) throw new IOException(pathAndQuery + " via " + via.name + ": " + r);
    return r.json().path("data");
  }

  /** The alert as /api/v1/alerts of {@code via} lists it, or null. */
  private static JsonNode alert(ClusterNodeProcess via) throws IOException, InterruptedException {
    for (JsonNode a : get(via, "/api/v1/alerts").path("alerts")) {
      if (ALERT.equals(a.path("labels").path("alertname").asText())) return a;
    }
    return null;
  }

  /** Waits until the alert is firing as seen through {@code via}; returns its activeAt (ms). */
  private static long awaitFiring(ClusterNodeProcess via, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "none";
    while (System.nanoTime() < deadline) {
      try {
        JsonNode a = alert(via);
        if (a != null && "firing".equals(a.path("state").asText())) return Instant.parse(a.path("activeAt").asText()).toEpochMilli();
        last = String.valueOf(a);
      } catch (IOException notNow) {
        last = notNow.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(ALERT + " not firing via " + via.name + " within " + max + "; last: " + last);
  }

  private String awaitEvaluator(String groupKey, String not, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      String e = watch.currentEvaluator(groupKey);
      if (e != null && !e.equals(not) && !e.contains("+")) return e;
      Thread.sleep(100);
    }
    throw new AssertionError("no single evaluator other than " + not + " for " + groupKey + " within " + max);
  }

  /** Raw samples (timestamps in ms) of every series {@code selector} selects over [from, to], by series. */
  private static List<List<Long>> rawTimestamps(ClusterNodeProcess via, String selector, long fromMs, long toMs) throws Exception {
    long range = Math.max(1, (toMs - fromMs) / 1000);
    JsonNode result = get(via, "/api/v1/query?query=" + PromApiClient.enc(selector + "[" + range + "s]") + "&time=" + toMs / 1000.0)
        .path("result");
    List<List<Long>> out = new ArrayList<>();
    for (JsonNode s : result) {
      List<Long> ts = new ArrayList<>();
      for (JsonNode v : s.path("values")) ts.add(Math.round(v.get(0).asDouble() * 1000));
      out.add(ts);
    }
    return out;
  }

  private static long longestGap(List<Long> ts) {
    long gap = 0;
    for (int i = 1; i < ts.size(); i++) gap = Math.max(gap, ts.get(i) - ts.get(i - 1));
    return gap;
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void eachGroupHasOneEvaluatorAndAFiringAlertSurvivesKillNineAndRollingRestart() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(AlertmanagerFixture.BINARY)), "prometheus-alertmanager not installed");
    cluster = chaos.create(TEST, 3, 0);
    webhook = new WebhookReceiver();
    alertmanager = AlertmanagerFixture.start(cluster.dir.resolve("alertmanager"), webhook.url(), "/am");
    Path rules = cluster.dir.resolve("rules.yml");
    Files.writeString(rules, rules());
    Files.writeString(cluster.dir.resolve("prometheus.yml"), config(rules));
    List<ClusterNodeProcess> members = cluster.initialNodes();
    // Restore applies to alerts whose for is at least the grace period. Resent every 10 s, valid for
    // 40 s: longer than a resend plus the longest evaluation gap accepted here (MAX_GAP_MS; a group's
    // new evaluator sends at its first evaluation), so Alertmanager sees the alert resolved only if
    // it was resolved or went unevaluated for longer. (With a validity of 8 s, a node returning on a
    // loaded machine, whose groups move back to it, could let it lapse.)
    for (ClusterNodeProcess n : members) n.withArgs("--rules.alert.for-grace-period=1s", "--rules.alert.resend-delay=10s");
    cluster.form(members, ChaosCluster.STABLE_MAX);
    watch = new RuleEvaluationWatch(cluster);
    startWriter();
    List<String> keys = groupKeys(rules);
    String alertKey = keys.get(keys.size() - 1);

    long firstActiveAt = awaitFiring(members.get(0), Duration.ofSeconds(40));
    webhook.await(WebhookReceiver.named(ALERT, "firing"), Duration.ofSeconds(60));
    long start = System.currentTimeMillis();
    Thread.sleep(5000);
    List<String> spread = new ArrayList<>();
    for (String k : keys) spread.add(k.substring(k.indexOf(';') + 1) + "=" + watch.currentEvaluator(k));
    System.out.println("CHAOS " + TEST + " evaluators: " + spread);

    // (b) kill -9 the node evaluating the alert group
    String victimName = watch.currentEvaluator(alertKey);
    assertNotNull(victimName, "the alert group is evaluated somewhere");
    ClusterNodeProcess victim = members.stream().filter(m -> m.name.equals(victimName)).findFirst().orElseThrow();
    ClusterNodeProcess survivor = members.stream().filter(m -> m != victim).findFirst().orElseThrow();
    victim.kill9();
    long killedAt = System.currentTimeMillis();
    cluster.markDown(victim);
    String heir = awaitEvaluator(alertKey, victimName, Duration.ofMillis(MAX_GAP_MS));
    long tookOverMs = System.currentTimeMillis() - killedAt;
    long activeAtAfterKill = awaitFiring(survivor, Duration.ofSeconds(60));
    System.out.println("CHAOS " + TEST + " kill -9 " + victimName + ": " + heir + " evaluates " + ALERT_GROUP + " "
        + tookOverMs + " ms later");
    Thread.sleep(3000);
    long afterKill = System.currentTimeMillis();
    cluster.startAndAwaitReady(victim, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosCluster.STABLE_MAX);

    // (d) rolling restart: the killed node is back; SIGTERM each of the other two in turn
    for (ClusterNodeProcess n : members) {
      if (n == victim) continue;
      n.sigterm();
      cluster.markDown(n);
      assertTrue(n.awaitExit(Duration.ofSeconds(60)), n.name + " did not exit within 60 s of SIGTERM; log " + n.log());
      cluster.startAndAwaitReady(n, ChaosCluster.START_MAX);
      cluster.awaitStable(members, ChaosCluster.STABLE_MAX);
    }
    Thread.sleep(4000);
    long activeAtAfterRolling = awaitFiring(members.get(2), Duration.ofSeconds(60));
    long end = System.currentTimeMillis();

    // (a) one evaluator per slot, hand-overs only when the topology changed
    List<String> doubles = new ArrayList<>();
    List<String> handovers = new ArrayList<>();
    for (String k : keys) {
      doubles.addAll(watch.doubleEvaluations(k, start - 10_000, end));
      handovers.add(k.substring(k.indexOf(';') + 1) + ": " + watch.evaluators(k, start, end));
      // at most one slot per second of evaluation, and at most one per poll of the watch
      long seeable = Math.min((end - start) / 1000, watch.rounds(start, end));
      assertTrue(watch.slotsSeen(k, start, end) > seeable / 3, k + " evaluated throughout: " + watch.slotsSeen(k, start, end)
          + " slots seen in " + (end - start) / 1000 + " s by " + watch.rounds(start, end) + " polls");
    }
    System.out.println("CHAOS " + TEST + " evaluators over time: " + handovers);
    assertEquals(List.of(), doubles, "no slot evaluated by two nodes");

    // recorded samples: on one phase per group, gaps bounded
    long worstKill = 0;
    long worstRolling = 0;
    String worstRollingAt = "";
    for (int i = 0; i <= RECORD_GROUPS; i++) {
      String metric = i < RECORD_GROUPS ? "chaos_rule:input_sum" + i : "chaos_rule:input_rate";
      List<List<Long>> series = rawTimestamps(survivor, metric, start, end);
      assertEquals(1, series.size(), metric + " is one series");
      List<Long> ts = series.get(0);
      long phase = Math.floorMod(ts.get(0), 1000);
      for (long t : ts) assertEquals(phase, Math.floorMod(t, 1000), metric + ": sample at " + t + " off its group's slots");
      worstKill = Math.max(worstKill, longestGap(ts.stream().filter(t -> t < afterKill).toList()));
      List<Long> rolling = ts.stream().filter(t -> t >= afterKill).toList();
      long g = longestGap(rolling);
      if (g > worstRolling) {
        worstRolling = g;
        for (int k = 1; k < rolling.size(); k++) {
          if (rolling.get(k) - rolling.get(k - 1) == g) worstRollingAt = metric + " after " + java.time.Instant.ofEpochMilli(rolling.get(k - 1));
        }
      }
    }
    System.out.println("CHAOS " + TEST + " longest gap in the recording rules' output: " + worstKill + " ms around the kill -9, "
        + worstRolling + " ms during the return and the rolling restart (" + worstRollingAt + ")");
    assertTrue(worstKill <= MAX_GAP_MS, "longest gap after kill -9 " + worstKill + " ms");
    assertTrue(worstRolling <= MAX_GAP_MS, "longest gap during the rolling restart " + worstRolling + " ms");

    // (c) the alert stayed firing: same activeAt (restored, in whole seconds), no pending sample after
    // it fired, a firing sample throughout, no resolved notification
    assertTrue(Math.abs(activeAtAfterKill - firstActiveAt) < 1000, "activeAt restored after the kill: "
        + Instant.ofEpochMilli(firstActiveAt) + " then " + Instant.ofEpochMilli(activeAtAfterKill));
    assertTrue(Math.abs(activeAtAfterRolling - firstActiveAt) < 1000, "activeAt restored after the rolling restart: "
        + Instant.ofEpochMilli(firstActiveAt) + " then " + Instant.ofEpochMilli(activeAtAfterRolling));
    List<List<Long>> pending = rawTimestamps(survivor, "ALERTS{alertname=\"" + ALERT + "\",alertstate=\"pending\"}", start, end);
    assertTrue(pending.isEmpty(), "no pending ALERTS sample after the alert fired: " + pending);
    List<List<Long>> firing = rawTimestamps(survivor, "ALERTS{alertname=\"" + ALERT + "\",alertstate=\"firing\"}", start, end);
    assertEquals(1, firing.size(), "one firing ALERTS series");
    long firingGap = longestGap(firing.get(0));
    JsonNode range = get(survivor, "/api/v1/query_range?query=" + PromApiClient.enc("ALERTS{alertname=\"" + ALERT + "\",alertstate=\"firing\"}")
        + "&start=" + start / 1000.0 + "&end=" + end / 1000.0 + "&step=1").path("result");
    assertEquals(1, range.size(), "firing ALERTS over the window");
    long steps = (end - start) / 1000 + 1;
    assertTrue(range.get(0).path("values").size() >= steps - 1, "ALERTS firing at every 1 s step (no staleness marker): "
        + range.get(0).path("values").size() + " of " + steps);
    List<JsonNode> resolved = webhook.alerts().stream().filter(WebhookReceiver.named(ALERT, "resolved")).toList();
    assertEquals(List.of(), resolved, "no resolved notification for " + ALERT);
    Summary.print(TEST, "takeover_ms=" + tookOverMs + " max_gap_kill_ms=" + worstKill + " max_gap_return_and_rolling_ms="
        + worstRolling + " alerts_firing_max_gap_ms=" + firingGap + " double_evaluations=0 webhook_alerts=" + webhook.alerts().size()
        + " resolved=0");
  }
}
