package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.node.HearthNode;
import io.hearth.sharding.testing.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/targets} differential: Debian's Prometheus 2.42 and an in-process Hearth node load
 * the same configuration (a pool of two targets, one up and one refusing connections, and a pool
 * whose relabeling drops one of its two targets) and must answer the same envelope, the same keys
 * in each target object, the same labels, discovered labels, pools, URLs, health, interval and
 * timeout per target, the same dropped targets, and the same filtering by {@code state} and
 * {@code scrapePool}. Not compared: the timing fields ({@code lastScrape},
 * {@code lastScrapeDuration}), {@code lastError}'s text (Go's and Java's connection errors differ),
 * {@code globalUrl} (Prometheus puts the machine's hostname there), and two 3.x fields that 2.42
 * does not answer: {@code droppedTargetCounts} and a dropped target's {@code scrapePool} (checked to
 * be its job instead).
 */
class TargetsDifferentialTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hearthListsTheSameTargetsAsPrometheus() throws Exception {
    byte[] metrics = "# TYPE t_up gauge\nt_up 1\n".getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/metrics", ex -> ScrapeDifferentialTest.serve(ex, "text/plain; version=0.0.4", metrics));
    server.start();
    int closed = LoopbackPorts.free();
    String up = "127.0.0.1:" + server.getAddress().getPort();
    String down = "127.0.0.1:" + closed;
    String config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 500ms\nscrape_configs:\n"
        + "- job_name: pair\n  static_configs:\n  - targets: ['" + up + "', '" + down + "']\n    labels: {team: a}\n"
        + "- job_name: kept\n  scrape_interval: 2s\n  static_configs:\n  - targets: ['" + up + "', '" + down + "']\n"
        + "  relabel_configs:\n  - source_labels: [__address__]\n    regex: '" + down + "'\n"
        + "    action: drop\n";
    try (HearthNode hearthNode = ScrapeDifferentialTest.startHearth(dir.resolve("hearth"), "it-targets-diff", config);
        PrometheusFixture prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), config)) {
      PromApiClient p = prometheus.api();
      PromApiClient h = new PromApiClient(URI.create("http://127.0.0.1:" + hearthNode.address().getPort()));
      awaitHealthKnown(p, "prometheus");
      awaitHealthKnown(h, "hearth");

      List<String> problems = new ArrayList<>();
      for (List<Map.Entry<String, String>> params : List.of(
          List.<Map.Entry<String, String>>of(),
          List.of(Map.entry("state", "active")),
          List.of(Map.entry("state", "dropped")),
          List.of(Map.entry("state", "any"), Map.entry("scrapePool", "kept")),
          List.of(Map.entry("scrapePool", "nope")))) {
        compare(p.get("/api/v1/targets", params), h.get("/api/v1/targets", params), params.toString(), problems);
      }
      assertTrue(problems.isEmpty(), "hearth's /api/v1/targets differs from prometheus 2.42:\n" + String.join("\n", problems)
          + "\n" + prometheus.logTail());
      JsonNode pools = h.get("/api/v1/scrape_pools", List.of()).json();
      assertEquals("success", pools.path("status").asText());
      assertEquals("[\"kept\",\"pair\"]", pools.path("data").path("scrapePools").toString());
    } finally {
      server.stop(0);
    }
  }

  /** Waits until all three active targets have been scraped at least once (health no longer "unknown"). */
  private static void awaitHealthKnown(PromApiClient api, String who) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    String last = "";
    while (System.nanoTime() < deadline) {
      PromApiClient.Reply r = api.get("/api/v1/targets", List.of(Map.entry("state", "active")));
      JsonNode active = r.json() == null ? null : r.json().path("data").path("activeTargets");
      if (active != null && active.size() == 3) {
        boolean known = true;
        for (JsonNode t : active) known &= !t.path("health").asText().equals("unknown");
        if (known) return;
      }
      last = r.body();
      Thread.sleep(200);
    }
    throw new IllegalStateException(who + " did not scrape its three targets within 40 s: " + last);
  }

  private static void compare(PromApiClient.Reply p, PromApiClient.Reply h, String what, List<String> problems) {
    if (p.status() != h.status()) {
      problems.add(what + ": status " + p.status() + " vs " + h.status());
      return;
    }
    JsonNode pj = p.json();
    JsonNode hj = h.json();
    if (!fieldNames(pj).equals(fieldNames(hj)) || !pj.path("status").equals(hj.path("status"))) {
      problems.add(what + ": envelope " + p.body() + " vs " + h.body());
      return;
    }
    TreeSet<String> dataKeys = fieldNames(hj.path("data"));
    dataKeys.remove("droppedTargetCounts");
    if (!fieldNames(pj.path("data")).equals(dataKeys)) {
      problems.add(what + ": data keys " + fieldNames(pj.path("data")) + " vs " + fieldNames(hj.path("data")));
    }
    Map<String, String> pa = active(pj, what, problems);
    Map<String, String> ha = active(hj, what, problems);
    if (!pa.equals(ha)) problems.add(what + ": active targets\n  prometheus " + pa + "\n  hearth     " + ha);
    TreeSet<String> pd = new TreeSet<>();
    TreeSet<String> hd = new TreeSet<>();
    for (JsonNode d : pj.path("data").path("droppedTargets")) pd.add(d.toString());
    for (JsonNode d : hj.path("data").path("droppedTargets")) {
      if (!d.path("scrapePool").asText().equals(d.path("discoveredLabels").path("job").asText())) {
        problems.add(what + ": dropped target's scrapePool is not its job: " + d);
      }
      hd.add(((com.fasterxml.jackson.databind.node.ObjectNode) d.deepCopy()).without("scrapePool").toString());
    }
    if (!pd.equals(hd)) problems.add(what + ": dropped targets\n  prometheus " + pd + "\n  hearth     " + hd);
  }

  private static final List<String> COMPARED = List.of("discoveredLabels", "labels", "scrapePool", "scrapeUrl", "health",
      "scrapeInterval", "scrapeTimeout");

  /** Each active target by pool and URL: its compared fields as JSON text; a difference in key sets is a problem. */
  private static Map<String, String> active(JsonNode answer, String what, List<String> problems) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode t : answer.path("data").path("activeTargets")) {
      TreeSet<String> keys = fieldNames(t);
      TreeSet<String> expected = new TreeSet<>(List.of("discoveredLabels", "labels", "scrapePool", "scrapeUrl", "globalUrl",
          "lastError", "lastScrape", "lastScrapeDuration", "health", "scrapeInterval", "scrapeTimeout"));
      if (!keys.equals(expected)) problems.add(what + ": target keys " + keys);
      StringBuilder sb = new StringBuilder();
      for (String k : COMPARED) sb.append(k).append('=').append(t.path(k)).append(' ');
      sb.append("lastError empty=").append(t.path("lastError").asText().isEmpty());
      out.put(t.path("scrapePool").asText() + " " + t.path("scrapeUrl").asText(), sb.toString());
    }
    return out;
  }

  private static TreeSet<String> fieldNames(JsonNode n) {
    TreeSet<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }
}
