package io.hearth.node.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the rule-evaluation differential tests read from both systems the same way. */
final class RuleDifferentials {
  private RuleDifferentials() {}

  /** Raw samples of a range selector at {@code atMs}: series labels (JSON) → timestamp (ms) → value text. */
  static Map<String, TreeMap<Long, String>> samples(PromApiClient api, String rangeSelector, long atMs) {
    JsonNode res = api.get("/api/v1/query", List.of(Map.entry("query", rangeSelector), Map.entry("time", PromApiClient.time(atMs))))
        .json().path("data").path("result");
    Map<String, TreeMap<Long, String>> out = new TreeMap<>();
    for (JsonNode s : res) {
      TreeMap<Long, String> values = new TreeMap<>();
      for (JsonNode v : s.path("values")) values.put(Math.round(v.get(0).asDouble() * 1000), v.get(1).asText());
      out.put(s.path("metric").toString(), values);
    }
    return out;
  }

  /** How many times the Hearth node has evaluated {@code group} (0 before it is loaded). */
  static long iterations(HearthFixture n, String group) {
    for (RuleGroup g : n.node().rules().groups()) if (g.spec().name().equals(group)) return g.metrics.iterations.sum();
    return 0;
  }
}
