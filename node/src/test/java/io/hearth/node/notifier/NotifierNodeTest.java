package io.hearth.node.notifier;

import static io.hearth.node.it.WebhookReceiver.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.AlertmanagerFixture;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.WebhookReceiver;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as a running node sets it up from prometheus.yml: {@code /api/v1/alertmanagers},
 * alerts through {@link io.hearth.node.HearthNode#alertSender()} reaching Debian's Alertmanager,
 * the {@code hearth_notifications_*} metrics, and a reload that changes the Alertmanagers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NotifierNodeTest {
  @TempDir Path dir;

  @Test
  void prometheusYmlConfiguresTheNodesAlertmanagersAndAReloadChangesThem() throws Exception {
    try (WebhookReceiver webhook = new WebhookReceiver();
        AlertmanagerFixture am = AlertmanagerFixture.start(dir.resolve("am"), webhook.url(), "/")) {
      int unused = LoopbackPorts.free();
      String yaml = """
          global:
            scrape_interval: 15s
          alerting:
            alert_relabel_configs:
              - {target_label: cluster, replacement: eu1}
            alertmanagers:
              - timeout: 5s
                static_configs: [{targets: ['%s', '127.0.0.1:%d']}]
                relabel_configs:
                  - {source_labels: [__address__], regex: '127.0.0.1:%d', action: drop}
          """.formatted(am.address(), unused, unused);
      String amUrl = "http://" + am.address() + "/api/v2/alerts";
      try (HearthFixture node = HearthFixture.start(dir.resolve("node"), "notifier-0", LoopbackPorts.freePair(), List.of(), 1,
          yaml)) {
        PromApiClient.Reply r = node.api().get("/api/v1/alertmanagers", List.of());
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[{\"url\":\"" + amUrl + "\"}],"
            + "\"droppedAlertmanagers\":[{\"url\":\"http://127.0.0.1:" + unused + "/api/v2/alerts\"}]}}", r.body());

        long now = System.currentTimeMillis();
        node.node().alertSender().send(List.of(new Alert(Labels.of("alertname", "NodeAlert1", "severity", "warn"),
            Labels.of("summary", "from a node"), now, now + 600_000, "http://hearth/graph")));
        JsonNode got = webhook.await(named("NodeAlert1", "firing"), Duration.ofSeconds(20));
        assertEquals("eu1", got.path("labels").path("cluster").asText(), got.toString());
        assertEquals("from a node", got.path("annotations").path("summary").asText());

        // The sender counts the POST once Alertmanager's answer is back, which can be after the
        // webhook (100 ms later) on a loaded machine: wait (bounded) until it has.
        String sent = "hearth_notifications_sent_total{alertmanager=\"" + amUrl + "\"} 1\n";
        String metrics = node.api().text("/metrics");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!metrics.contains(sent) && System.nanoTime() < deadline) {
          Thread.sleep(50);
          metrics = node.api().text("/metrics");
        }
        assertTrue(metrics.contains(sent), metrics);
        assertTrue(metrics.contains("hearth_notifications_errors_total{alertmanager=\"" + amUrl + "\"} 0\n"), metrics);
        assertTrue(metrics.contains("hearth_notifications_alertmanagers_discovered 1\n"), metrics);
        assertTrue(metrics.contains("hearth_notifications_queue_capacity 10000\n"), metrics);
        assertTrue(metrics.contains("hearth_notifications_queue_length 0\n"), metrics);
        assertTrue(metrics.contains("hearth_notifications_dropped_total 0\n"), metrics);
        assertTrue(metrics.contains("hearth_notifications_latency_seconds_count{alertmanager=\"" + amUrl + "\"} 1\n"), metrics);

        // a reload with the Alertmanager under another path: the node sends there from then on
        Files.writeString(dir.resolve("node/hearth.yml"), yaml.replace("- timeout: 5s", "- timeout: 5s\n      path_prefix: /other"));
        assertEquals(200, node.api().post("/-/reload").status());
        r = node.api().get("/api/v1/alertmanagers", List.of());
        assertEquals("http://" + am.address() + "/other/api/v2/alerts",
            r.json().path("data").path("activeAlertmanagers").get(0).path("url").asText(), r.body());
        // and an invalid one is refused, the running configuration stays
        Files.writeString(dir.resolve("node/hearth.yml"), yaml.replace("- timeout: 5s", "- api_version: v1"));
        PromApiClient.Reply refused = node.api().post("/-/reload");
        assertEquals(500, refused.status());
        assertTrue(refused.body().contains("expected Alertmanager api version to be one of [v2] but got v1"), refused.body());
        assertEquals(r.body(), node.api().get("/api/v1/alertmanagers", List.of()).body());
      }
    }
  }
}
