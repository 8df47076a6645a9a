package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hearth.scrape.config.HttpClientConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each role against the mock API server loaded with {@link EksFixtures}: target counts, the full
 * label set of one target per role compared with {@link OracleTargets}, and watch events
 * followed within a few seconds.
 */
@Timeout(60)
class KubernetesDiscovererTest {
  private static final long WAIT_MS = 30_000;
  private MockCluster cluster;
  private KubernetesDiscoverer discoverer;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    EksFixtures.load(cluster.client());
  }

  @AfterEach
  void tearDown() {
    if (discoverer != null) discoverer.close();
    cluster.close();
  }

  private GroupRecorder discover(Role role, List<String> namespaces, boolean attachNode,
      List<KubernetesSdConfig.Selector> selectors) throws InterruptedException {
    KubernetesSdConfig cfg = new KubernetesSdConfig(role, cluster.url(), null, HttpClientConfig.DEFAULT, namespaces, false,
        selectors, attachNode);
    discoverer = new KubernetesDiscoverer(cfg, cluster.connection());
    GroupRecorder rec = new GroupRecorder();
    discoverer.start(rec);
    rec.await(t -> true, WAIT_MS, "first update");
    return rec;
  }

  private GroupRecorder discover(Role role) throws InterruptedException {
    return discover(role, List.of(), false, List.of());
  }

  /** The uid the API server gave a pod (the mock assigns its own, as a real API server does). */
  private String uid(String namespace, String pod) {
    return cluster.client().pods().inNamespace(namespace).withName(pod).get().getMetadata().getUid();
  }

  private Map<String, String> withUid(Map<String, String> want, String namespace, String pod) {
    return with(want, "__meta_kubernetes_pod_uid", uid(namespace, pod));
  }

  private static Map<String, String> with(Map<String, String> m, String... kv) {
    Map<String, String> out = new TreeMap<>(m);
    for (int i = 0; i < kv.length; i += 2) out.put(kv[i], kv[i + 1]);
    return out;
  }

  @Test
  void nodeRoleMatchesOracle() throws Exception {
    GroupRecorder rec = discover(Role.NODE);
    assertEquals(2, rec.targets().size());
    assertEquals(2, rec.firstUpdateSize());
    assertEquals(OracleTargets.discoveryOnly(OracleTargets.parse(OracleTargets.NODE)),
        rec.target("127.0.1.10:10250", null, null));
  }

  @Test
  void podRoleMatchesOracleWithContainerImage() throws Exception {
    GroupRecorder rec = discover(Role.POD);
    assertEquals(8, rec.targets().size(), "aws-node 2 + nginx 2x2 + node-exporter 2");
    Map<String, String> want = OracleTargets.discoveryOnly(OracleTargets.asPrometheus(OracleTargets.POD,
        Map.of("__meta_kubernetes_pod_container_image", "nginx/nginx-prometheus-exporter:1.1.0")));
    assertEquals(withUid(want, "default", EksFixtures.NGINX1), rec.target("127.0.3.11:9113", null, null));
  }

  @Test
  void podRoleInOneNamespace() throws Exception {
    GroupRecorder rec = discover(Role.POD, List.of("kube-system"), false, List.of());
    assertEquals(2, rec.targets().size());
    Map<String, String> want = OracleTargets.discoveryOnly(OracleTargets.asPrometheus(OracleTargets.POD_KUBE_SYSTEM,
        Map.of("__meta_kubernetes_pod_container_image", "amazon-k8s-cni:v1.18.1")));
    assertEquals(withUid(want, "kube-system", "aws-node-7xk2p"), rec.target("127.0.1.10:61678", null, null));
  }

  @Test
  void serviceRoleMatchesOracleWithPortNumber() throws Exception {
    GroupRecorder rec = discover(Role.SERVICE);
    assertEquals(4, rec.targets().size(), "one target per service port");
    Map<String, String> want = OracleTargets.discoveryOnly(OracleTargets.asPrometheus(OracleTargets.SERVICE,
        Map.of("__meta_kubernetes_service_port_number", "9113")));
    assertEquals(want, rec.target("nginx.default.svc:9113", null, null));
  }

  @Test
  void endpointsRoleMatchesOracle() throws Exception {
    GroupRecorder rec = discover(Role.ENDPOINTS);
    assertEquals(8, rec.targets().size());
    Map<String, String> want = OracleTargets.discoveryOnly(OracleTargets.asPrometheus(OracleTargets.ENDPOINTS,
        Map.of("__meta_kubernetes_pod_container_image", "nginx/nginx-prometheus-exporter:1.1.0",
            "__meta_kubernetes_pod_container_init", "false"),
        "__meta_kubernetes_service_cluster_ip", "__meta_kubernetes_service_type"));
    assertEquals(withUid(want, "default", EksFixtures.NGINX1), rec.target("127.0.3.11:9113", null, null));
  }

  @Test
  void endpointSliceRoleMatchesOracle() throws Exception {
    GroupRecorder rec = discover(Role.ENDPOINTSLICE);
    assertEquals(8, rec.targets().size());
    Map<String, String> want = OracleTargets.discoveryOnly(OracleTargets.asPrometheus(OracleTargets.ENDPOINTSLICE,
        Map.of("__meta_kubernetes_pod_container_image", "nginx/nginx-prometheus-exporter:1.1.0",
            "__meta_kubernetes_pod_container_init", "false",
            "__meta_kubernetes_endpointslice_endpoint_node_name", EksFixtures.NODE1,
            "__meta_kubernetes_endpointslice_endpoint_zone", "us-east-1a"),
        "__meta_kubernetes_service_cluster_ip", "__meta_kubernetes_service_type"));
    assertEquals(withUid(want, "default", EksFixtures.NGINX1), rec.target("127.0.3.11:9113", null, null));
  }

  @Test
  void ingressRoleGivesOneTargetPerPath() throws Exception {
    GroupRecorder rec = discover(Role.INGRESS);
    assertEquals(2, rec.targets().size());
    Map<String, String> root = OracleTargets.discoveryOnly(OracleTargets.parse(OracleTargets.INGRESS));
    assertEquals(root, rec.target("nginx.example.com", "__meta_kubernetes_ingress_path", "/"));
    assertEquals(with(root, "__meta_kubernetes_ingress_path", "/metrics"),
        rec.target("nginx.example.com", "__meta_kubernetes_ingress_path", "/metrics"));
  }

  @Test
  void attachMetadataAddsNodeLabelsToPodTargets() throws Exception {
    GroupRecorder rec = discover(Role.POD, List.of("default"), true, List.of());
    Map<String, String> t = rec.target("127.0.3.12:80", null, null);
    assertEquals(EksFixtures.NODE2, t.get("__meta_kubernetes_node_name"));
    assertEquals("us-east-1b", t.get("__meta_kubernetes_node_label_topology_kubernetes_io_zone"));
    assertEquals("true", t.get("__meta_kubernetes_node_labelpresent_kubernetes_io_os"));
    assertEquals("0", t.get("__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl"));
  }

  @Test
  void labelSelectorRestrictsTheWatchedPods() throws Exception {
    GroupRecorder rec = discover(Role.POD, List.of(), false,
        List.of(new KubernetesSdConfig.Selector(Role.POD, "app=nginx", "")));
    assertEquals(4, rec.targets().size());
  }

  @Test
  void addedPodAppearsAndDeletedPodDisappears() throws Exception {
    GroupRecorder rec = discover(Role.POD);
    KubernetesClient c = cluster.client();
    Pod scaled = EksFixtures.nginx("nginx-6d4cf56db6-klmno", EksFixtures.NODE1, "127.0.3.13",
        "00000000-0000-0000-0000-00000000002a");
    c.pods().inNamespace("default").resource(scaled).create();
    rec.await(ts -> ts.size() == 10, WAIT_MS, "scaled-up pod's two targets");
    assertEquals("nginx-6d4cf56db6-klmno", rec.target("127.0.3.13:9113", null, null).get("__meta_kubernetes_pod_name"));

    c.pods().inNamespace("kube-system").withName("aws-node-q9z4w").delete();
    rec.await(ts -> ts.size() == 9, WAIT_MS, "deleted pod's target gone");
    assertNull(rec.target("127.0.2.20:61678", null, null));
  }

  @Test
  void endpointsFollowScaleUpAndServiceRelabel() throws Exception {
    GroupRecorder rec = discover(Role.ENDPOINTS);
    KubernetesClient c = cluster.client();
    // scale up: the pod, then the Endpoints as the endpoints controller would update them
    c.pods().inNamespace("default").resource(EksFixtures.nginx("nginx-6d4cf56db6-klmno", EksFixtures.NODE1,
        "127.0.3.13", "00000000-0000-0000-0000-00000000002a")).create();
    c.endpoints().inNamespace("default").resource(EksFixtures.nginxEndpoints(List.of(
        EksFixtures.address(EksFixtures.NGINX1_IP, "default", EksFixtures.NGINX1, EksFixtures.NODE1),
        EksFixtures.address(EksFixtures.NGINX2_IP, "default", EksFixtures.NGINX2, EksFixtures.NODE2),
        EksFixtures.address("127.0.3.13", "default", "nginx-6d4cf56db6-klmno", EksFixtures.NODE1)))).update();
    rec.await(ts -> ts.size() == 10, WAIT_MS, "third nginx endpoint");
    Map<String, String> added = rec.target("127.0.3.13:9113", null, null);
    assertEquals("nginx-6d4cf56db6-klmno", added.get("__meta_kubernetes_pod_name"));
    assertEquals("exporter", added.get("__meta_kubernetes_pod_container_name"));

    // relabel the service: every nginx target carries the new label
    c.services().inNamespace("default").withName("nginx")
        .edit(s -> { s.getMetadata().getLabels().put("team", "web"); return s; });
    rec.await(ts -> "web".equals(rec.target("127.0.3.11:9113", null, null).get("__meta_kubernetes_service_label_team")),
        WAIT_MS, "service label on endpoints targets");
    assertEquals("true", rec.target("127.0.3.13:80", null, null).get("__meta_kubernetes_service_labelpresent_team"));
  }

  @Test
  void deletedEndpointSliceRemovesItsGroup() throws Exception {
    GroupRecorder rec = discover(Role.ENDPOINTSLICE);
    cluster.client().discovery().v1().endpointSlices().inNamespace("monitoring").withName("node-exporter-5fz9q").delete();
    rec.await(ts -> ts.size() == 6, WAIT_MS, "node-exporter slice gone");
    assertNotNull(rec.target("127.0.1.10:61678", null, null));
    assertEquals(2, rec.groups().size());
  }
}
