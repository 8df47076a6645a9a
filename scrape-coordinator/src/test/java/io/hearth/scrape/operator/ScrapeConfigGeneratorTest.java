package io.hearth.scrape.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML model generated for monitors: the operator's relabel rules, in its order. */
class ScrapeConfigGeneratorTest {
  private static final SecretSource SECRETS = new SecretSource() {
    @Override
    public String secretKey(String namespace, String name, String key) {
      if (name.equals("absent")) throw new MissingReferenceException("secret " + namespace + "/" + name + " not found");
      return namespace + "/" + name + "/" + key;
    }

    @Override
    public String configMapKey(String namespace, String name, String key) {
      return "cm:" + namespace + "/" + name + "/" + key;
    }
  };
  private static final MonitorSettings ALL = MonitorSettings.selectAll("monitoring");

  private static Map<String, Object> r(Object... kv) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private static final List<Map<String, Object>> SHARDING = List.of(
      r("source_labels", List.of("__address__", "__tmp_hash"), "target_label", "__tmp_hash", "regex", "(.+);",
          "replacement", "$1", "action", "replace"),
      r("source_labels", List.of("__tmp_hash"), "target_label", "__tmp_hash", "modulus", 1, "action", "hashmod"),
      r("source_labels", List.of("__tmp_hash", "__tmp_disable_sharding"), "regex", "0;|.+;.+", "action", "keep"));

  @Test
  void serviceMonitorGetsTheOperatorsRelabelings() {
    Map<String, Object> cfg = ScrapeConfigGenerator.serviceMonitor("default", "nginx",
        MonitorWatcherTest.nginxServiceMonitorSpec(), ALL, SECRETS).get(0);
    assertEquals(List.of("job_name", "honor_labels", "kubernetes_sd_configs", "scrape_interval", "scrape_timeout",
        "metrics_path", "bearer_token", "relabel_configs", "metric_relabel_configs"), List.copyOf(cfg.keySet()));
    assertEquals("default/nginx-token/token", cfg.get("bearer_token"));
    List<Map<String, Object>> want = new java.util.ArrayList<>(List.of(
        r("source_labels", List.of("job"), "target_label", "__tmp_prometheus_job_name"),
        r("action", "keep", "source_labels", List.of("__meta_kubernetes_service_label_app_kubernetes_io_name",
            "__meta_kubernetes_service_labelpresent_app_kubernetes_io_name"), "regex", "(nginx);true"),
        r("action", "keep", "source_labels", List.of("__meta_kubernetes_endpoint_port_name"), "regex", "metrics"),
        r("source_labels", List.of("__meta_kubernetes_endpoint_address_target_kind",
            "__meta_kubernetes_endpoint_address_target_name"), "separator", ";", "regex", "Node;(.*)",
            "replacement", "${1}", "target_label", "node"),
        r("source_labels", List.of("__meta_kubernetes_endpoint_address_target_kind",
            "__meta_kubernetes_endpoint_address_target_name"), "separator", ";", "regex", "Pod;(.*)",
            "replacement", "${1}", "target_label", "pod"),
        r("source_labels", List.of("__meta_kubernetes_namespace"), "target_label", "namespace"),
        r("source_labels", List.of("__meta_kubernetes_service_name"), "target_label", "service"),
        r("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod"),
        r("source_labels", List.of("__meta_kubernetes_pod_container_name"), "target_label", "container"),
        r("action", "drop", "source_labels", List.of("__meta_kubernetes_pod_phase"), "regex", "(Failed|Succeeded)"),
        r("source_labels", List.of("__meta_kubernetes_service_label_app_kubernetes_io_name"), "target_label",
            "app_kubernetes_io_name", "regex", "(.+)", "replacement", "${1}"),
        r("source_labels", List.of("__meta_kubernetes_pod_label_app"), "target_label", "app", "regex", "(.+)",
            "replacement", "${1}"),
        r("source_labels", List.of("__meta_kubernetes_service_name"), "target_label", "job", "replacement", "${1}"),
        r("source_labels", List.of("__meta_kubernetes_service_label_app_kubernetes_io_name"), "target_label", "job",
            "regex", "(.+)", "replacement", "${1}"),
        r("target_label", "endpoint", "replacement", "metrics"),
        r("target_label", "team", "replacement", "web", "action", "replace")));
    want.addAll(SHARDING);
    assertEquals(want, cfg.get("relabel_configs"));
    assertEquals(List.of(r("source_labels", List.of("__name__"), "regex", "go_.*", "action", "drop")),
        cfg.get("metric_relabel_configs"));
  }

  @Test
  void podMonitorMapsExpressionsAndPortNumber() {
    Map<String, Object> spec = Map.of(
        "selector", Map.of("matchExpressions", List.of(
            Map.of("key", "app", "operator", "In", "values", List.of("a", "b")),
            Map.of("key", "legacy", "operator", "DoesNotExist"))),
        "namespaceSelector", Map.of("any", true),
        "attachMetadata", Map.of("node", true),
        "podMetricsEndpoints", List.of(Map.of("portNumber", 9100, "scheme", "HTTPS",
            "tlsConfig", Map.of("ca", Map.of("configMap", Map.of("name", "ca", "key", "ca.crt")), "insecureSkipVerify", true))));
    Map<String, Object> cfg = ScrapeConfigGenerator.podMonitor("monitoring", "ne", spec, ALL, SECRETS).get(0);
    assertEquals("podMonitor/monitoring/ne/0", cfg.get("job_name"));
    assertEquals(List.of(r("role", "pod", "attach_metadata", Map.of("node", true))), cfg.get("kubernetes_sd_configs"));
    assertEquals("https", cfg.get("scheme"));
    assertEquals(r("ca", "cm:monitoring/ca/ca.crt", "insecure_skip_verify", true), cfg.get("tls_config"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rl = (List<Map<String, Object>>) cfg.get("relabel_configs");
    assertEquals(List.of(
        r("source_labels", List.of("job"), "target_label", "__tmp_prometheus_job_name"),
        r("action", "drop", "source_labels", List.of("__meta_kubernetes_pod_phase"), "regex", "(Failed|Succeeded)"),
        r("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_label_app",
            "__meta_kubernetes_pod_labelpresent_app"), "regex", "(a|b);true"),
        r("action", "drop", "source_labels", List.of("__meta_kubernetes_pod_labelpresent_legacy"), "regex", "true"),
        r("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_container_port_number"), "regex", "9100"),
        r("source_labels", List.of("__meta_kubernetes_namespace"), "target_label", "namespace"),
        r("source_labels", List.of("__meta_kubernetes_pod_container_name"), "target_label", "container"),
        r("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod"),
        r("target_label", "job", "replacement", "monitoring/ne")), rl.subList(0, 9));
    assertEquals(SHARDING, rl.subList(9, rl.size()));
  }

  @Test
  void roleSelectorMechanismMovesTheSelectorIntoTheSdConfig() {
    Map<String, Object> spec = Map.of("selectorMechanism", "RoleSelector",
        "selector", Map.of("matchLabels", Map.of("app", "x")), "endpoints", List.of(Map.of("port", "web")));
    Map<String, Object> cfg = ScrapeConfigGenerator.serviceMonitor("ns", "m", spec, ALL, SECRETS).get(0);
    assertEquals(List.of(r("role", "endpoints", "namespaces", Map.of("names", List.of("ns")), "selectors",
        List.of(r("role", "endpoints", "label", "app=x"), r("role", "service", "label", "app=x")))),
        cfg.get("kubernetes_sd_configs"));
  }

  @Test
  void missingSecretInvalidatesTheMonitor() {
    Map<String, Object> spec = Map.of("endpoints", List.of(Map.of("port", "web",
        "basicAuth", Map.of("username", Map.of("name", "absent", "key", "u")))));
    assertThrows(SecretSource.MissingReferenceException.class,
        () -> ScrapeConfigGenerator.serviceMonitor("ns", "m", spec, ALL, SECRETS));
  }

  @Test
  void labelSelectorMatchesLikeKubernetes() {
    LabelSelector s = LabelSelector.fromPlain(Map.of("matchLabels", Map.of("a", "1"), "matchExpressions",
        List.of(Map.of("key", "b", "operator", "NotIn", "values", List.of("x")), Map.of("key", "c", "operator", "Exists"))));
    assertEquals(true, s.matches(Map.of("a", "1", "c", "")));
    assertEquals(false, s.matches(Map.of("a", "1", "b", "x", "c", "")));
    assertEquals(false, s.matches(Map.of("a", "1")));
    assertEquals("a=1,b notin (x),c", s.toSelectorString());
  }
}
