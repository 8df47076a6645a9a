package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.it.AlertmanagerFixture;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.WebhookReceiver;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path from a rule file to a real Alertmanager (Debian's), configured only through
 * prometheus.yml: an alert fires, reaches the webhook with its rendered labels, annotations and
 * external labels, is re-sent on the resend delay while it fires (Alertmanager's copy keeps
 * getting a later end), and arrives resolved once its expression is empty.
 */
class RulesToAlertmanagerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  @Timeout(150)
  void aFiringAlertIsDeliveredResentAndResolvedAtARealAlertmanager() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(AlertmanagerFixture.BINARY)), "needs Debian's prometheus-alertmanager");
    // Fires from its loading until `until`, then its expression is empty.
    String rules = """
        groups:
        - name: delivery
          interval: 1s
          rules:
          - alert: WindowOpen
            expr: vector(%d - time()) > 0
            labels:
              severity: ticket
            annotations:
              summary: "open for {{ $value | humanizeDuration }} more in {{ $externalLabels.cluster }}"
        """;
    try (WebhookReceiver hook = new WebhookReceiver();
        AlertmanagerFixture am = AlertmanagerFixture.start(tmp.resolve("am"), hook.url(), "/am")) {
      Path conf = Files.createDirectories(tmp.resolve("conf"));
      Files.writeString(conf.resolve("rules.yml"), "groups: []\n");
      String config = """
          global:
            evaluation_interval: 1s
            external_labels:
              cluster: eu1
          rule_files: [rules.yml]
          alerting:
            alertmanagers:
              - path_prefix: /am
                static_configs:
                  - targets: ['%s']
          """.formatted(am.address());
      try (HearthFixture node = HearthFixture.start(conf, "n1", LoopbackPorts.freePair(), List.of(), 1, config,
          Map.of("rules.alert.resend-delay", "1s"))) {
        // The window opens once the node runs (its start takes longer on a loaded machine), so that
        // the alert fires long enough to be delivered and re-sent before it resolves.
        long until = Instant.now().plusSeconds(25).getEpochSecond();
        Files.writeString(conf.resolve("rules.yml"), rules.formatted(until));
        assertEquals(200, node.api().post("/-/reload").status(), "rules loaded");
        JsonNode firing = hook.await(WebhookReceiver.named("WindowOpen", "firing"), Duration.ofSeconds(30));
        assertEquals("eu1", firing.path("labels").path("cluster").asText(), "external labels on the alert: " + firing);
        assertEquals("ticket", firing.path("labels").path("severity").asText());
        assertTrue(firing.path("annotations").path("summary").asText().matches("open for [0-9.]+s more in eu1"),
            "rendered annotation: " + firing.path("annotations"));
        Instant startsAt = Instant.parse(firing.path("startsAt").asText());
        assertTrue(Math.abs(Duration.between(startsAt, Instant.now()).getSeconds()) < 30, "startsAt " + startsAt);

        // Re-sent while firing: Alertmanager's copy gets a later end at each resend (4 x the 1 s delay ahead).
        // A resend is due every second; on a loaded machine it may come later: wait for one (bounded).
        Instant end1 = alertmanagerEndsAt(am, "WindowOpen");
        Instant end2 = end1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!end2.isAfter(end1) && System.nanoTime() < deadline) {
          Thread.sleep(200);
          end2 = alertmanagerEndsAt(am, "WindowOpen");
        }
        assertTrue(end2.isAfter(end1), "ends " + end1 + " then " + end2 + ": the alert was re-sent");

        JsonNode resolved = hook.await(WebhookReceiver.named("WindowOpen", "resolved"), Duration.ofSeconds(60));
        Instant endsAt = Instant.parse(resolved.path("endsAt").asText());
        assertTrue(!endsAt.isBefore(Instant.ofEpochSecond(until - 2)) && endsAt.isBefore(Instant.ofEpochSecond(until + 20)),
            "resolved at " + endsAt + ", the expression emptied at " + Instant.ofEpochSecond(until));
        assertEquals(startsAt, Instant.parse(resolved.path("startsAt").asText()), "the same alert resolved");
      }
    }
  }

  /** The end time Alertmanager holds for the active alert named {@code name} (API v2). */
  private static Instant alertmanagerEndsAt(AlertmanagerFixture am, String name) throws Exception {
    PromApiClient.Reply r = am.alerts("alertname=\"" + name + "\"");
    assertEquals(200, r.status(), r.body());
    JsonNode alerts = JSON.readTree(r.body());
    assertEquals(1, alerts.size(), r.body());
    return Instant.parse(alerts.get(0).path("endsAt").asText());
  }
}
