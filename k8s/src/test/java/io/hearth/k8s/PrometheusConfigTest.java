package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.hearth.node.NodeConfig;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.ScrapeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The prometheus.yml in the ConfigMap is one Hearth loads, and scrapes what kube-prometheus-stack does. */
class PrometheusConfigTest {
  static final String TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  static final String CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  static final Set<String> SD_FIELDS = Set.of("role", "namespaces", "selectors", "attach_metadata");
  static final Set<String> NAMESPACES_FIELDS = Set.of("names", "own_namespace");

  static Stream<Build> builds() {
    return Build.all();
  }

  static String text(Build b) {
    NodeConfig cfg = StatefulSetTest.nodeConfig(b, 0);
    String cm = b.statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName();
    return b.configMap(cm).getData().get(cfg.configFile().getFileName().toString());
  }

  static Map<String, ScrapeConfig> jobs(Config c) {
    Map<String, ScrapeConfig> m = new HashMap<>();
    for (ScrapeConfig s : c.scrapeConfigs()) m.put(s.jobName(), s);
    return m;
  }

  static JsonNode rawJob(Build b, String job) {
    for (JsonNode j : Yaml.readAll(text(b)).get(0).path("scrape_configs")) {
      if (j.path("job_name").asText().equals(job)) return j;
    }
    throw new AssertionError("no job " + job);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void hearthLoadsTheConfigurationAndScrapesEvery15Seconds(Build b) {
    Config c = ConfigLoader.parse(text(b));
    assertEquals(Duration.ofSeconds(15), c.global().scrapeInterval());
    assertEquals(Set.of("hearth", "apiserver", "kubelet", "kubelet-cadvisor", "node-exporter", "kube-state-metrics", "kubernetes-pods"),
        jobs(c).keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void kubernetesServiceDiscoveryUsesKnownRolesThatRbacAllows(Build b) {
    Config c = ConfigLoader.parse(text(b));
    Set<String> used = new TreeSet<>();
    for (ScrapeConfig s : c.scrapeConfigs()) {
      for (Object o : s.kubernetesSdConfigs()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sd = (Map<String, Object>) o;
        assertTrue(SD_FIELDS.containsAll(sd.keySet()), s.jobName() + ": kubernetes_sd_configs fields " + sd.keySet()
            + " (in-cluster only: no api_server or kubeconfig_file)");
        String role = (String) sd.get("role");
        assertTrue(RbacTest.DISCOVERY_ROLES.containsKey(role), s.jobName() + ": unknown role " + role);
        used.add(role);
        if (sd.get("namespaces") != null) {
          @SuppressWarnings("unchecked")
          Map<String, Object> ns = (Map<String, Object>) sd.get("namespaces");
          assertTrue(NAMESPACES_FIELDS.containsAll(ns.keySet()), s.jobName() + ": namespaces fields " + ns.keySet());
        }
      }
    }
    assertTrue(RbacTest.coveredDiscoveryRoles(b).containsAll(used), b + ": roles " + used);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void httpsJobsAuthenticateWithTheMountedServiceAccountToken(Build b) {
    Config c = ConfigLoader.parse(text(b));
    var pod = b.statefulSet().getSpec().getTemplate().getSpec();
    ServiceAccount sa = b.one(ServiceAccount.class, pod.getServiceAccountName());
    assertNotEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    assertNotEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken());
    for (String job : List.of("apiserver", "kubelet", "kubelet-cadvisor")) {
      ScrapeConfig s = jobs(c).get(job);
      assertEquals("https", s.scheme(), job);
      HttpClientConfig h = s.httpClientConfig();
      assertEquals("Bearer", h.authorization().type(), job);
      assertEquals(TOKEN, h.authorization().credentialsFile(), job);
      assertEquals(CA, h.tlsConfig().caFile(), job);
    }
    assertFalse(jobs(c).get("apiserver").httpClientConfig().tlsConfig().insecureSkipVerify(), "the API server's certificate is verified");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void kubeletAndCadvisorSeriesCarryKubePrometheusStacksJobAndMetricsPathLabels(Build b) {
    Config c = ConfigLoader.parse(text(b));
    assertEquals("/metrics", jobs(c).get("kubelet").metricsPath());
    assertEquals("/metrics/cadvisor", jobs(c).get("kubelet-cadvisor").metricsPath());
    for (String job : List.of("kubelet", "kubelet-cadvisor")) {
      JsonNode raw = rawJob(b, job);
      assertEquals("node", raw.at("/kubernetes_sd_configs/0/role").asText(), job + ": straight to each kubelet, no API server proxy");
      boolean metricsPath = false;
      boolean jobLabel = job.equals("kubelet");
      for (JsonNode r : raw.path("relabel_configs")) {
        metricsPath |= r.path("target_label").asText().equals("metrics_path")
            && r.path("source_labels").toString().equals("[\"__metrics_path__\"]");
        jobLabel |= r.path("target_label").asText().equals("job") && r.path("replacement").asText().equals("kubelet");
      }
      assertTrue(metricsPath, job + ": metrics_path label");
      assertTrue(jobLabel, job + ": job=\"kubelet\" as kube-prometheus-stack's dashboards expect");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theSelfScrapeJobKeepsTheStatefulSetsPodsOnTheirHttpPort(Build b) {
    JsonNode keep = rawJob(b, "hearth").path("relabel_configs").get(0);
    assertEquals("keep", keep.path("action").asText());
    assertEquals("[\"__meta_kubernetes_pod_label_app_kubernetes_io_name\",\"__meta_kubernetes_pod_container_port_name\"]",
        keep.path("source_labels").toString());
    String value = b.podLabels().get("app.kubernetes.io/name") + ";" + "http";
    assertTrue(Pattern.compile("^(?:" + keep.path("regex").asText() + ")$").matcher(value).matches(), value);
    b.containerPort("http");
    assertEquals("pod", rawJob(b, "hearth").at("/kubernetes_sd_configs/0/role").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void exporterJobsSelectKubePrometheusStacksServicesByLabelAndPort(Build b) {
    Map<String, String> expected = Map.of("node-exporter", "prometheus-node-exporter;http-metrics",
        "kube-state-metrics", "kube-state-metrics;http", "apiserver", "default;kubernetes;https");
    expected.forEach((job, value) -> {
      JsonNode raw = rawJob(b, job);
      assertEquals("endpoints", raw.at("/kubernetes_sd_configs/0/role").asText(), job);
      JsonNode keep = raw.path("relabel_configs").get(0);
      assertEquals("keep", keep.path("action").asText(), job);
      assertTrue(Pattern.compile("^(?:" + keep.path("regex").asText() + ")$").matcher(value).matches(), job);
    });
    assertTrue(jobs(ConfigLoader.parse(text(b))).get("kube-state-metrics").honorLabels(),
        "kube-state-metrics' namespace/pod labels describe the object, not the exporter");
  }
}
