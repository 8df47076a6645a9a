package io.hearth.scrape.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PrometheusRule spec becomes the rule file the operator writes: same groups, Thanos-only and empty fields left out. */
class RuleFileGeneratorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void fileNameIsNamespaceNameAndUid() {
    assertEquals("monitoring-node-rules-0a1b.yaml", RuleFileGenerator.fileName("monitoring", "node-rules", "0a1b"));
  }

  @Test
  void groupsAreWrittenAsGivenWithoutPartialResponseStrategyAndEmptyDurations() throws Exception {
    Map<String, Object> spec = Map.of("groups", List.of(Map.of(
        "name", "g",
        "interval", "",
        "partial_response_strategy", "warn",
        "limit", 10,
        "rules", List.of(
            Map.of("record", "job:up:sum", "expr", "sum by (job) (up)\n", "labels", Map.of("tier", "1")),
            Map.of("alert", "Down", "expr", 1, "for", "", "annotations", Map.of("summary", "{{ $labels.job }} is down"))))));
    String text = RuleFileGenerator.ruleFile(spec);
    assertEquals(Map.of("groups", List.of(Map.of(
        "name", "g",
        "limit", 10,
        "rules", List.of(
            Map.of("record", "job:up:sum", "expr", "sum by (job) (up)\n", "labels", Map.of("tier", "1")),
            Map.of("alert", "Down", "expr", 1, "annotations", Map.of("summary", "{{ $labels.job }} is down")))))),
        YAML.readValue(text, Map.class), text);
    assertTrue(text.contains("\"1\""), "a string that looks like a number stays a string:\n" + text);
  }

  @Test
  void aSpecLargerThanTheOperatorsLimitIsRejected() {
    String expr = "x".repeat(RuleFileGenerator.MAX_BYTES);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleFileGenerator.ruleFile(
        Map.of("groups", List.of(Map.of("name", "g", "rules", List.of(Map.of("record", "r", "expr", expr)))))));
    assertTrue(e.getMessage().startsWith("the length of rendered Prometheus Rule is "), e.getMessage());
  }

  @Test
  void groupsThatAreNotAListAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RuleFileGenerator.ruleFile(Map.of("groups", "g")));
  }
}
