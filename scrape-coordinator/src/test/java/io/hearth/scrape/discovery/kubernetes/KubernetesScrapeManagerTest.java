package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.loop.RecordingAppendable;
import io.hearth.scrape.loop.ScrapeException;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.manager.DiscovererFactory;
import io.hearth.scrape.manager.ScrapeManager;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scrape manager whose configuration has {@code kubernetes_sd_configs} discovers targets from
 * the mock API server through {@link KubernetesDiscovererFactory}; the discovered and final labels
 * equal the oracle's (scrapes are stubbed: nothing is fetched).
 */
@Timeout(60)
class KubernetesScrapeManagerTest {
  private MockCluster cluster;
  private ScrapeManager mgr;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    EksFixtures.load(cluster.client());
    mgr = new ScrapeManager(new RecordingAppendable(), ScrapeManager.Options.defaults()
        .withDiscoverers(new KubernetesDiscovererFactory(cluster::connection, DiscovererFactory.NONE))
        .withScrapers((cfg, client, target, timeout) -> () -> {
          throw new ScrapeException("stub: not scraped");
        }));
  }

  @AfterEach
  void tearDown() {
    mgr.stop(false);
    cluster.close();
  }

  private ScrapeTarget awaitTarget(String job, String instance) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (ScrapeTarget t : mgr.activeTargets()) {
        if (t.scrapePool().equals(job) && t.publicLabels().get("instance").equals(instance)) return t;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no target " + instance + " in job " + job + "; active: " + mgr.activeTargets());
  }

  @Test
  void discoveredAndFinalLabelsMatchOracle() throws Exception {
    String api = cluster.url();
    Config c = ConfigLoader.parse("""
        global: {scrape_interval: 60s}
        scrape_configs:
          - job_name: k8s-node
            kubernetes_sd_configs: [{role: node, api_server: '%1$s'}]
          - job_name: k8s-pod-kube-system
            kubernetes_sd_configs:
              - {role: pod, api_server: '%1$s', namespaces: {names: [kube-system]}}
            relabel_configs:
              - {source_labels: [__address__], target_label: instance}
              - {target_label: __address__, replacement: '127.0.0.1:18499'}
          - job_name: k8s-service
            kubernetes_sd_configs: [{role: service}]
            relabel_configs:
              - {source_labels: [__address__], target_label: instance}
              - {target_label: __address__, replacement: '127.0.0.1:18499'}
        """.formatted(api));
    KubernetesSdConfig.validate(c);
    mgr.apply(c);

    ScrapeTarget node = awaitTarget("k8s-node", EksFixtures.NODE1);
    assertEquals(OracleTargets.asPrometheus(OracleTargets.NODE, Map.of()), new TreeMap<>(node.discoveredLabels().toMap()));
    assertEquals(Map.of("instance", EksFixtures.NODE1, "job", "k8s-node"), node.publicLabels().toMap());

    ScrapeTarget pod = awaitTarget("k8s-pod-kube-system", "127.0.1.10:61678");
    Map<String, String> want = OracleTargets.asPrometheus(OracleTargets.POD_KUBE_SYSTEM,
        Map.of("__meta_kubernetes_pod_container_image", "amazon-k8s-cni:v1.18.1", "__meta_kubernetes_pod_uid",
            cluster.client().pods().inNamespace("kube-system").withName("aws-node-7xk2p").get().getMetadata().getUid()));
    assertEquals(want, new TreeMap<>(pod.discoveredLabels().toMap()));
    assertEquals(Map.of("instance", "127.0.1.10:61678", "job", "k8s-pod-kube-system"), pod.publicLabels().toMap());
    assertEquals("http://127.0.0.1:18499/metrics", pod.url());

    // the service job has no api_server: the factory's in-cluster connection (here the mock) is used
    ScrapeTarget svc = awaitTarget("k8s-service", "nginx.default.svc:9113");
    assertEquals(OracleTargets.asPrometheus(OracleTargets.SERVICE, Map.of("__meta_kubernetes_service_port_number", "9113")),
        new TreeMap<>(svc.discoveredLabels().toMap()));
    assertEquals(List.of(2, 2, 4), List.of(count("k8s-node"), count("k8s-pod-kube-system"), count("k8s-service")));
  }

  private int count(String job) {
    return (int) mgr.activeTargets().stream().filter(t -> t.scrapePool().equals(job)).count();
  }
}
