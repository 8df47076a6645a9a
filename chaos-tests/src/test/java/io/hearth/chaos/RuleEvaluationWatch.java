package io.hearth.chaos;

import io.hearth.node.it.PromApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches which node evaluates which rule group: polls every serving node's {@code /metrics}
 * (a node lists only the groups it evaluates) and records, per group, each evaluation slot
 * ({@code hearth_rule_group_last_evaluation_timestamp_seconds}) with the nodes that reported it.
 * A slot reported by two nodes is a double evaluation; the sequence of evaluators by slot shows
 * every hand-over. A poll every 200 ms sees most slots of a 1 s interval, and any two nodes that
 * evaluate a group side by side for longer than a poll.
 */
final class RuleEvaluationWatch implements AutoCloseable {
  private static final String GAUGE = "hearth_rule_group_last_evaluation_timestamp_seconds{rule_group=\"";

  private final ChaosCluster cluster;
  /** group → slot (ms) → nodes that reported it. */
  private final Map<String, TreeMap<Long, Set<String>>> slots = new ConcurrentHashMap<>();
  /** Start times (ms) of the polls that went round every serving node. */
  private final TreeSet<Long> rounds = new TreeSet<>();
  private final Thread thread;
  private volatile boolean stop;

  RuleEvaluationWatch(ChaosCluster cluster) {
    this.cluster = cluster;
    this.thread = new Thread(this::run, "rule-evaluation-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stop) {
      long round = System.currentTimeMillis();
      for (ClusterNodeProcess n : cluster.serving()) {
        try {
          PromApiClient.Reply r = n.api(Duration.ofSeconds(2)).tryGet("/metrics");
          if (r.status() == 200) record(n.name, r.body());
        } catch (IOException unavailable) {
          // a node that is going down: the others are still watched
        } catch (InterruptedException e) {
          return;
        }
      }
      synchronized (rounds) {
        rounds.add(round);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void record(String node, String metrics) {
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(GAUGE)) continue;
      int end = line.indexOf("\"}", GAUGE.length());
      String group = line.substring(GAUGE.length(), end);
      double seconds = Double.parseDouble(line.substring(end + 2).trim());
      if (seconds <= 0) continue; // not evaluated yet on this node
      TreeMap<Long, Set<String>> bySlot = slots.computeIfAbsent(group, g -> new TreeMap<>());
      synchronized (bySlot) {
        bySlot.computeIfAbsent(Math.round(seconds * 1000), s -> new TreeSet<>()).add(node);
      }
    }
  }

  /** Slots within [fromMs, toMs) of {@code group} reported by more than one node, described. */
  List<String> doubleEvaluations(String group, long fromMs, long toMs) {
    List<String> out = new ArrayList<>();
    TreeMap<Long, Set<String>> bySlot = slots.getOrDefault(group, new TreeMap<>());
    synchronized (bySlot) {
      for (Map.Entry<Long, Set<String>> e : bySlot.subMap(fromMs, toMs).entrySet()) {
        if (e.getValue().size() > 1) out.add(group + " at " + e.getKey() + " by " + e.getValue());
      }
    }
    return out;
  }

  /** The evaluator of each run of consecutive slots of {@code group} within [fromMs, toMs), in slot order. */
  List<String> evaluators(String group, long fromMs, long toMs) {
    List<String> out = new ArrayList<>();
    TreeMap<Long, Set<String>> bySlot = slots.getOrDefault(group, new TreeMap<>());
    synchronized (bySlot) {
      for (Set<String> nodes : bySlot.subMap(fromMs, toMs).values()) {
        String n = String.join("+", nodes);
        if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) out.add(n);
      }
    }
    return out;
  }

  /** The node that reported the latest slot of {@code group}, or null. */
  String currentEvaluator(String group) {
    TreeMap<Long, Set<String>> bySlot = slots.get(group);
    if (bySlot == null) return null;
    synchronized (bySlot) {
      return bySlot.isEmpty() ? null : String.join("+", bySlot.lastEntry().getValue());
    }
  }

  /** Slots of {@code group} seen within [fromMs, toMs). */
  int slotsSeen(String group, long fromMs, long toMs) {
    TreeMap<Long, Set<String>> bySlot = slots.getOrDefault(group, new TreeMap<>());
    synchronized (bySlot) {
      return bySlot.subMap(fromMs, toMs).size();
    }
  }

  /**
   * Polls of every serving node that started within [fromMs, toMs). A poll sees at most the latest
   * slot of a group, so on a loaded machine, where a poll takes longer than an interval, it sees
   * fewer slots than were evaluated: how many it could see is bounded by this count.
   */
  int rounds(long fromMs, long toMs) {
    synchronized (rounds) {
      return rounds.subSet(fromMs, toMs).size();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.interrupt();
    thread.join(5000);
  }
}
