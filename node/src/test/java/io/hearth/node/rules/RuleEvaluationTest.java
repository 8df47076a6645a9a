package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.notifier.Alert;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule groups of {@code rule_files} evaluated on a real single node: recording results written and
 * queryable, staleness markers when a rule's output disappears, alerts going pending then firing
 * with templates rendered, {@code ALERTS}/{@code ALERTS_FOR_STATE}, {@code keep_firing_for},
 * {@code limit} errors, alerts handed to the sender with Prometheus's end times and external
 * labels, the rules and alerts APIs with their filters, the {@code hearth_rule_*} metrics and
 * reloads.
 */
class RuleEvaluationTest {
  @TempDir Path tmp;

  private static final String RULES = """
      groups:
      - name: rec
        interval: 1s
        rules:
        - record: job:three:value
          expr: vector(3)
          labels:
            team: a
        - record: job:flap:value
          expr: vector(1) and on() (vector(time()) % 6 < 3)
      - name: alerts
        interval: 1s
        rules:
        - alert: Always
          expr: vector(5)
          for: 2s
          labels:
            severity: "{{ if gt $value 1.0 }}page{{ else }}info{{ end }}"
          annotations:
            summary: "value {{ $value }} in {{ $externalLabels.cluster }} is {{ $value | humanizePercentage }}"
        - alert: Flapping
          expr: vector(1) and on() (vector(time()) % 6 < 3)
          keep_firing_for: 1h
      - name: limited
        interval: 1s
        limit: 1
        rules:
        - record: two:series
          expr: label_replace(vector(1), "x", "a", "", "") or label_replace(vector(2), "x", "b", "", "")
      """;

  private static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  private static JsonNode query(PromApiClient api, String q) {
    return api.get("/api/v1/query", List.of(Map.entry("query", q))).json().get("data").get("result");
  }

  @Test
  @Timeout(120)
  void groupsEvaluateRecordAlertAndAnswerTheApis() throws Exception {
    Path ruleDir = tmp.resolve("conf/rules");
    Files.createDirectories(ruleDir);
    Files.writeString(ruleDir.resolve("main.yml"), RULES);
    String config = "global:\n  evaluation_interval: 1s\n  external_labels:\n    cluster: eu1\nrule_files: ['rules/*.yml']\n";
    List<Alert> sent = new CopyOnWriteArrayList<>();
    try (HearthFixture n = HearthFixture.start(tmp.resolve("conf"), "n1", LoopbackPorts.freePair(), List.of(), 1, config,
        Map.of("rules.alert.resend-delay", "2s", "web.external-url", "http://hearth.example:9090"), sent::addAll)) {
      PromApiClient api = n.api();
      // Recording: written through the write path and queryable.
      await("job:three:value", 20_000, () -> query(api, "job:three:value").size() == 1);
      JsonNode rec = query(api, "job:three:value").get(0);
      assertEquals("a", rec.get("metric").get("team").asText());
      assertEquals("3", rec.get("value").get(1).asText());

      // Alert: pending, then firing after for: 2s, with templates rendered.
      await("Always firing", 20_000, () -> {
        JsonNode a = api.get("/api/v1/alerts", List.of()).json().get("data").get("alerts");
        for (JsonNode x : a) if (x.get("labels").get("alertname").asText().equals("Always") && x.get("state").asText().equals("firing")) return true;
        return false;
      });
      JsonNode alert = null;
      for (JsonNode x : api.get("/api/v1/alerts", List.of()).json().get("data").get("alerts")) {
        if (x.get("labels").get("alertname").asText().equals("Always")) alert = x;
      }
      assertEquals("page", alert.get("labels").get("severity").asText());
      assertEquals("value 5 in eu1 is 500%", alert.get("annotations").get("summary").asText());
      assertEquals("5e+00", alert.get("value").asText());
      List<String> keys = new ArrayList<>();
      alert.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("labels", "annotations", "state", "activeAt", "value"), keys);

      // ALERTS and ALERTS_FOR_STATE are written once the for state is restored (after the second evaluation).
      await("ALERTS firing", 20_000, () -> query(api, "ALERTS{alertname=\"Always\",alertstate=\"firing\"}").size() == 1);
      JsonNode forState = query(api, "ALERTS_FOR_STATE{alertname=\"Always\"}");
      assertEquals(1, forState.size());
      assertFalse(forState.get(0).get("metric").has("cluster"), "external labels are not on ALERTS series");

      // The sender got the firing alert with external labels, Prometheus's end time and generator URL.
      await("a sent alert", 20_000, () -> sent.stream().anyMatch(a -> a.labels().get("alertname").equals("Always")));
      Alert a = sent.stream().filter(x -> x.labels().get("alertname").equals("Always")).findFirst().orElseThrow();
      assertEquals("eu1", a.labels().get("cluster"));
      assertEquals("page", a.labels().get("severity"));
      assertEquals(4 * 2000, a.endsAtMs() - a.startsAtMs(), "firing alerts end at now + 4 x max(resend delay, interval)");
      assertEquals("http://hearth.example:9090/graph?g0.expr=vector%285%29&g0.tab=1", a.generatorUrl());

      // Staleness: job:flap:value disappears for 3 s of every 6; without a marker it would stay for the lookback.
      await("job:flap:value present", 20_000, () -> query(api, "job:flap:value").size() == 1);
      await("job:flap:value gone (stale marker)", 20_000, () -> query(api, "job:flap:value").isEmpty());
      // keep_firing_for keeps Flapping firing while its expression is empty.
      await("Flapping firing", 20_000, () -> query(api, "ALERTS{alertname=\"Flapping\",alertstate=\"firing\"}").size() == 1);
      // Kept firing through an evaluation whose expression was empty (its time % 6 >= 3): wait for
      // one to have happened (a loaded machine may skip slots), then it must still be firing.
      long emptyEvaluations = 0;
      long deadline = System.currentTimeMillis() + 30_000;
      while (emptyEvaluations == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        JsonNode firing = query(api, "ALERTS{alertname=\"Flapping\",alertstate=\"firing\"}[1m]");
        if (firing.size() == 1) {
          for (JsonNode v : firing.get(0).get("values")) if (v.get(0).asDouble() % 6 >= 3) emptyEvaluations++;
        }
      }
      assertTrue(emptyEvaluations > 0, "Flapping firing at an evaluation where its expression was empty (keep_firing_for)");
      assertEquals(1, query(api, "ALERTS{alertname=\"Flapping\",alertstate=\"firing\"}").size(), "kept firing");

      // limit: the group's rule fails with Prometheus's error.
      JsonNode groups = api.get("/api/v1/rules", List.of()).json().get("data").get("groups");
      assertEquals(3, groups.size());
      JsonNode limited = groups.get(2);
      assertEquals("limited", limited.get("name").asText());
      assertEquals(ruleDir.resolve("main.yml").toString(), limited.get("file").asText());
      assertEquals("err", limited.get("rules").get(0).get("health").asText());
      assertEquals("exceeded limit of 1 with 2 series", limited.get("rules").get(0).get("lastError").asText());
      List<String> groupKeys = new ArrayList<>();
      limited.fieldNames().forEachRemaining(groupKeys::add);
      assertEquals(List.of("name", "file", "rules", "interval", "limit", "evaluationTime", "lastEvaluation"), groupKeys);
      List<String> alertRuleKeys = new ArrayList<>();
      groups.get(1).get("rules").get(0).fieldNames().forEachRemaining(alertRuleKeys::add);
      assertEquals(List.of("state", "name", "query", "duration", "keepFiringFor", "labels", "annotations", "alerts", "health",
          "evaluationTime", "lastEvaluation", "type"), alertRuleKeys);

      // Filters.
      JsonNode onlyRecords = api.get("/api/v1/rules", List.of(Map.entry("type", "record"))).json().get("data").get("groups");
      assertEquals(2, onlyRecords.size(), "the alerts group has no recording rule and is left out");
      JsonNode byName = api.get("/api/v1/rules", List.of(Map.entry("rule_name[]", "Always"), Map.entry("exclude_alerts", "true")))
          .json().get("data").get("groups");
      assertEquals(1, byName.size());
      assertEquals(1, byName.get(0).get("rules").size());
      assertFalse(byName.get(0).get("rules").get(0).has("alerts"));
      PromApiClient.Reply bad = api.get("/api/v1/rules", List.of(Map.entry("type", "foo")));
      assertEquals(400, bad.status());
      assertEquals("invalid parameter \"type\": not supported value \"foo\"", bad.json().get("error").asText());

      // Metrics.
      String metrics = api.text("/metrics");
      String key = ruleDir.resolve("main.yml") + ";limited";
      assertTrue(metrics.contains("hearth_rule_evaluation_failures_total{rule_group=\"" + key + "\"}"), metrics);
      assertTrue(metrics.contains("hearth_rule_group_rules{rule_group=\"" + ruleDir.resolve("main.yml") + ";alerts\"} 2"));
      assertTrue(metrics.contains("hearth_rule_group_interval_seconds{rule_group=\"" + key + "\"} 1"));

      // Reload: an invalid file fails the reload and keeps the rules; a valid one replaces them and
      // marks the removed rule's series stale.
      Files.writeString(ruleDir.resolve("main.yml"), "groups:\n- name: x\n  rules:\n  - record: bad-name\n    expr: up\n");
      PromApiClient.Reply failed = api.post("/-/reload");
      assertEquals(500, failed.status());
      assertTrue(failed.body().contains("invalid recording rule name: bad-name"), failed.body());
      assertEquals(3, api.get("/api/v1/rules", List.of()).json().get("data").get("groups").size());
      Files.writeString(ruleDir.resolve("main.yml"), "groups:\n- name: rec\n  interval: 1s\n  rules:\n  - record: job:four:value\n    expr: vector(4)\n");
      assertEquals(200, api.post("/-/reload").status());
      await("job:four:value", 20_000, () -> query(api, "job:four:value").size() == 1);
      await("job:three:value stale after its rule was removed", 20_000, () -> query(api, "job:three:value").isEmpty());
    }
  }
}
