package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a discoverer's updates the way the scrape pool merges them; waits, bounded, for a condition. */
public final class GroupRecorder implements Consumer<List<TargetGroup>> {
  private final Map<String, TargetGroup> groups = new TreeMap<>();
  private int updates;
  private int firstUpdateSize = -1;

  @Override
  public synchronized void accept(List<TargetGroup> update) {
    if (updates == 0) firstUpdateSize = update.size();
    updates++;
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) groups.remove(g.source());
      else groups.put(g.source(), g);
    }
    notifyAll();
  }

  public synchronized int updates() {
    return updates;
  }

  public synchronized int firstUpdateSize() {
    return firstUpdateSize;
  }

  public synchronized Map<String, TargetGroup> groups() {
    return new TreeMap<>(groups);
  }

  /** Every target with its group's labels merged in (the target's own labels win). */
  public synchronized List<Map<String, String>> targets() {
    List<Map<String, String>> out = new ArrayList<>();
    for (TargetGroup g : groups.values()) {
      for (Labels t : g.targets()) {
        Map<String, String> m = new TreeMap<>(g.labels().toMap());
        m.putAll(t.toMap());
        out.add(m);
      }
    }
    return out;
  }

  /** The merged target with this address (and, if given, this extra label value), or null. */
  public Map<String, String> target(String address, String label, String value) {
    for (Map<String, String> t : targets()) {
      if (t.get("__address__").equals(address) && (label == null || value.equals(t.get(label)))) return t;
    }
    return null;
  }

  /** Waits up to {@code millis} for the condition over the merged targets. */
  public synchronized void await(Predicate<List<Map<String, String>>> cond, long millis, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (updates == 0 || !cond.test(targets())) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError("timed out after " + millis + " ms waiting for " + what + "; targets: " + targets());
      wait(left);
    }
  }
}
