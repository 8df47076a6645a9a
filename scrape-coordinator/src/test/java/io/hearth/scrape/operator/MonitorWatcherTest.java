package io.hearth.scrape.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hearth.scrape.config.Authorization;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.GlobalConfig;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.config.StaticConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.StaticDiscoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.discovery.kubernetes.EksFixtures;
import io.hearth.scrape.discovery.kubernetes.GroupRecorder;
import io.hearth.scrape.discovery.kubernetes.KubernetesDiscovererFactory;
import io.hearth.scrape.discovery.kubernetes.MockCluster;
import io.hearth.scrape.manager.DiscovererFactory;
import io.hearth.scrape.manager.TargetBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ServiceMonitors, PodMonitors and ScrapeConfigs on the mock API server (with {@link EksFixtures})
 * become the operator's scrape jobs; the targets those jobs discover get the operator's final
 * labels; the generated list follows changes to the objects.
 */
@Timeout(90)
class MonitorWatcherTest {
  private static final long WAIT_MS = 30_000;
  private MockCluster cluster;
  private MonitorWatcher watcher;
  private final Published<List<ScrapeConfig>> published = new Published<>();

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    KubernetesClient c = cluster.client();
    EksFixtures.load(c);
    c.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("nginx-token")
        .endMetadata().withData(Map.of("token", b64("s3cr3t"))).build()).create();
    c.secrets().inNamespace("monitoring").resource(new SecretBuilder().withNewMetadata().withName("aws-basic")
        .endMetadata().withData(Map.of("user", b64("admin"), "pass", b64("pw"))).build()).create();
  }

  @AfterEach
  void tearDown() {
    if (watcher != null) watcher.close();
    cluster.close();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static GenericKubernetesResource monitor(String kind, String ns, String name, Map<String, Object> spec) {
    return resource("monitoring.coreos.com/v1", kind, ns, name, "hearth", spec);
  }

  private static GenericKubernetesResource resource(String apiVersion, String kind, String ns, String name,
      String release, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind(kind)
        .withNewMetadata().withName(name).withNamespace(ns).withLabels(Map.of("release", release)).endMetadata()
        .addToAdditionalProperties("spec", spec).build();
  }

  /** A ScrapeConfig object labelled {@code release=<release>}, created or (when it exists) replaced. */
  private void applyScrapeConfig(String ns, String name, String release, Map<String, Object> spec) {
    cluster.client().genericKubernetesResources(MockCluster.SCRAPE_CONFIGS).inNamespace(ns)
        .resource(resource("monitoring.coreos.com/v1alpha1", "ScrapeConfig", ns, name, release, spec)).createOr(
            existing -> existing.update());
  }

  /** ScrapeConfigs labelled release=hearth in namespaces labelled scrape=yes; no monitors. */
  private static final MonitorSettings SCRAPE_CONFIGS_ONLY = new MonitorSettings(null, null, null, null,
      LabelSelector.of(Map.of("release", "hearth")), LabelSelector.of(Map.of("scrape", "yes")), "monitoring", false,
      false);

  private void labelNamespace(String ns) {
    cluster.client().namespaces().withName(ns).edit(n -> {
      n.getMetadata().setLabels(Map.of("scrape", "yes"));
      return n;
    });
  }

  static Map<String, Object> staticScrapeConfigSpec() {
    return Map.of(
        "jobName", "static-exporters",
        "staticConfigs", List.of(Map.of("targets", List.of("127.0.0.1:18499"), "labels", Map.of("env", "test")),
            Map.of("targets", List.of("127.0.0.2:18499"))),
        "scrapeInterval", "15s",
        "scrapeTimeout", "5s",
        "metricsPath", "/probe",
        "params", Map.of("module", List.of("http_2xx")),
        "basicAuth", Map.of("username", Map.of("name", "aws-basic", "key", "user"),
            "password", Map.of("name", "aws-basic", "key", "pass")));
  }

  /** Static targets' final labels under the job's relabeling, sorted. */
  private static List<Map<String, String>> staticFinalLabels(ScrapeConfig cfg) {
    List<Map<String, String>> out = new ArrayList<>();
    for (TargetGroup g : new StaticDiscoverer(cfg.staticConfigs()).groups()) {
      for (TargetBuilder.Result r : TargetBuilder.build(cfg, g)) {
        if (r.target() != null) out.add(r.target().publicLabels().toMap());
      }
    }
    out.sort(Comparator.comparing(Map::toString));
    return out;
  }

  static Map<String, Object> nginxServiceMonitorSpec() {
    return Map.of(
        "selector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "nginx")),
        "jobLabel", "app.kubernetes.io/name",
        "targetLabels", List.of("app.kubernetes.io/name"),
        "podTargetLabels", List.of("app"),
        "endpoints", List.of(Map.of(
            "port", "metrics",
            "interval", "30s",
            "scrapeTimeout", "5s",
            "path", "/metrics",
            "bearerTokenSecret", Map.of("name", "nginx-token", "key", "token"),
            "relabelings", List.of(Map.of("targetLabel", "team", "replacement", "web", "action", "Replace")),
            "metricRelabelings", List.of(Map.of("sourceLabels", List.of("__name__"), "regex", "go_.*",
                "action", "drop")))));
  }

  static Map<String, Object> awsNodePodMonitorSpec() {
    return Map.of(
        "selector", Map.of("matchLabels", Map.of("k8s-app", "aws-node")),
        "namespaceSelector", Map.of("matchNames", List.of("kube-system")),
        "podMetricsEndpoints", List.of(Map.of(
            "port", "metrics",
            "honorLabels", true,
            "basicAuth", Map.of("username", Map.of("name", "aws-basic", "key", "user"),
                "password", Map.of("name", "aws-basic", "key", "pass")))));
  }

  private void startWatcher(MonitorSettings settings) {
    watcher = new MonitorWatcher(cluster.client(), settings, GlobalConfig.DEFAULT,
        new ClientSecretSource(cluster.client()), Duration.ofSeconds(30), published);
    watcher.start();
  }

  private List<ScrapeConfig> await(Predicate<List<ScrapeConfig>> cond, String what) throws InterruptedException {
    return published.await(cond, WAIT_MS, what);
  }


  private static List<String> jobs(List<ScrapeConfig> l) {
    return l.stream().map(ScrapeConfig::jobName).toList();
  }

  /** Discovers the job's targets on the mock and applies its relabeling: the final (public) label sets, sorted. */
  private List<Map<String, String>> finalLabels(ScrapeConfig cfg) throws InterruptedException {
    List<Discoverer> ds = new KubernetesDiscovererFactory(cluster::connection, DiscovererFactory.NONE).create(cfg);
    assertEquals(1, ds.size());
    GroupRecorder rec = new GroupRecorder();
    ds.get(0).start(rec);
    try {
      rec.await(t -> true, WAIT_MS, "first update of " + cfg.jobName());
      List<Map<String, String>> out = new ArrayList<>();
      for (TargetGroup g : rec.groups().values()) {
        for (TargetBuilder.Result r : TargetBuilder.build(cfg, g)) {
          if (r.target() != null) out.add(r.target().publicLabels().toMap());
        }
      }
      out.sort(Comparator.comparing(Map::toString));
      return out;
    } finally {
      ds.get(0).close();
    }
  }

  @Test
  void monitorsBecomeOperatorJobsWithOperatorLabels() throws Exception {
    KubernetesClient c = cluster.client();
    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default")
        .resource(monitor("ServiceMonitor", "default", "nginx", nginxServiceMonitorSpec())).create();
    c.genericKubernetesResources(MockCluster.POD_MONITORS).inNamespace("monitoring")
        .resource(monitor("PodMonitor", "monitoring", "aws-node", awsNodePodMonitorSpec())).create();
    startWatcher(MonitorSettings.selectAll("monitoring"));

    List<ScrapeConfig> cfgs = await(l -> l.size() == 2, "two generated jobs");
    assertEquals(List.of("serviceMonitor/default/nginx/0", "podMonitor/monitoring/aws-node/0"), jobs(cfgs));

    ScrapeConfig sm = cfgs.get(0);
    assertEquals(Duration.ofSeconds(30), sm.scrapeInterval());
    assertEquals(Duration.ofSeconds(5), sm.scrapeTimeout());
    assertEquals(new Authorization("Bearer", "s3cr3t", ""), sm.httpClientConfig().authorization());
    assertEquals(1, sm.metricRelabelConfigs().size());
    assertEquals(List.of(Map.of("role", "endpoints", "namespaces", Map.of("names", List.of("default")))),
        sm.kubernetesSdConfigs());
    assertEquals(List.of(
        Map.of("instance", "127.0.3.11:9113", "job", "nginx", "namespace", "default", "service", "nginx",
            "pod", EksFixtures.NGINX1, "container", "exporter", "endpoint", "metrics", "app_kubernetes_io_name", "nginx",
            "app", "nginx", "team", "web"),
        Map.of("instance", "127.0.3.12:9113", "job", "nginx", "namespace", "default", "service", "nginx",
            "pod", EksFixtures.NGINX2, "container", "exporter", "endpoint", "metrics", "app_kubernetes_io_name", "nginx",
            "app", "nginx", "team", "web")), finalLabels(sm));

    ScrapeConfig pm = cfgs.get(1);
    assertTrue(pm.honorLabels());
    assertEquals("admin", pm.httpClientConfig().basicAuth().username());
    assertEquals("pw", pm.httpClientConfig().basicAuth().password());
    assertEquals(List.of(
        Map.of("instance", "127.0.1.10:61678", "job", "monitoring/aws-node", "namespace", "kube-system",
            "pod", "aws-node-7xk2p", "container", "aws-node", "endpoint", "metrics"),
        Map.of("instance", "127.0.2.20:61678", "job", "monitoring/aws-node", "namespace", "kube-system",
            "pod", "aws-node-q9z4w", "container", "aws-node", "endpoint", "metrics")), finalLabels(pm));
  }

  @Test
  void generatedJobsFollowMonitorChanges() throws Exception {
    KubernetesClient c = cluster.client();
    startWatcher(MonitorSettings.selectAll("monitoring"));
    await(List::isEmpty, "the empty initial list");

    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default")
        .resource(monitor("ServiceMonitor", "default", "nginx", nginxServiceMonitorSpec())).create();
    await(l -> jobs(l).equals(List.of("serviceMonitor/default/nginx/0")), "ServiceMonitor added");

    Map<String, Object> twoEndpoints = new java.util.HashMap<>(nginxServiceMonitorSpec());
    twoEndpoints.put("endpoints", List.of(Map.of("port", "metrics"), Map.of("port", "http", "path", "/status")));
    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default")
        .resource(monitor("ServiceMonitor", "default", "nginx", twoEndpoints)).update();
    List<ScrapeConfig> two = await(l -> l.size() == 2, "second endpoint");
    assertEquals("/status", two.get(1).metricsPath());
    assertEquals(List.of(Map.of("instance", "127.0.3.11:80", "job", "nginx", "namespace", "default", "service", "nginx",
            "pod", EksFixtures.NGINX1, "container", "nginx", "endpoint", "http", "app_kubernetes_io_name", "nginx",
            "app", "nginx"),
        Map.of("instance", "127.0.3.12:80", "job", "nginx", "namespace", "default", "service", "nginx",
            "pod", EksFixtures.NGINX2, "container", "nginx", "endpoint", "http", "app_kubernetes_io_name", "nginx",
            "app", "nginx")), finalLabels(two.get(1)));

    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default").withName("nginx").delete();
    await(List::isEmpty, "ServiceMonitor deleted");
  }

  @Test
  void selectorsAndMissingSecretsExcludeMonitors() throws Exception {
    KubernetesClient c = cluster.client();
    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default")
        .resource(monitor("ServiceMonitor", "default", "nginx", nginxServiceMonitorSpec())).create();
    Map<String, Object> broken = new java.util.HashMap<>(nginxServiceMonitorSpec());
    broken.put("endpoints", List.of(Map.of("port", "metrics", "bearerTokenSecret", Map.of("name", "absent", "key", "t"))));
    c.genericKubernetesResources(MockCluster.SERVICE_MONITORS).inNamespace("default")
        .resource(monitor("ServiceMonitor", "default", "broken", broken)).create();
    c.genericKubernetesResources(MockCluster.POD_MONITORS).inNamespace("monitoring")
        .resource(monitor("PodMonitor", "monitoring", "aws-node", awsNodePodMonitorSpec())).create();
    // ServiceMonitors from namespace "default" only (by its name label); no PodMonitor selector: none selected
    startWatcher(new MonitorSettings(LabelSelector.of(Map.of("release", "hearth")),
        LabelSelector.of(Map.of("kubernetes.io/metadata.name", "default")), null, null, "monitoring", true, false));
    c.namespaces().withName("default").edit(n -> {
      n.getMetadata().setLabels(Map.of("kubernetes.io/metadata.name", "default"));
      return n;
    });
    List<ScrapeConfig> l = await(x -> x.size() == 1, "only the valid ServiceMonitor");
    assertEquals("serviceMonitor/default/nginx/0", l.get(0).jobName());
    assertEquals("endpointslice", ((Map<?, ?>) l.get(0).kubernetesSdConfigs().get(0)).get("role"));
    List<Map<String, String>> viaSlices = finalLabels(l.get(0));
    assertEquals(2, viaSlices.size());
    assertEquals(Map.of("instance", "127.0.3.11:9113", "job", "nginx", "namespace", "default", "service", "nginx",
        "pod", EksFixtures.NGINX1, "container", "exporter", "endpoint", "metrics", "app_kubernetes_io_name", "nginx",
        "app", "nginx", "team", "web"), viaSlices.get(0));
  }

  @Test
  void selectedScrapeConfigsBecomeOperatorJobs() throws Exception {
    labelNamespace("monitoring");
    labelNamespace("kube-system");
    applyScrapeConfig("monitoring", "static", "hearth", staticScrapeConfigSpec());
    applyScrapeConfig("kube-system", "aws-node-pods", "hearth", Map.of(
        "kubernetesSDConfigs", List.of(Map.of("role", "Pod", "namespaces", Map.of("names", List.of("kube-system")))),
        "scrapeInterval", "30s",
        "httpSDConfigs", List.of(Map.of("url", "http://127.0.0.1:18499/sd")),
        "relabelings", List.of(
            Map.of("sourceLabels", List.of("__meta_kubernetes_pod_label_k8s_app"), "regex", "aws-node", "action", "Keep"),
            Map.of("sourceLabels", List.of("__meta_kubernetes_pod_container_port_name"), "regex", "metrics",
                "action", "keep"),
            Map.of("sourceLabels", List.of("__meta_kubernetes_pod_name"), "targetLabel", "pod")),
        "metricRelabelings", List.of(Map.of("sourceLabels", List.of("__name__"), "regex", "go_.*", "action", "drop"))));
    // excluded: namespace "default" is not labelled scrape=yes; release=other does not match the selector
    applyScrapeConfig("default", "unselected-namespace", "hearth", staticScrapeConfigSpec());
    applyScrapeConfig("monitoring", "unselected-labels", "other", staticScrapeConfigSpec());
    startWatcher(SCRAPE_CONFIGS_ONLY);

    List<ScrapeConfig> cfgs = await(l -> l.size() == 2, "the two selected ScrapeConfigs");
    assertEquals(List.of("scrapeConfig/kube-system/aws-node-pods", "scrapeConfig/monitoring/static"), jobs(cfgs));

    ScrapeConfig pods = cfgs.get(0);
    assertEquals(Duration.ofSeconds(30), pods.scrapeInterval());
    assertEquals(Duration.ofSeconds(10), pods.scrapeTimeout());
    assertEquals(List.of(Map.of("role", "pod", "namespaces", Map.of("names", List.of("kube-system")))),
        pods.kubernetesSdConfigs());
    assertEquals(Map.of(), pods.otherSdConfigs());
    assertEquals(4, pods.relabelConfigs().size());
    assertEquals(1, pods.metricRelabelConfigs().size());
    String podsJob = "scrapeConfig/kube-system/aws-node-pods";
    assertEquals(List.of(
        Map.of("instance", "127.0.1.10:61678", "job", podsJob, "pod", "aws-node-7xk2p"),
        Map.of("instance", "127.0.2.20:61678", "job", podsJob, "pod", "aws-node-q9z4w")), finalLabels(pods));

    ScrapeConfig st = cfgs.get(1);
    assertEquals(Duration.ofSeconds(15), st.scrapeInterval());
    assertEquals(Duration.ofSeconds(5), st.scrapeTimeout());
    assertEquals("/probe", st.metricsPath());
    assertEquals(Map.of("module", List.of("http_2xx")), st.params());
    assertEquals("admin", st.httpClientConfig().basicAuth().username());
    assertEquals("pw", st.httpClientConfig().basicAuth().password());
    assertEquals(List.of(new StaticConfig(List.of("127.0.0.1:18499"), Map.of("env", "test")),
        new StaticConfig(List.of("127.0.0.2:18499"), Map.of())), st.staticConfigs());
    assertEquals(List.of(
        Map.of("instance", "127.0.0.1:18499", "job", "static-exporters", "env", "test"),
        Map.of("instance", "127.0.0.2:18499", "job", "static-exporters")), staticFinalLabels(st));
  }

  @Test
  void generatedScrapeConfigJobsFollowChanges() throws Exception {
    labelNamespace("monitoring");
    startWatcher(SCRAPE_CONFIGS_ONLY);
    await(List::isEmpty, "the empty initial list");

    applyScrapeConfig("monitoring", "static", "hearth", staticScrapeConfigSpec());
    List<ScrapeConfig> l = await(x -> jobs(x).equals(List.of("scrapeConfig/monitoring/static")), "ScrapeConfig added");
    assertEquals(Duration.ofSeconds(15), l.get(0).scrapeInterval());

    Map<String, Object> changed = new java.util.HashMap<>(staticScrapeConfigSpec());
    changed.put("scrapeInterval", "1m");
    changed.put("staticConfigs", List.of(Map.of("targets", List.of("127.0.0.3:18499"))));
    applyScrapeConfig("monitoring", "static", "hearth", changed);
    l = await(x -> x.size() == 1 && x.get(0).scrapeInterval().equals(Duration.ofMinutes(1)), "ScrapeConfig updated");
    assertEquals(List.of(new StaticConfig(List.of("127.0.0.3:18499"), Map.of())), l.get(0).staticConfigs());

    applyScrapeConfig("monitoring", "second", "hearth", Map.of("staticConfigs",
        List.of(Map.of("targets", List.of("127.0.0.4:18499")))));
    await(x -> jobs(x).equals(List.of("scrapeConfig/monitoring/second", "scrapeConfig/monitoring/static")),
        "second ScrapeConfig added");

    applyScrapeConfig("monitoring", "second", "other", Map.of("staticConfigs",
        List.of(Map.of("targets", List.of("127.0.0.4:18499")))));
    await(x -> jobs(x).equals(List.of("scrapeConfig/monitoring/static")), "relabelled ScrapeConfig deselected");

    cluster.client().genericKubernetesResources(MockCluster.SCRAPE_CONFIGS).inNamespace("monitoring")
        .withName("static").delete();
    await(List::isEmpty, "ScrapeConfig deleted");
  }

  @Test
  void mergeKeepsTheFilesJobs() {
    Config base = ConfigLoader.parse("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1']}]\n");
    ScrapeConfig gen = ScrapeConfig.forStaticTargets("podMonitor/ns/m/0", Duration.ofMinutes(1), Duration.ofSeconds(10));
    ScrapeConfig clash = ScrapeConfig.forStaticTargets("a", Duration.ofMinutes(1), Duration.ofSeconds(10), "y:2");
    Config merged = MonitorWatcher.merge(base, List.of(gen, clash));
    assertEquals(List.of("a", "podMonitor/ns/m/0"), jobs(merged.scrapeConfigs()));
    assertEquals(base.scrapeConfig("a"), merged.scrapeConfig("a"));
  }
}
