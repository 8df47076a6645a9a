package io.hearth.node.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hearth.node.metrics.NotifierMetrics;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.discovery.kubernetes.MockCluster;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kubernetes_sd_configs} in an {@code alertmanagers} entry, against fabric8's mock API
 * server: Alertmanager pods become URLs after {@code relabel_configs}, pods that the rules drop
 * are listed as dropped, and a pod that appears or goes changes the URLs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifierKubernetesDiscoveryTest {
  static Pod alertmanagerPod(String name, String ip, String portName) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("monitoring")
        .addToLabels("app.kubernetes.io/name", "alertmanager").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("alertmanager").withImage("alertmanager:v0.25.0")
        .addNewPort().withName(portName).withContainerPort(9093).withProtocol("TCP").endPort().endContainer().endSpec()
        .withNewStatus().withPodIP(ip).withPhase("Running").endStatus().build();
  }

  static void await(Supplier<List<String>> actual, List<String> want) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!actual.get().equals(want) && System.nanoTime() < deadline) Thread.sleep(50);
    assertEquals(want, actual.get());
  }

  @Test
  void alertmanagerPodsAreDiscoveredRelabelledAndFollowed() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      var c = cluster.client();
      c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("monitoring").endMetadata().build()).create();
      c.pods().inNamespace("monitoring").resource(alertmanagerPod("alertmanager-0", "127.0.4.1", "web")).create();
      c.pods().inNamespace("monitoring").resource(alertmanagerPod("alertmanager-mesh", "127.0.4.9", "mesh")).create();
      String yaml = """
          alerting:
            alertmanagers:
              - path_prefix: /am
                kubernetes_sd_configs:
                  - role: pod
                    api_server: %s
                    namespaces: {names: [monitoring]}
                relabel_configs:
                  - {source_labels: [__meta_kubernetes_pod_container_port_name], regex: web, action: keep}
          """.formatted(cluster.url());
      try (Notifier n = new Notifier(10, false, new NotifierMetrics())) {
        n.apply(ConfigLoader.parse(yaml).alerting());
        await(n::activeAlertmanagers, List.of("http://127.0.4.1:9093/am/api/v2/alerts"));
        assertEquals(List.of("http://127.0.4.9:9093/am/api/v2/alerts"), n.droppedAlertmanagers());

        c.pods().inNamespace("monitoring").resource(alertmanagerPod("alertmanager-1", "127.0.4.2", "web")).create();
        await(() -> n.activeAlertmanagers().stream().sorted().toList(),
            List.of("http://127.0.4.1:9093/am/api/v2/alerts", "http://127.0.4.2:9093/am/api/v2/alerts"));
        c.pods().inNamespace("monitoring").withName("alertmanager-0").delete();
        await(n::activeAlertmanagers, List.of("http://127.0.4.2:9093/am/api/v2/alerts"));
      }
    }
  }
}
