package io.hearth.scrape.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML model generated for monitors and ScrapeConfigs: the operator's fields and relabel rules, in its order. */
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
  void scrapeConfigBecomesOneJobWithTheOperatorsFieldsAndRelabelings() {
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("jobName", "exporters");
    spec.put("honorLabels", true);
    spec.put("honorTimestamps", false);
    spec.put("metricsPath", "/probe");
    spec.put("params", Map.of("module", List.of("http_2xx")));
    spec.put("scheme", "HTTPS");
    spec.put("scrapeInterval", "15s");
    spec.put("scrapeTimeout", "5s");
    spec.put("basicAuth", Map.of("username", Map.of("name", "creds", "key", "user"),
        "password", Map.of("name", "creds", "key", "pass")));
    spec.put("tlsConfig", Map.of("ca", Map.of("configMap", Map.of("name", "ca", "key", "ca.crt")), "serverName", "x"));
    spec.put("sampleLimit", 1000);
    spec.put("targetLimit", 10);
    spec.put("staticConfigs", List.of(Map.of("targets", List.of("a:9100", "b:9100"), "labels", Map.of("env", "prod")),
        Map.of("targets", List.of("c:9100"))));
    spec.put("fileSDConfigs", List.of(Map.of("files", List.of("/etc/sd/*.json"), "refreshInterval", "1m")));
    spec.put("kubernetesSDConfigs", List.of(Map.of("role", "EndpointSlice",
        "namespaces", Map.of("names", List.of("web"), "ownNamespace", true),
        "selectors", List.of(Map.of("role", "Pod", "label", "app=web")),
        "attachMetadata", Map.of("node", true),
        "oauth2", Map.of("tokenUrl", "http://idp"))));
    spec.put("httpSDConfigs", List.of(Map.of("url", "http://sd.example/targets")));
    spec.put("relabelings", List.of(Map.of("sourceLabels", List.of("__meta_kubernetes_pod_label_app"),
        "targetLabel", "app", "action", "Replace")));
    spec.put("metricRelabelings", List.of(Map.of("sourceLabels", List.of("__name__"), "regex", "go_.*",
        "action", "Drop")));
    List<String> unsupported = new java.util.ArrayList<>();

    Map<String, Object> cfg = ScrapeConfigGenerator.scrapeConfig("monitoring", "ext", spec, SECRETS, unsupported::add);

    assertEquals(List.of("httpSDConfigs", "kubernetesSDConfigs[0].oauth2"), unsupported);
    assertEquals(List.of("job_name", "honor_labels", "honor_timestamps", "metrics_path", "scrape_interval",
        "scrape_timeout", "params", "scheme", "basic_auth", "tls_config", "static_configs", "file_sd_configs",
        "kubernetes_sd_configs", "relabel_configs", "sample_limit", "target_limit", "metric_relabel_configs"),
        List.copyOf(cfg.keySet()));
    assertEquals(r(
        "job_name", "scrapeConfig/monitoring/ext",
        "honor_labels", true,
        "honor_timestamps", false,
        "metrics_path", "/probe",
        "scrape_interval", "15s",
        "scrape_timeout", "5s",
        "params", Map.of("module", List.of("http_2xx")),
        "scheme", "https",
        "basic_auth", r("username", "monitoring/creds/user", "password", "monitoring/creds/pass"),
        "tls_config", r("ca", "cm:monitoring/ca/ca.crt", "server_name", "x"),
        "static_configs", List.of(r("targets", List.of("a:9100", "b:9100"), "labels", Map.of("env", "prod")),
            r("targets", List.of("c:9100"), "labels", Map.of())),
        "file_sd_configs", List.of(r("files", List.of("/etc/sd/*.json"), "refresh_interval", "1m")),
        "kubernetes_sd_configs", List.of(r("role", "endpointslice",
            "namespaces", r("names", List.of("web"), "own_namespace", true),
            "selectors", List.of(r("role", "pod", "label", "app=web")),
            "attach_metadata", Map.of("node", true))),
        "relabel_configs", List.of(
            r("source_labels", List.of("job"), "target_label", "__tmp_prometheus_job_name"),
            r("target_label", "job", "action", "replace", "replacement", "exporters"),
            r("source_labels", List.of("__meta_kubernetes_pod_label_app"), "target_label", "app", "action", "replace")),
        "sample_limit", 1000,
        "target_limit", 10,
        "metric_relabel_configs", List.of(r("source_labels", List.of("__name__"), "regex", "go_.*", "action", "drop"))),
        cfg);
  }

  @Test
  void scrapeConfigWithoutJobNameKeepsTheOperatorsJobAndNoSharding() {
    Map<String, Object> cfg = ScrapeConfigGenerator.scrapeConfig("ns", "bare",
        Map.of("staticConfigs", List.of(Map.of("targets", List.of("h:1")))), SECRETS, f -> {
          throw new AssertionError("nothing unsupported, got " + f);
        });
    assertEquals(r("job_name", "scrapeConfig/ns/bare", "honor_labels", false,
        "static_configs", List.of(r("targets", List.of("h:1"), "labels", Map.of())),
        "relabel_configs", List.of(r("source_labels", List.of("job"), "target_label", "__tmp_prometheus_job_name"))),
        cfg);
  }

  @Test
  void scrapeConfigIgnoresAttachMetadataForRolesWithoutIt() {
    List<String> unsupported = new java.util.ArrayList<>();
    Map<String, Object> cfg = ScrapeConfigGenerator.scrapeConfig("ns", "nodes", Map.of("kubernetesSDConfigs",
        List.of(Map.of("role", "Node", "attachMetadata", Map.of("node", true)))), SECRETS, unsupported::add);
    assertEquals(List.of(r("role", "node")), cfg.get("kubernetes_sd_configs"));
    assertEquals(List.of("kubernetesSDConfigs[0].attachMetadata (role node)"), unsupported);
  }

  @Test
  void scrapeConfigWithMissingSecretIsInvalid() {
    Map<String, Object> spec = Map.of("authorization", Map.of("credentials", Map.of("name", "absent", "key", "t")));
    assertThrows(SecretSource.MissingReferenceException.class,
        () -> ScrapeConfigGenerator.scrapeConfig("ns", "m", spec, SECRETS, f -> { }));
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
