package io.hearth.scrape.discovery.kubernetes;

import java.util.Map;
import java.util.TreeMap;

/**
 * The discovered labels VictoriaMetrics 1.79.5 reported for {@link EksFixtures} (section 7 of the
 * k8s SD spike notes), and the documented differences to current Prometheus:
 *
 * <ul>
 *   <li>pod, endpoints, endpointslice: Prometheus adds {@code __meta_kubernetes_pod_container_image};
 *       on endpoints and endpointslice targets backed by a pod it also adds
 *       {@code __meta_kubernetes_pod_container_init} (VictoriaMetrics 1.79 has neither there);
 *   <li>service: Prometheus adds {@code __meta_kubernetes_service_port_number};
 *   <li>endpointslice: Prometheus adds {@code __meta_kubernetes_endpointslice_endpoint_node_name} and
 *       {@code __meta_kubernetes_endpointslice_endpoint_zone} (the fixtures set both);
 *   <li>endpoints, endpointslice: VictoriaMetrics adds {@code __meta_kubernetes_service_cluster_ip}
 *       and {@code __meta_kubernetes_service_type} from the service; Prometheus's
 *       {@code serviceLabels} attaches only the service's name, labels and annotations, so Hearth
 *       does not emit them there.
 * </ul>
 * VictoriaMetrics writes {@code __scrape_interval__} as Go's {@code time.Duration} ({@code 1m0s});
 * Prometheus writes its {@code model.Duration} ({@code 1m}), as Hearth does: {@link #asPrometheus}
 * rewrites it.
 *
 * <p>The job-level labels ({@code job}, {@code __scheme__}, {@code __metrics_path__},
 * {@code __scrape_interval__}, {@code __scrape_timeout__}) are added by the scrape manager, not by
 * discovery.
 */
final class OracleTargets {
  private OracleTargets() {}

  static final String NODE = """
      __address__="127.0.1.10:10250"
      __meta_kubernetes_node_address_Hostname="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_node_address_InternalIP="127.0.1.10"
      __meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl="0"
      __meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl="true"
      __meta_kubernetes_node_label_kubernetes_io_hostname="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_node_label_kubernetes_io_os="linux"
      __meta_kubernetes_node_label_topology_kubernetes_io_zone="us-east-1a"
      __meta_kubernetes_node_labelpresent_kubernetes_io_hostname="true"
      __meta_kubernetes_node_labelpresent_kubernetes_io_os="true"
      __meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone="true"
      __meta_kubernetes_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_node_provider_id="aws:///us-east-1a/i-ip-10-0-1-10.ec2.internal"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      instance="ip-10-0-1-10.ec2.internal"
      job="k8s-node"
      """;

  static final String POD_KUBE_SYSTEM = """
      __address__="127.0.1.10:61678"
      __meta_kubernetes_namespace="kube-system"
      __meta_kubernetes_pod_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_pod_container_init="false"
      __meta_kubernetes_pod_container_name="aws-node"
      __meta_kubernetes_pod_container_port_name="metrics"
      __meta_kubernetes_pod_container_port_number="61678"
      __meta_kubernetes_pod_container_port_protocol="TCP"
      __meta_kubernetes_pod_controller_kind="DaemonSet"
      __meta_kubernetes_pod_controller_name="aws-node"
      __meta_kubernetes_pod_host_ip="127.0.1.10"
      __meta_kubernetes_pod_ip="127.0.1.10"
      __meta_kubernetes_pod_label_controller_revision_hash="5c8f6d7b9"
      __meta_kubernetes_pod_label_k8s_app="aws-node"
      __meta_kubernetes_pod_labelpresent_controller_revision_hash="true"
      __meta_kubernetes_pod_labelpresent_k8s_app="true"
      __meta_kubernetes_pod_name="aws-node-7xk2p"
      __meta_kubernetes_pod_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_pod_phase="Running"
      __meta_kubernetes_pod_ready="true"
      __meta_kubernetes_pod_uid="00000000-0000-0000-0000-00000000001e"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-pod-kube-system"
      """;

  static final String POD = """
      __address__="127.0.3.11:9113"
      __meta_kubernetes_namespace="default"
      __meta_kubernetes_pod_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_pod_container_init="false"
      __meta_kubernetes_pod_container_name="exporter"
      __meta_kubernetes_pod_container_port_name="metrics"
      __meta_kubernetes_pod_container_port_number="9113"
      __meta_kubernetes_pod_container_port_protocol="TCP"
      __meta_kubernetes_pod_controller_kind="ReplicaSet"
      __meta_kubernetes_pod_controller_name="nginx-6d4cf56db6"
      __meta_kubernetes_pod_host_ip="127.0.3.11"
      __meta_kubernetes_pod_ip="127.0.3.11"
      __meta_kubernetes_pod_label_app="nginx"
      __meta_kubernetes_pod_label_pod_template_hash="6d4cf56db6"
      __meta_kubernetes_pod_label_touched="yes"
      __meta_kubernetes_pod_labelpresent_app="true"
      __meta_kubernetes_pod_labelpresent_pod_template_hash="true"
      __meta_kubernetes_pod_labelpresent_touched="true"
      __meta_kubernetes_pod_name="nginx-6d4cf56db6-abcde"
      __meta_kubernetes_pod_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_pod_phase="Running"
      __meta_kubernetes_pod_ready="true"
      __meta_kubernetes_pod_uid="00000000-0000-0000-0000-000000000028"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-pod"
      """;

  static final String ENDPOINTSLICE = """
      __address__="127.0.3.11:9113"
      __meta_kubernetes_endpointslice_address_target_kind="Pod"
      __meta_kubernetes_endpointslice_address_target_name="nginx-6d4cf56db6-abcde"
      __meta_kubernetes_endpointslice_address_type="IPv4"
      __meta_kubernetes_endpointslice_endpoint_conditions_ready="true"
      __meta_kubernetes_endpointslice_label_endpointslice_kubernetes_io_managed_by="endpointslice-controller.k8s.io"
      __meta_kubernetes_endpointslice_label_kubernetes_io_service_name="nginx"
      __meta_kubernetes_endpointslice_labelpresent_endpointslice_kubernetes_io_managed_by="true"
      __meta_kubernetes_endpointslice_labelpresent_kubernetes_io_service_name="true"
      __meta_kubernetes_endpointslice_name="nginx-abc12"
      __meta_kubernetes_endpointslice_port="9113"
      __meta_kubernetes_endpointslice_port_name="metrics"
      __meta_kubernetes_endpointslice_port_protocol="TCP"
      __meta_kubernetes_namespace="default"
      __meta_kubernetes_pod_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_pod_container_name="exporter"
      __meta_kubernetes_pod_container_port_name="metrics"
      __meta_kubernetes_pod_container_port_number="9113"
      __meta_kubernetes_pod_container_port_protocol="TCP"
      __meta_kubernetes_pod_controller_kind="ReplicaSet"
      __meta_kubernetes_pod_controller_name="nginx-6d4cf56db6"
      __meta_kubernetes_pod_host_ip="127.0.3.11"
      __meta_kubernetes_pod_ip="127.0.3.11"
      __meta_kubernetes_pod_label_app="nginx"
      __meta_kubernetes_pod_label_pod_template_hash="6d4cf56db6"
      __meta_kubernetes_pod_label_touched="yes"
      __meta_kubernetes_pod_labelpresent_app="true"
      __meta_kubernetes_pod_labelpresent_pod_template_hash="true"
      __meta_kubernetes_pod_labelpresent_touched="true"
      __meta_kubernetes_pod_name="nginx-6d4cf56db6-abcde"
      __meta_kubernetes_pod_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_pod_phase="Running"
      __meta_kubernetes_pod_ready="true"
      __meta_kubernetes_pod_uid="00000000-0000-0000-0000-000000000028"
      __meta_kubernetes_service_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_service_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_service_cluster_ip="127.0.4.2"
      __meta_kubernetes_service_label_app_kubernetes_io_name="nginx"
      __meta_kubernetes_service_labelpresent_app_kubernetes_io_name="true"
      __meta_kubernetes_service_name="nginx"
      __meta_kubernetes_service_type="ClusterIP"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-endpointslice"
      """;

  static final String ENDPOINTS = """
      __address__="127.0.3.11:9113"
      __meta_kubernetes_endpoint_address_target_kind="Pod"
      __meta_kubernetes_endpoint_address_target_name="nginx-6d4cf56db6-abcde"
      __meta_kubernetes_endpoint_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_endpoint_port_name="metrics"
      __meta_kubernetes_endpoint_port_protocol="TCP"
      __meta_kubernetes_endpoint_ready="true"
      __meta_kubernetes_endpoints_label_app_kubernetes_io_name="nginx"
      __meta_kubernetes_endpoints_labelpresent_app_kubernetes_io_name="true"
      __meta_kubernetes_endpoints_name="nginx"
      __meta_kubernetes_namespace="default"
      __meta_kubernetes_pod_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_pod_container_name="exporter"
      __meta_kubernetes_pod_container_port_name="metrics"
      __meta_kubernetes_pod_container_port_number="9113"
      __meta_kubernetes_pod_container_port_protocol="TCP"
      __meta_kubernetes_pod_controller_kind="ReplicaSet"
      __meta_kubernetes_pod_controller_name="nginx-6d4cf56db6"
      __meta_kubernetes_pod_host_ip="127.0.3.11"
      __meta_kubernetes_pod_ip="127.0.3.11"
      __meta_kubernetes_pod_label_app="nginx"
      __meta_kubernetes_pod_label_pod_template_hash="6d4cf56db6"
      __meta_kubernetes_pod_label_touched="yes"
      __meta_kubernetes_pod_labelpresent_app="true"
      __meta_kubernetes_pod_labelpresent_pod_template_hash="true"
      __meta_kubernetes_pod_labelpresent_touched="true"
      __meta_kubernetes_pod_name="nginx-6d4cf56db6-abcde"
      __meta_kubernetes_pod_node_name="ip-10-0-1-10.ec2.internal"
      __meta_kubernetes_pod_phase="Running"
      __meta_kubernetes_pod_ready="true"
      __meta_kubernetes_pod_uid="00000000-0000-0000-0000-000000000028"
      __meta_kubernetes_service_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_service_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_service_cluster_ip="127.0.4.2"
      __meta_kubernetes_service_label_app_kubernetes_io_name="nginx"
      __meta_kubernetes_service_labelpresent_app_kubernetes_io_name="true"
      __meta_kubernetes_service_name="nginx"
      __meta_kubernetes_service_type="ClusterIP"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-endpoints"
      """;

  static final String SERVICE = """
      __address__="nginx.default.svc:9113"
      __meta_kubernetes_namespace="default"
      __meta_kubernetes_service_annotation_prometheus_io_scrape="true"
      __meta_kubernetes_service_annotationpresent_prometheus_io_scrape="true"
      __meta_kubernetes_service_cluster_ip="127.0.4.2"
      __meta_kubernetes_service_label_app_kubernetes_io_name="nginx"
      __meta_kubernetes_service_labelpresent_app_kubernetes_io_name="true"
      __meta_kubernetes_service_name="nginx"
      __meta_kubernetes_service_port_name="metrics"
      __meta_kubernetes_service_port_protocol="TCP"
      __meta_kubernetes_service_type="ClusterIP"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-service"
      """;

  static final String INGRESS = """
      __address__="nginx.example.com"
      __meta_kubernetes_ingress_annotation_prometheus_io_probe="true"
      __meta_kubernetes_ingress_annotationpresent_prometheus_io_probe="true"
      __meta_kubernetes_ingress_class_name="nginx"
      __meta_kubernetes_ingress_host="nginx.example.com"
      __meta_kubernetes_ingress_label_app="nginx"
      __meta_kubernetes_ingress_labelpresent_app="true"
      __meta_kubernetes_ingress_name="nginx"
      __meta_kubernetes_ingress_path="/"
      __meta_kubernetes_ingress_scheme="https"
      __meta_kubernetes_namespace="default"
      __metrics_path__="/metrics"
      __scheme__="http"
      __scrape_interval__="1m0s"
      __scrape_timeout__="10s"
      job="k8s-ingress"
      """;

  /** Parses {@code name="value"} lines. */
  static Map<String, String> parse(String block) {
    Map<String, String> m = new TreeMap<>();
    for (String line : block.strip().split("\n")) {
      line = line.strip();
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 2, line.length() - 1));
    }
    return m;
  }

  /** The oracle's labels as current Prometheus would report them (see the class comment). */
  static Map<String, String> asPrometheus(String block, Map<String, String> add, String... remove) {
    Map<String, String> m = parse(block);
    if ("1m0s".equals(m.get("__scrape_interval__"))) m.put("__scrape_interval__", "1m");
    m.putAll(add);
    for (String r : remove) m.remove(r);
    return m;
  }

  /** Without the labels the scrape manager adds to every target of a job. */
  static Map<String, String> discoveryOnly(Map<String, String> m) {
    Map<String, String> out = new TreeMap<>(m);
    for (String k : new String[] {"job", "__scheme__", "__metrics_path__", "__scrape_interval__", "__scrape_timeout__"}) {
      out.remove(k);
    }
    return out;
  }
}
