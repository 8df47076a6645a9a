package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.PrometheusFixture;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus 2.42 and Hearth run the same rule file: {@code /api/v1/rules} and
 * {@code /api/v1/alerts} have the same fields in the same order and the same values (printed
 * queries, rendered templates, states, health, errors), timings aside.
 */
class RulesApiDifferentialTest {
  @TempDir Path tmp;

  static final String RULES = """
      groups:
      - name: a
        interval: 1s
        limit: 10
        rules:
        - record: job:value:sum
          expr: sum by (job) (label_replace(vector(2), "job", "x", "", ""))
          labels:
            team: x
        - record: plain
          expr: vector(1)
        - alert: Always
          expr: vector(1234.5678)
          for: 2s
          labels:
            severity: "{{ if gt $value 0.0 }}page{{ else }}ticket{{ end }}"
          annotations:
            summary: "{{ $value | humanize }} {{ $value | humanizePercentage }} {{ printf \\"%.2f\\" $value }} {{ $value | humanize1024 }}"
            queried: "{{ with query \\"vector(7)\\" }}{{ . | first | value }}{{ end }} {{ $externalLabels.cluster }}"
            duration: "{{ 90061 | humanizeDuration }} {{ 1435065584.128 | humanizeTimestamp }} {{ title \\"a-b c\\" }}"
        - alert: Never
          expr: vector(1) == 0
        - alert: Joined
          expr: foo{a="b"} + on(x) group_left bar
          keep_firing_for: 1m
      - name: b
        rules:
        - record: limited
          expr: label_replace(vector(1), "x", "a", "", "") or label_replace(vector(2), "x", "b", "", "")
      - name: c
        limit: 1
        rules:
        - record: over:limit
          expr: label_replace(vector(1), "x", "a", "", "") or label_replace(vector(2), "x", "b", "", "")
      """;

  private static final Set<String> TIMINGS = Set.of("evaluationTime", "lastEvaluation", "activeAt");

  /** Same keys in the same order and equal values, except timings. */
  static void sameShape(String path, JsonNode want, JsonNode got, List<String> diffs) {
    if (want.isObject()) {
      List<String> wk = new ArrayList<>();
      List<String> gk = new ArrayList<>();
      want.fieldNames().forEachRemaining(wk::add);
      got.fieldNames().forEachRemaining(gk::add);
      if (!wk.equals(gk)) {
        diffs.add(path + ": keys " + wk + " vs " + gk);
        return;
      }
      for (String k : wk) {
        if (TIMINGS.contains(k)) {
          if (want.get(k).getNodeType() != got.get(k).getNodeType()) diffs.add(path + "." + k + ": type");
          continue;
        }
        sameShape(path + "." + k, want.get(k), got.get(k), diffs);
      }
    } else if (want.isArray()) {
      if (want.size() != got.size()) {
        diffs.add(path + ": " + want.size() + " elements vs " + got.size() + ": " + want + " vs " + got);
        return;
      }
      Iterator<JsonNode> w = want.iterator();
      Iterator<JsonNode> g = got.iterator();
      int i = 0;
      while (w.hasNext()) sameShape(path + "[" + i++ + "]", w.next(), g.next(), diffs);
    } else if (want.isNumber() && got.isNumber()) {
      if (want.decimalValue().compareTo(got.decimalValue()) != 0) diffs.add(path + ": " + want + " vs " + got);
    } else if (!want.equals(got)) {
      diffs.add(path + ": " + want + " vs " + got);
    }
  }

  private static boolean firing(PromApiClient api) {
    JsonNode a = api.get("/api/v1/alerts", List.of()).json().get("data").get("alerts");
    return a.size() == 1 && a.get(0).get("state").asText().equals("firing");
  }

  @Test
  @Timeout(180)
  void rulesAndAlertsAnswerAsPrometheus242() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PrometheusFixture.BINARY)), "prometheus not installed");
    Path rules = tmp.resolve("rules.yml");
    Files.writeString(rules, RULES);
    String config = "global:\n  evaluation_interval: 1s\n  external_labels:\n    cluster: eu1\nrule_files: ['" + rules + "']\n";
    try (PrometheusFixture prom = PrometheusFixture.start(tmp.resolve("prom"), PrometheusFixture.reservePort(), config);
        HearthFixture hearth = HearthFixture.start(tmp.resolve("hearth"), "h1", LoopbackPorts.freePair(), List.of(), 1, config)) {
      long end = System.currentTimeMillis() + 60_000;
      while (!(firing(prom.api()) && firing(hearth.api()))) {
        if (System.currentTimeMillis() > end) throw new AssertionError("the alert did not fire on both");
        Thread.sleep(200);
      }
      List<String> diffs = new ArrayList<>();
      JsonNode want = prom.api().get("/api/v1/rules", List.of()).json();
      JsonNode got = hearth.api().get("/api/v1/rules", List.of()).json();
      assertEquals(3, want.get("data").get("groups").size());
      assertEquals("exceeded limit of 1 with 2 series", got.get("data").get("groups").get(2).get("rules").get(0).get("lastError").asText());
      assertEquals("1.235k 1.235e+05% 1234.57 1.206ki",
          got.get("data").get("groups").get(0).get("rules").get(2).get("alerts").get(0).get("annotations").get("summary").asText());
      sameShape("rules", want, got, diffs);
      sameShape("alerts", prom.api().get("/api/v1/alerts", List.of()).json(), hearth.api().get("/api/v1/alerts", List.of()).json(), diffs);
      assertEquals(List.of(), diffs);
    }
  }
}
