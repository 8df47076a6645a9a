package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.notifier.Alert;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group with a firing alert moves away from a node and back (the ownership predicate a cluster
 * node gets): at its first evaluation after the move the alert is already firing with its old
 * {@code activeAt}, is sent, and its {@code ALERTS} firing sample is written at that slot. Without
 * the restore within the first evaluation it would be pending, unsent and unwritten for two more
 * intervals, which an Alertmanager with a short resend delay reads as resolved.
 *
 * <p>A group moved between two nodes at a slot boundary given ahead ({@link RuleManager#reassign(long)},
 * as a cluster hand-over does) is evaluated at each slot by exactly one of them: the losing node up to
 * the boundary, the gaining node from it, with no slot missed or doubled between.
 */
class RuleGroupMoveTest {
  @TempDir Path tmp;

  private static RuleGroup group(HearthFixture n) {
    List<RuleGroup> gs = n.node().rules().groups();
    return gs.isEmpty() ? null : gs.get(0);
  }

  private static AlertingRule rule(RuleGroup g) {
    return (AlertingRule) g.rules().get(0);
  }

  @Test
  @Timeout(120)
  void aMovedGroupFiresItsFiringAlertAtItsFirstEvaluation() throws Exception {
    Path rules = tmp.resolve("rules.yml");
    Files.writeString(rules, "groups:\n- name: moving\n  interval: 1s\n  rules:\n  - alert: Held\n    expr: vector(1)\n    for: 3s\n");
    String config = "global:\n  evaluation_interval: 1s\nrule_files: ['" + rules + "']\n";
    List<Alert> sent = new CopyOnWriteArrayList<>();
    try (HearthFixture n = HearthFixture.start(tmp.resolve("n"), "n1", LoopbackPorts.freePair(), List.of(), 1, config,
        Map.of("rules.alert.for-grace-period", "1s", "rules.alert.resend-delay", "1s"), sent::addAll)) {
      long deadline = System.currentTimeMillis() + 30_000;
      while (group(n) == null || rule(group(n)).state() != AlertState.FIRING) {
        assertTrue(System.currentTimeMillis() < deadline, "Held firing within 30 s");
        Thread.sleep(50);
      }
      long activeAt = rule(group(n)).activeAlerts().get(0).activeAtNs();
      Thread.sleep(1500); // ALERTS_FOR_STATE written at later slots too

      n.node().rules().assign(h -> false);
      assertEquals(null, group(n), "the group moved away");
      Thread.sleep(2500);
      int sentBefore = sent.size();
      n.node().rules().assign(h -> true);
      RuleGroup back = group(n);
      // the moment its first evaluation has happened (well before the second, 1 s later)
      deadline = System.currentTimeMillis() + 10_000;
      while (back.lastEvalTimestampNs == 0) {
        assertTrue(System.currentTimeMillis() < deadline, "evaluated within 10 s of moving back");
        Thread.sleep(10);
      }
      long firstSlotMs = back.lastEvalTimestampNs / 1_000_000;
      assertEquals(AlertState.FIRING, rule(back).state(), "firing at the first evaluation after the move");
      assertEquals(activeAt / 1_000_000_000L, rule(back).activeAlerts().get(0).activeAtNs() / 1_000_000_000L,
          "activeAt restored from ALERTS_FOR_STATE (in whole seconds)");
      assertTrue(sent.subList(sentBefore, sent.size()).stream().anyMatch(a -> a.labels().get("alertname").equals("Held")),
          "sent at the first evaluation");

      JsonNode firing = n.api().get("/api/v1/query", List.of(Map.entry("query", "ALERTS{alertname=\"Held\",alertstate=\"firing\"}[3s]"),
          Map.entry("time", Double.toString(firstSlotMs / 1000.0)))).json().path("data").path("result");
      assertEquals(1, firing.size());
      JsonNode values = firing.get(0).path("values");
      assertEquals(firstSlotMs, Math.round(values.get(values.size() - 1).get(0).asDouble() * 1000),
          "ALERTS firing written at the first slot after the move");
    }
  }

  /** The timestamps (ms) of {@code metric}'s samples on {@code n} from {@code fromMs} to {@code toMs}. */
  private static List<Long> samples(HearthFixture n, String metric, long fromMs, long toMs) {
    JsonNode result = n.api().get("/api/v1/query", List.of(Map.entry("query", metric + "[" + ((toMs - fromMs) / 1000 + 1) + "s]"),
        Map.entry("time", Double.toString(toMs / 1000.0)))).json().path("data").path("result");
    List<Long> out = new java.util.ArrayList<>();
    for (JsonNode series : result) for (JsonNode v : series.path("values")) out.add(Math.round(v.get(0).asDouble() * 1000));
    return out;
  }

  @Test
  @Timeout(120)
  void aGroupMovedAtASlotBoundaryIsEvaluatedAtEachSlotByExactlyOneNode() throws Exception {
    Path rules = tmp.resolve("moving.yml");
    Files.writeString(rules, "groups:\n- name: moving\n  interval: 1s\n  rules:\n  - record: moved:one\n    expr: vector(1)\n");
    String config = "global:\n  evaluation_interval: 1s\nrule_files: ['" + rules + "']\n";
    AtomicBoolean onA = new AtomicBoolean(true);
    try (HearthFixture a = HearthFixture.start(tmp.resolve("a"), "a", LoopbackPorts.freePair(), List.of(), 1, config, Map.of(), x -> {});
        HearthFixture b = HearthFixture.start(tmp.resolve("b"), "b", LoopbackPorts.freePair(), List.of(), 1, config, Map.of(), x -> {})) {
      a.node().rules().assign(h -> onA.get());
      b.node().rules().assign(h -> !onA.get());
      long startMs = System.currentTimeMillis();
      Thread.sleep(3_000);
      long atNs = (System.currentTimeMillis() + 2_000) * 1_000_000L;
      onA.set(false);
      a.node().rules().reassign(atNs);
      b.node().rules().reassign(atNs);
      assertTrue(a.node().rules().groups().isEmpty(), "a no longer lists the group as its own");
      assertEquals(1, b.node().rules().groups().size(), "b lists the group at once");
      a.node().rules().awaitMoved();
      long movedMs = System.currentTimeMillis();
      assertTrue(movedMs >= atNs / 1_000_000, "awaitMoved returns once the boundary passed");
      Thread.sleep(3_000);
      long endMs = System.currentTimeMillis();

      List<Long> onANode = samples(a, "moved:one", startMs, endMs);
      List<Long> onBNode = samples(b, "moved:one", startMs, endMs);
      assertTrue(onANode.size() >= 3, "a evaluated before the move: " + onANode);
      assertTrue(onBNode.size() >= 3, "b evaluated after the move: " + onBNode);
      long atMs = atNs / 1_000_000;
      for (long t : onANode) assertTrue(t < atMs, "a evaluated slot " + t + " at or after the boundary " + atMs + ": " + onANode);
      for (long t : onBNode) assertTrue(t >= atMs, "b evaluated slot " + t + " before the boundary " + atMs + ": " + onBNode);
      long lastA = onANode.get(onANode.size() - 1);
      long firstB = onBNode.get(0);
      assertEquals(1_000, firstB - lastA, "b's first slot is the one after a's last: a " + onANode + ", b " + onBNode);
    }
  }
}
