package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster of the k8s SD spike notes, modelled on EKS, on loopback addresses: namespaces
 * default, kube-system and monitoring; two nodes; aws-node pods (port metrics 61678, host
 * network), an nginx deployment with an exporter sidecar (http 80, metrics 9113), node-exporter
 * pods (metrics 9100); services, Endpoints and EndpointSlices for the three workloads, as the
 * controllers would write them; one ingress with two paths under TLS.
 */
public final class EksFixtures {
  public static final String NODE1 = "ip-10-0-1-10.ec2.internal";
  public static final String NODE2 = "ip-10-0-2-20.ec2.internal";
  public static final String NODE1_IP = "127.0.1.10";
  public static final String NODE2_IP = "127.0.2.20";
  public static final String NGINX1 = "nginx-6d4cf56db6-abcde";
  public static final String NGINX2 = "nginx-6d4cf56db6-fghij";
  public static final String NGINX1_IP = "127.0.3.11";
  public static final String NGINX2_IP = "127.0.3.12";

  private EksFixtures() {}

  /** Creates everything; returns the number of objects created. */
  public static int load(KubernetesClient c) {
    int n = 0;
    for (String ns : List.of("default", "kube-system", "monitoring")) {
      c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      n++;
    }
    for (Node node : List.of(node(NODE1, NODE1_IP, "us-east-1a"), node(NODE2, NODE2_IP, "us-east-1b"))) {
      c.nodes().resource(node).create();
      n++;
    }
    for (Pod p : pods()) {
      c.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
      n++;
    }
    for (Service s : services()) {
      c.services().inNamespace(s.getMetadata().getNamespace()).resource(s).create();
      n++;
    }
    for (Endpoints e : endpoints()) {
      c.endpoints().inNamespace(e.getMetadata().getNamespace()).resource(e).create();
      n++;
    }
    for (EndpointSlice s : endpointSlices()) {
      c.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace()).resource(s).create();
      n++;
    }
    c.network().v1().ingresses().inNamespace("default").resource(ingress()).create();
    return n + 1;
  }

  public static Node node(String name, String ip, String zone) {
    return new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux", "topology.kubernetes.io/zone", zone))
        .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0")).endMetadata()
        .withNewSpec().withProviderID("aws:///" + zone + "/i-" + name).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
        .endStatus().build();
  }

  public static List<Pod> pods() {
    List<Pod> out = new ArrayList<>();
    out.add(awsNode("aws-node-7xk2p", NODE1, NODE1_IP, "00000000-0000-0000-0000-00000000001e"));
    out.add(awsNode("aws-node-q9z4w", NODE2, NODE2_IP, "00000000-0000-0000-0000-00000000001f"));
    out.add(nginx(NGINX1, NODE1, NGINX1_IP, "00000000-0000-0000-0000-000000000028"));
    out.add(nginx(NGINX2, NODE2, NGINX2_IP, "00000000-0000-0000-0000-000000000029"));
    out.add(nodeExporter("node-exporter-2xv7k", NODE1, NODE1_IP, "00000000-0000-0000-0000-000000000032"));
    out.add(nodeExporter("node-exporter-8hq4m", NODE2, NODE2_IP, "00000000-0000-0000-0000-000000000033"));
    return out;
  }

  static Pod awsNode(String name, String node, String ip, String uid) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system").withUid(uid)
        .withLabels(Map.of("k8s-app", "aws-node", "controller-revision-hash", "5c8f6d7b9"))
        .withAnnotations(Map.of("prometheus.io/scrape", "true"))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("aws-node")
        .withUid("00000000-0000-0000-0000-0000000000a1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).withHostNetwork(true)
        .addToContainers(new ContainerBuilder().withName("aws-node").withImage("amazon-k8s-cni:v1.18.1")
            .addToPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(61678).withProtocol("TCP").build())
            .build())
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  public static Pod nginx(String name, String node, String ip, String uid) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid)
        .withLabels(Map.of("app", "nginx", "pod-template-hash", "6d4cf56db6", "touched", "yes"))
        .withAnnotations(Map.of("prometheus.io/scrape", "true"))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("nginx-6d4cf56db6")
        .withUid("00000000-0000-0000-0000-0000000000b1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node)
        .addToContainers(new ContainerBuilder().withName("nginx").withImage("nginx:1.25")
            .addToPorts(new ContainerPortBuilder().withName("http").withContainerPort(80).withProtocol("TCP").build())
            .build())
        .addToContainers(new ContainerBuilder().withName("exporter").withImage("nginx/nginx-prometheus-exporter:1.1.0")
            .addToPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(9113).withProtocol("TCP").build())
            .build())
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  static Pod nodeExporter(String name, String node, String ip, String uid) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("monitoring").withUid(uid)
        .withLabels(Map.of("app.kubernetes.io/name", "node-exporter"))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("node-exporter")
        .withUid("00000000-0000-0000-0000-0000000000c1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).withHostNetwork(true)
        .addToContainers(new ContainerBuilder().withName("node-exporter").withImage("prom/node-exporter:v1.8.1")
            .addToPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(9100).withProtocol("TCP").build())
            .build())
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  public static List<Service> services() {
    return List.of(
        new ServiceBuilder().withNewMetadata().withName("nginx").withNamespace("default")
            .withLabels(Map.of("app.kubernetes.io/name", "nginx")).withAnnotations(Map.of("prometheus.io/scrape", "true"))
            .endMetadata().withNewSpec().withType("ClusterIP").withClusterIP("127.0.4.2")
            .withSelector(Map.of("app", "nginx"))
            .addToPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP").build())
            .addToPorts(new ServicePortBuilder().withName("metrics").withPort(9113).withProtocol("TCP").build())
            .endSpec().build(),
        new ServiceBuilder().withNewMetadata().withName("aws-node").withNamespace("kube-system")
            .withLabels(Map.of("k8s-app", "aws-node")).endMetadata()
            .withNewSpec().withType("ClusterIP").withClusterIP("None").withSelector(Map.of("k8s-app", "aws-node"))
            .addToPorts(new ServicePortBuilder().withName("metrics").withPort(61678).withProtocol("TCP").build())
            .endSpec().build(),
        new ServiceBuilder().withNewMetadata().withName("node-exporter").withNamespace("monitoring")
            .withLabels(Map.of("app.kubernetes.io/name", "node-exporter")).endMetadata()
            .withNewSpec().withType("ClusterIP").withClusterIP("None")
            .withSelector(Map.of("app.kubernetes.io/name", "node-exporter"))
            .addToPorts(new ServicePortBuilder().withName("metrics").withPort(9100).withProtocol("TCP").build())
            .endSpec().build());
  }

  /** A pod-backed endpoint address as the endpoints controller writes it. */
  static io.fabric8.kubernetes.api.model.EndpointAddress address(String ip, String ns, String pod, String node) {
    return new EndpointAddressBuilder().withIp(ip).withNodeName(node)
        .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(ns).withName(pod).build()).build();
  }

  public static List<Endpoints> endpoints() {
    return List.of(nginxEndpoints(List.of(address(NGINX1_IP, "default", NGINX1, NODE1),
            address(NGINX2_IP, "default", NGINX2, NODE2))),
        new EndpointsBuilder().withNewMetadata().withName("aws-node").withNamespace("kube-system")
            .withLabels(Map.of("k8s-app", "aws-node")).endMetadata()
            .addNewSubset().withAddresses(address(NODE1_IP, "kube-system", "aws-node-7xk2p", NODE1),
                address(NODE2_IP, "kube-system", "aws-node-q9z4w", NODE2))
            .withPorts(new EndpointPortBuilder().withName("metrics").withPort(61678).withProtocol("TCP").build())
            .endSubset().build(),
        new EndpointsBuilder().withNewMetadata().withName("node-exporter").withNamespace("monitoring")
            .withLabels(Map.of("app.kubernetes.io/name", "node-exporter")).endMetadata()
            .addNewSubset().withAddresses(address(NODE1_IP, "monitoring", "node-exporter-2xv7k", NODE1),
                address(NODE2_IP, "monitoring", "node-exporter-8hq4m", NODE2))
            .withPorts(new EndpointPortBuilder().withName("metrics").withPort(9100).withProtocol("TCP").build())
            .endSubset().build());
  }

  public static Endpoints nginxEndpoints(List<io.fabric8.kubernetes.api.model.EndpointAddress> addresses) {
    return new EndpointsBuilder().withNewMetadata().withName("nginx").withNamespace("default")
        .withLabels(Map.of("app.kubernetes.io/name", "nginx")).endMetadata()
        .addNewSubset().withAddresses(addresses)
        .withPorts(new EndpointPortBuilder().withName("http").withPort(80).withProtocol("TCP").build(),
            new EndpointPortBuilder().withName("metrics").withPort(9113).withProtocol("TCP").build())
        .endSubset().build();
  }

  static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint sliceEndpoint(String ip, String ns, String pod, String node,
      String zone) {
    return new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(true).endConditions()
        .withNodeName(node).withZone(zone)
        .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(ns).withName(pod).build()).build();
  }

  public static List<EndpointSlice> endpointSlices() {
    return List.of(nginxSlice(List.of(sliceEndpoint(NGINX1_IP, "default", NGINX1, NODE1, "us-east-1a"),
            sliceEndpoint(NGINX2_IP, "default", NGINX2, NODE2, "us-east-1b"))),
        slice("aws-node-x7k2p", "kube-system", "aws-node", "metrics", 61678,
            List.of(sliceEndpoint(NODE1_IP, "kube-system", "aws-node-7xk2p", NODE1, "us-east-1a"),
                sliceEndpoint(NODE2_IP, "kube-system", "aws-node-q9z4w", NODE2, "us-east-1b"))),
        slice("node-exporter-5fz9q", "monitoring", "node-exporter", "metrics", 9100,
            List.of(sliceEndpoint(NODE1_IP, "monitoring", "node-exporter-2xv7k", NODE1, "us-east-1a"),
                sliceEndpoint(NODE2_IP, "monitoring", "node-exporter-8hq4m", NODE2, "us-east-1b"))));
  }

  public static EndpointSlice nginxSlice(List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> eps) {
    return new EndpointSliceBuilder().withNewMetadata().withName("nginx-abc12").withNamespace("default")
        .withLabels(Map.of("kubernetes.io/service-name", "nginx",
            "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
        .endMetadata().withAddressType("IPv4").withEndpoints(eps)
        .addNewPort().withName("metrics").withPort(9113).withProtocol("TCP").endPort()
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
        .build();
  }

  static EndpointSlice slice(String name, String ns, String service, String portName, int port,
      List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> eps) {
    return new EndpointSliceBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(Map.of("kubernetes.io/service-name", service,
            "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
        .endMetadata().withAddressType("IPv4").withEndpoints(eps)
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().build();
  }

  public static Ingress ingress() {
    return new IngressBuilder().withNewMetadata().withName("nginx").withNamespace("default")
        .withLabels(Map.of("app", "nginx")).withAnnotations(Map.of("prometheus.io/probe", "true")).endMetadata()
        .withNewSpec().withIngressClassName("nginx")
        .addNewTl().withHosts("nginx.example.com").withSecretName("nginx-tls").endTl()
        .addNewRule().withHost("nginx.example.com").withNewHttp()
        .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("nginx")
        .withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
        .addNewPath().withPath("/metrics").withPathType("Exact").withNewBackend().withNewService().withName("nginx")
        .withNewPort().withNumber(9113).endPort().endService().endBackend().endPath()
        .endHttp().endRule().endSpec().build();
  }
}
