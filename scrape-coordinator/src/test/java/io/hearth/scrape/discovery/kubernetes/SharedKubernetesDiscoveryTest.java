package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.scrape.cluster.InProcessViews;
import io.hearth.scrape.cluster.SharedDiscovery;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.loop.RecordingAppendable;
import io.hearth.scrape.loop.ScrapeException;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.manager.DiscovererFactory;
import io.hearth.scrape.manager.ScrapeManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three scrape managers of one cluster with a {@code kubernetes_sd_configs} job against the mock
 * API server: only the leader watches the API, every node knows every target, each target is
 * scraped by exactly one node, and when the leader goes the next one watches and follows changes.
 */
@Timeout(90)
class SharedKubernetesDiscoveryTest {
  private MockCluster cluster;
  private final List<ScrapeManager> managers = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (ScrapeManager m : managers) m.stop(false);
    if (cluster != null) cluster.close();
  }

  /** Counts the real Kubernetes discoverers started on a node. */
  private static DiscovererFactory counting(DiscovererFactory real, AtomicInteger started) {
    return cfg -> {
      List<Discoverer> out = new ArrayList<>();
      for (Discoverer d : real.create(cfg)) {
        out.add(new Discoverer() {
          @Override
          public void start(Consumer<List<TargetGroup>> updates) {
            started.incrementAndGet();
            d.start(updates);
          }

          @Override
          public void close() {
            d.close();
          }
        });
      }
      return out;
    };
  }

  private static Set<String> instances(ScrapeManager m) {
    Set<String> out = new TreeSet<>();
    for (ScrapeTarget t : m.activeTargets()) out.add(t.publicLabels().get("instance"));
    return out;
  }

  @Test
  void onlyTheLeaderWatchesTheApiAndEveryTargetIsScrapedOnceAcrossALeaderChange() throws Exception {
    cluster = new MockCluster();
    EksFixtures.load(cluster.client());
    InProcessViews views = new InProcessViews("a", "b", "c");
    List<AtomicInteger> starts = new ArrayList<>();
    List<SharedDiscovery> shared = new ArrayList<>();
    Config c = ConfigLoader.parse("""
        global: {scrape_interval: 60s}
        scrape_configs:
          - job_name: k8s-pod
            kubernetes_sd_configs: [{role: pod, api_server: '%s'}]
            relabel_configs:
              - {source_labels: [__address__], target_label: instance}
        """.formatted(cluster.url()));
    for (int i = 0; i < 3; i++) {
      String name = views.nodes().get(i);
      AtomicInteger started = new AtomicInteger();
      starts.add(started);
      SharedDiscovery sd = new SharedDiscovery(counting(new KubernetesDiscovererFactory(cluster::connection, DiscovererFactory.NONE), started),
          views.view(name));
      shared.add(sd);
      ScrapeManager m = new ScrapeManager(new RecordingAppendable(), ScrapeManager.Options.defaults().withDiscoverers(sd)
          .withScrapers((cfg, client, target, timeout) -> () -> {
            throw new ScrapeException("stub: not scraped");
          }));
      int me = i;
      // Each node scrapes the targets whose hash maps to it, as the cluster's partition owners do.
      m.assign(h -> Math.floorMod(h, 3) == me);
      m.apply(c);
      managers.add(m);
    }
    Set<String> all = new TreeSet<>();
    Poll.until(() -> {
      all.clear();
      int n = 0;
      for (ScrapeManager m : managers) {
        all.addAll(instances(m));
        n += m.activeTargets().size();
      }
      return !all.isEmpty() && n == all.size() && all.size() >= 4;
    }, "every pod target scraped by exactly one node");
    assertEquals(List.of(1, 0, 0), List.of(starts.get(0).get(), starts.get(1).get(), starts.get(2).get()),
        "only the leader watches the Kubernetes API");

    // The leader goes: b leads and watches; a pod created now reaches every node through b.
    managers.get(0).stop(false);
    views.leave("a");
    views.lead("b");
    shared.get(1).leadershipMayHaveChanged();
    shared.get(2).leadershipMayHaveChanged();
    // a's targets move to the two survivors, as its partitions would.
    managers.get(1).assign(h -> Math.floorMod(h, 2) == 0);
    managers.get(2).assign(h -> Math.floorMod(h, 2) == 1);
    assertEquals(1, starts.get(1).get(), "the new leader watches");
    assertEquals(0, starts.get(2).get(), "the other follower still does not");
    cluster.client().pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withName("late-pod").withNamespace("default").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("app:1").addNewPort().withContainerPort(8080).endPort().endContainer().endSpec()
        .withNewStatus().withPodIP("10.1.2.3").withPhase("Running").endStatus().build())
        // createOr: on a loaded machine the client may retry a POST the server already took (409 then).
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    Poll.until(() -> {
      Set<String> u = new TreeSet<>();
      u.addAll(instances(managers.get(1)));
      u.addAll(instances(managers.get(2)));
      int n = managers.get(1).activeTargets().size() + managers.get(2).activeTargets().size();
      return u.contains("10.1.2.3:8080") && u.containsAll(all) && n == u.size();
    }, "every earlier target and the new pod, each scraped by exactly one of the two nodes left");
  }
}
