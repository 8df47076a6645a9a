package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.hearth.node.NodeConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On EKS the pods talk TLS to each other with a cert-manager certificate from a CA of their own, and
 * a NetworkPolicy admits only the cluster's pods to Ignite's ports while the HTTP port stays open.
 */
class ClusterTlsManifestTest {
  static final String NODE_CERTIFICATE = "hearth-cluster-tls";

  static Stream<Build> eksBuilds() {
    List<Build> eks = Build.all().filter(b -> b.name().startsWith("overlays/eks")).toList();
    assertFalse(eks.isEmpty(), "no EKS overlay");
    return eks.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eksBuilds")
  void everyPodReadsTheThreeTlsFilesFromTheMountedCertManagerSecret(Build b) {
    Certificate cert = b.one(Certificate.class, NODE_CERTIFICATE);
    Volume secret = b.statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null && cert.getSpec().getSecretName().equals(v.getSecret().getSecretName())).findFirst()
        .orElseThrow(() -> new AssertionError(b + ": no volume of secret " + cert.getSpec().getSecretName()));
    assertTrue(secret.getSecret().getItems() == null || secret.getSecret().getItems().isEmpty(), "all keys of the secret: tls.crt, tls.key, ca.crt");
    assertEquals(0440, secret.getSecret().getDefaultMode(), "the key is readable by the node's group only");
    VolumeMount mount = StatefulSetTest.mount(b.hearthContainer(), secret.getName());
    assertEquals(Boolean.TRUE, mount.getReadOnly());
    assertNull(mount.getSubPath(), "a subPath mount would keep the old files even after cert-manager renews the secret");
    Path dir = Path.of(mount.getMountPath());
    for (int i = 0; i < StatefulSetTest.replicas(b); i++) {
      NodeConfig cfg = StatefulSetTest.nodeConfig(b, i);
      assertNotNull(cfg.clusterTls(), b + ": pod " + i + " runs without cluster TLS");
      assertEquals(dir.resolve("tls.crt"), cfg.clusterTls().certFile());
      assertEquals(dir.resolve("tls.key"), cfg.clusterTls().keyFile());
      assertEquals(dir.resolve("ca.crt"), cfg.clusterTls().caFile());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eksBuilds")
  void theNodeCertificateIsAPkcs8ServerAndClientCertificateFromTheClustersOwnCa(Build b) {
    Certificate cert = b.one(Certificate.class, NODE_CERTIFICATE);
    assertEquals("PKCS8", cert.getSpec().getPrivateKey().getEncoding(), "Hearth reads PKCS#8 keys only");
    assertTrue(cert.getSpec().getUsages().containsAll(List.of("server auth", "client auth")),
        "each node is a TLS server and client of the others: " + cert.getSpec().getUsages());
    assertNotEquals(Boolean.TRUE, cert.getSpec().getIsCA());

    // issued by a CA Issuer whose CA certificate is self-signed here: the cluster's own CA, trusting nothing else
    Issuer caIssuer = issuer(b, cert);
    assertNotNull(caIssuer.getSpec().getCa(), b + ": " + caIssuer.getMetadata().getName() + " is not a CA issuer");
    Certificate ca = b.all(Certificate.class).stream()
        .filter(c -> c.getSpec().getSecretName().equals(caIssuer.getSpec().getCa().getSecretName())).findFirst()
        .orElseThrow(() -> new AssertionError(b + ": no Certificate makes the CA secret " + caIssuer.getSpec().getCa().getSecretName()));
    assertEquals(Boolean.TRUE, ca.getSpec().getIsCA());
    assertNotNull(issuer(b, ca).getSpec().getSelfSigned(), b + ": the cluster CA is self-signed");

    // names every pod through the headless Service (not checked by Ignite, which dials IPs, but true)
    String sts = b.statefulSet().getMetadata().getName();
    String service = b.statefulSet().getSpec().getServiceName();
    for (int i = 0; i < StatefulSetTest.replicas(b); i++) {
      String pod = sts + "-" + i + "." + service + "." + b.namespace() + ".svc";
      assertTrue(cert.getSpec().getDnsNames().stream().anyMatch(n -> dnsMatches(n, pod)), b + ": no DNS name covers " + pod);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eksBuilds")
  void onlyTheClustersPodsReachTheIgnitePortsWhileTheHttpPortStaysOpen(Build b) {
    int discovery = b.containerPort("discovery");
    int communication = b.containerPort("communication");
    int http = b.containerPort("http");
    List<NetworkPolicy> policies = b.all(NetworkPolicy.class).stream()
        .filter(p -> selects(p.getSpec().getPodSelector().getMatchLabels(), b)).toList();
    assertEquals(1, policies.size(), b + ": NetworkPolicies selecting the pods");
    NetworkPolicy p = policies.get(0);
    assertTrue(p.getSpec().getPolicyTypes().contains("Ingress"));
    Set<Integer> fromPods = new HashSet<>();
    Set<Integer> fromAnywhere = new HashSet<>();
    for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
      assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), b + ": a rule without ports opens every port");
      Set<Integer> ports = new HashSet<>();
      for (NetworkPolicyPort port : rule.getPorts()) {
        assertNull(port.getEndPort(), "single ports only");
        assertEquals("TCP", port.getProtocol());
        ports.add(StatefulSetTest.resolve(b, port.getPort()));
      }
      boolean open = rule.getFrom() == null || rule.getFrom().isEmpty();
      if (open) {
        fromAnywhere.addAll(ports);
        continue;
      }
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        assertNull(peer.getIpBlock(), b + ": an address block would admit more than the cluster's pods");
        assertNull(peer.getNamespaceSelector(), b + ": a namespace selector would admit pods of other namespaces");
        assertEquals(b.statefulSet().getSpec().getSelector().getMatchLabels(), peer.getPodSelector().getMatchLabels(),
            b + ": peers are selected exactly as the StatefulSet selects its pods");
      }
      fromPods.addAll(ports);
    }
    assertFalse(fromAnywhere.contains(discovery) || fromAnywhere.contains(communication), b + ": Ignite ports open to all");
    assertTrue(fromPods.containsAll(Set.of(discovery, communication)), b + ": the pods must reach each other's Ignite ports");
    assertEquals(Set.of(http), fromAnywhere, b + ": the HTTP port (API, remote write, probes) stays open, and only it");
  }

  static Issuer issuer(Build b, Certificate c) {
    assertEquals("Issuer", c.getSpec().getIssuerRef().getKind(), "a namespaced Issuer, not a shared ClusterIssuer");
    return b.one(Issuer.class, c.getSpec().getIssuerRef().getName());
  }

  /** A DNS name or a one-label wildcard ({@code *.svc-name.ns.svc}) matches {@code host}. */
  static boolean dnsMatches(String name, String host) {
    if (!name.startsWith("*.")) return name.equals(host);
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot + 1).equals(name.substring(2));
  }

  static boolean selects(Map<String, String> selector, Build b) {
    if (selector == null || selector.isEmpty()) return true;
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(b.podLabels().get(e.getKey())));
  }
}
