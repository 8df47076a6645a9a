package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.ClusterFixture;
import io.hearth.node.it.HearthFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real Ignite-backed nodes with the same rule files: each group is evaluated by exactly one
 * node, results are queryable from every node, the rules API of any node lists every group as its
 * owner reports it, and when the owner of an alert group leaves, the group moves and its pending
 * alert's {@code for} state is restored from {@code ALERTS_FOR_STATE} instead of starting anew.
 */
class RuleClusterTest {
  @TempDir Path tmp;

  private static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(200);
    }
  }

  private static int owners(ClusterFixture c, String group, Set<Integer> alive) {
    int n = 0;
    for (int i : alive) {
      for (RuleGroup g : c.node(i).node().rules().groups()) if (g.spec().name().equals(group)) n++;
    }
    return n;
  }

  private static int ownerOf(ClusterFixture c, String group) {
    for (int i = 0; i < c.size(); i++) {
      for (RuleGroup g : c.node(i).node().rules().groups()) if (g.spec().name().equals(group)) return i;
    }
    return -1;
  }

  private static JsonNode alerts(HearthFixture n) {
    return n.api().get("/api/v1/alerts", List.of()).json().get("data").get("alerts");
  }

  @Test
  @Timeout(300)
  void eachGroupRunsOnOneNodeAndAlertStateFollowsItsGroup() throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n");
    for (int i = 0; i < 8; i++) {
      rules.append("- name: g").append(i).append("\n  interval: 1s\n  rules:\n  - record: g").append(i)
          .append(":value\n    expr: vector(").append(i).append(")\n");
    }
    rules.append("- name: alerting\n  interval: 1s\n  rules:\n  - alert: Slow\n    expr: vector(1)\n    for: 1h\n");
    Path file = tmp.resolve("rules.yml");
    Files.writeString(file, rules);
    String config = "global:\n  evaluation_interval: 1s\nrule_files: ['" + file + "']\n";
    try (ClusterFixture c = ClusterFixture.start(tmp.resolve("c"), "r", 3, 2, 120_000, config)) {
      Set<Integer> all = Set.of(0, 1, 2);
      // A node runs its share once it is ready to take it back (every partition it is primary for
      // loaded), which can be seconds after the cluster answers; until then the others run it.
      Set<Integer> ownersSeen = new HashSet<>();
      await("every group owned once, spread over two nodes or more", 30_000, () -> {
        ownersSeen.clear();
        for (int i = 0; i < 8; i++) {
          if (owners(c, "g" + i, all) != 1) return false;
          ownersSeen.add(ownerOf(c, "g" + i));
        }
        return ownersSeen.size() >= 2;
      });
      // Results are written through routing and readable from any node.
      for (int i = 0; i < 3; i++) {
        HearthFixture n = c.node(i);
        await("g7:value from node " + i, 30_000, () -> n.api().get("/api/v1/query", List.of(Map.entry("query", "g7:value")))
            .json().get("data").get("result").size() == 1);
      }
      // Any node's rules API lists all groups as evaluated by their owners.
      await("all groups evaluated in the rules API", 30_000, () -> {
        JsonNode groups = c.node(0).api().get("/api/v1/rules", List.of()).json().get("data").get("groups");
        if (groups.size() != 9) return false;
        for (JsonNode g : groups) if (!g.get("rules").get(0).get("health").asText().equals("ok")) return false;
        return true;
      });

      int owner = ownerOf(c, "alerting");
      int other = (owner + 1) % 3;
      await("Slow pending with ALERTS_FOR_STATE written", 30_000, () -> c.node(other).api().get("/api/v1/query",
          List.of(Map.entry("query", "ALERTS_FOR_STATE{alertname=\"Slow\"}"))).json().get("data").get("result").size() == 1);
      JsonNode before = alerts(c.node(other));
      assertEquals(1, before.size());
      Instant activeAt = Instant.parse(before.get(0).get("activeAt").asText());
      Thread.sleep(10_000);
      long leftAt = System.currentTimeMillis();
      c.node(owner).close();
      Set<Integer> alive = new HashSet<>(all);
      alive.remove(owner);
      await("alerting group moved", 60_000, () -> owners(c, "alerting", alive) == 1);
      // Restored: activeAt moves forward only by the time nobody evaluated it (Prometheus's restore),
      // far earlier than an alert started anew on the new owner would be.
      await("Slow restored", 60_000, () -> {
        JsonNode a = alerts(c.node(other));
        if (a.size() != 1) return false;
        Instant now = Instant.parse(a.get(0).get("activeAt").asText());
        return now.toEpochMilli() < leftAt && now.isAfter(activeAt.minusSeconds(1));
      });
    }
  }
}
