package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.node.HearthNode;
import io.hearth.node.cluster.WorkAssignment;
import io.hearth.node.rules.RuleGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-over before a stop, on three real Ignite-backed nodes scraping six targets and evaluating
 * eight recording-rule groups every second: right after a node's hand-over returns, it scrapes and
 * evaluates nothing and every group runs on exactly one other node; then it stops. Neither a
 * recording rule's series has a gap longer than one interval, nor a scraped {@code up} series more
 * than one missed scrape (which a starved machine can cause anywhere), around the hand-over and the
 * stop.
 */
class HandoverTest {
  @TempDir Path tmp;

  private static final int GROUPS = 8;
  private static final int JOBS = 6;

  private static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  private static int owners(ClusterFixture c, String group, List<Integer> nodes) {
    int n = 0;
    for (int i : nodes) for (RuleGroup g : c.node(i).node().rules().groups()) if (g.spec().name().equals(group)) n++;
    return n;
  }

  /** The largest distance between consecutive samples of each series {@code selector[window]} selects, in ms. */
  private static long largestGap(HearthFixture n, String selector, long fromMs, long toMs) {
    JsonNode result = n.api().get("/api/v1/query", List.of(Map.entry("query", selector + "[" + ((toMs - fromMs) / 1000 + 1) + "s]"),
        Map.entry("time", String.valueOf(toMs / 1000.0)))).json().get("data").get("result");
    assertTrue(result.size() > 0, "samples of " + selector);
    long largest = 0;
    for (JsonNode series : result) {
      long prev = -1;
      for (JsonNode s : series.get("values")) {
        long t = Math.round(s.get(0).asDouble() * 1000);
        if (t < fromMs) continue;
        if (prev >= 0) largest = Math.max(largest, t - prev);
        prev = t;
      }
      if (prev < 0) throw new AssertionError("no sample of " + series.get("metric") + " after " + fromMs);
      largest = Math.max(largest, toMs - prev > 3000 ? toMs - prev : 0);
    }
    return largest;
  }

  @Test
  @Timeout(300)
  void handedOverTargetsAndGroupsRunElsewhereWithoutAGapThenTheNodeStops() throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/metrics", x -> {
      byte[] b = "handover_probe 1\n".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    target.start();
    try {
      StringBuilder rules = new StringBuilder("groups:\n");
      for (int i = 0; i < GROUPS; i++) {
        rules.append("- name: g").append(i).append("\n  interval: 1s\n  rules:\n  - record: handover:g").append(i)
            .append("\n    expr: vector(").append(i).append(")\n");
      }
      Path file = tmp.resolve("rules.yml");
      Files.writeString(file, rules);
      StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ['")
          .append(file).append("']\nscrape_configs:\n");
      for (int j = 0; j < JOBS; j++) {
        config.append("- job_name: j").append(j).append("\n  static_configs:\n  - targets: ['127.0.0.1:")
            .append(target.getAddress().getPort()).append("']\n");
      }
      try (ClusterFixture c = ClusterFixture.start(tmp.resolve("c"), "ho", 3, 2, 120_000, config.toString())) {
        List<Integer> all = List.of(0, 1, 2);
        for (int i = 0; i < GROUPS; i++) {
          String g = "g" + i;
          await(g + " evaluated by one node", 30_000, () -> owners(c, g, all) == 1);
        }
        int leaving = -1;
        for (int i = 0; i < 3 && leaving < 0; i++) if (!c.node(i).node().rules().groups().isEmpty()) leaving = i;
        assertTrue(leaving >= 0, "some node evaluates a group");
        int l = leaving;
        List<Integer> staying = all.stream().filter(i -> i != l).toList();
        HearthFixture reader = c.node(staying.get(0));
        String[] last = {""};
        try {
          await("every job scraped", 30_000, () -> {
            last[0] = reader.api().get("/api/v1/query", List.of(Map.entry("query", "count(up == 1)"))).body();
            return last[0].contains("\"" + JOBS + "\"]");
          });
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + ": " + last[0] + " targets: " + reader.api().get("/api/v1/targets", List.of()).body());
        }
        Thread.sleep(3_000);
        long from = System.currentTimeMillis() - 2_000;

        WorkAssignment.Handover h = c.node(leaving).node().handover(30_000);
        assertEquals(staying.size(), h.confirmed().size(), "both other nodes confirmed: " + h);
        assertTrue(h.unconfirmed().isEmpty(), h.toString());
        assertEquals(0, h.targetsLeft(), "the leaving node scrapes nothing any more");
        assertEquals(0, h.groupsLeft(), "the leaving node evaluates no group any more");
        assertTrue(c.node(leaving).node().rules().groups().isEmpty());
        for (int i = 0; i < GROUPS; i++) assertEquals(1, owners(c, "g" + i, staying), "g" + i + " taken over by one staying node");

        Thread.sleep(3_000);
        c.node(leaving).close();
        Thread.sleep(5_000);
        for (int i = 0; i < GROUPS; i++) assertEquals(1, owners(c, "g" + i, staying), "g" + i + " still on one node after the stop");
        long to = System.currentTimeMillis();
        long ruleGap = largestGap(reader, "{__name__=~\"handover:g.*\"}", from, to);
        long scrapeGap = largestGap(reader, "up", from, to);
        assertTrue(ruleGap <= 1_000, "recording rules: largest gap " + ruleGap + " ms, one interval is 1000 ms");
        // Scrape samples carry the time the scrape started, and on a starved machine a scrape loop
        // can start late enough to miss one slot, whichever node runs it (seen at load average 24
        // on two cores: one 2,002 ms gap). A target the hand-over dropped or started twice late
        // would be unscraped for several intervals.
        assertTrue(scrapeGap < 2_500, "scraped up: largest gap " + scrapeGap + " ms, one interval is 1000 ms: more than one scrape was missed");
      }
    } finally {
      target.stop(0);
    }
  }
}
