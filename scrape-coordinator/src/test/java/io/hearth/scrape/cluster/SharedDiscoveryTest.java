package io.hearth.scrape.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Three nodes over an in-process transport: the real discoverer runs only on the leader (primary
 * of partition 0), every node receives the same target groups, leadership moving starts the
 * discoverer on the new leader whose full set replaces the shared one, and a node that starts later
 * begins with the leader's current groups.
 */
class SharedDiscoveryTest {
  private final InProcessViews views = new InProcessViews("a", "b", "c");
  /** Every real discoverer created, by node. */
  private final Map<String, List<Fake>> created = new ConcurrentHashMap<>();

  private static final class Fake implements Discoverer {
    volatile Consumer<List<TargetGroup>> out;
    volatile boolean closed;

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
      out = updates;
    }

    @Override
    public void close() {
      closed = true;
    }

    boolean running() {
      return out != null && !closed;
    }
  }

  /** A node: its shared discovery started for the job, and the groups its scrape pool holds. */
  private final class Node {
    final SharedDiscovery shared;
    final Map<String, TargetGroup> pool = new TreeMap<>();

    Node(String name, ScrapeConfig cfg) {
      shared = new SharedDiscovery(c -> {
        Fake f = new Fake();
        created.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(f);
        return List.of(f);
      }, views.view(name));
      shared.create(cfg).get(0).start(update -> {
        synchronized (pool) {
          for (TargetGroup g : update) {
            if (g.targets().isEmpty()) pool.remove(g.source());
            else pool.put(g.source(), g);
          }
        }
      });
    }

    java.util.Set<String> sources() {
      synchronized (pool) {
        return new java.util.TreeSet<>(pool.keySet());
      }
    }
  }

  private static TargetGroup group(String source, String... addresses) {
    List<Labels> t = new ArrayList<>();
    for (String a : addresses) t.add(Labels.of("__address__", a));
    return new TargetGroup(source, t, Labels.of("__meta_kubernetes_namespace", "default"));
  }

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  private static long running(List<Fake> l) {
    return l == null ? 0 : l.stream().filter(Fake::running).count();
  }

  @Test
  void discoveryRunsOnlyOnTheLeaderAndEveryNodeGetsItsTargetsAcrossALeadershipChange() throws Exception {
    ScrapeConfig cfg = ConfigLoader.parse("scrape_configs:\n  - job_name: pods\n    static_configs: []\n").scrapeConfigs().get(0);
    Node a = new Node("a", cfg);
    Node b = new Node("b", cfg);
    Node c = new Node("c", cfg);
    assertEquals(1, running(created.get("a")), "the leader runs the real discoverer");
    assertEquals(0, running(created.get("b")) + running(created.get("c")), "followers run none");

    Fake onA = created.get("a").get(0);
    onA.out.accept(List.of(group("pod/x", "10.0.0.1:80"), group("pod/y", "10.0.0.2:80")));
    onA.out.accept(List.of(group("pod/z", "10.0.0.3:80")));
    for (Node n : List.of(a, b, c)) {
      await(() -> n.sources().equals(java.util.Set.of("pod/x", "pod/y", "pod/z")), "every node holds the leader's groups");
    }

    // The leader goes away: b leads, starts its own discoverer, whose full set lacks pod/y.
    views.lead("b");
    views.leave("a");
    a.shared.leadershipMayHaveChanged();
    b.shared.leadershipMayHaveChanged();
    c.shared.leadershipMayHaveChanged();
    assertTrue(onA.closed, "the old leader stops its discoverer");
    assertEquals(1, running(created.get("b")), "the new leader runs one");
    Fake onB = created.get("b").stream().filter(Fake::running).findFirst().orElseThrow();
    onB.out.accept(List.of(group("pod/x", "10.0.0.1:80"), group("pod/z", "10.0.0.3:80"), group("pod/w", "10.0.0.4:80")));
    for (Node n : List.of(b, c)) {
      await(() -> n.sources().equals(java.util.Set.of("pod/x", "pod/z", "pod/w")), "the new leader's full set replaced the old");
    }

    // A node that starts now begins with the leader's current groups.
    views.join("d");
    Node d = new Node("d", cfg);
    await(() -> d.sources().equals(java.util.Set.of("pod/x", "pod/z", "pod/w")), "a late node gets the snapshot");
    assertEquals(0, running(created.get("d")));
  }
}
