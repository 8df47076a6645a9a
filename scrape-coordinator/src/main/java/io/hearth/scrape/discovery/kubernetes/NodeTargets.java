package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code node}: one target per node at its preferred address and the kubelet port, with
 * {@code instance} set to the node name, as Prometheus's {@code buildNode}. A node without any
 * address yields an empty group (no target). Stateless.
 */
final class NodeTargets {
  static final String PROVIDER_ID = MetaLabels.PREFIX + "node_provider_id";
  static final String ADDRESS_PREFIX = MetaLabels.PREFIX + "node_address_";
  /** Prometheus's preference, derived from Kubernetes' node address helper. */
  private static final List<String> PREFERRED = List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS",
      "LegacyHostIP", "Hostname");

  private NodeTargets() {}

  static String source(String name) {
    return "node/" + name;
  }

  static TargetGroup build(Node node) {
    String src = source(node.getMetadata().getName());
    Map<String, String> group = new HashMap<>();
    group.put(PROVIDER_ID, node.getSpec() == null ? "" : MetaLabels.nz(node.getSpec().getProviderID()));
    MetaLabels.addObjectMeta(group, node.getMetadata(), Role.NODE);

    Map<String, String> firstByType = new LinkedHashMap<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) firstByType.putIfAbsent(a.getType(), MetaLabels.nz(a.getAddress()));
    }
    String addr = null;
    for (String t : PREFERRED) {
      if (firstByType.containsKey(t)) {
        addr = firstByType.get(t);
        break;
      }
    }
    if (addr == null) return new TargetGroup(src, List.of(), Labels.EMPTY);
    int port = 0;
    if (node.getStatus().getDaemonEndpoints() != null && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null
        && node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() != null) {
      port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    }
    Map<String, String> t = new HashMap<>();
    t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(addr, port));
    t.put(MetaLabels.INSTANCE, node.getMetadata().getName());
    firstByType.forEach((type, a) -> t.put(MetaLabels.sanitize(ADDRESS_PREFIX + type), a));
    return new TargetGroup(src, List.of(Labels.fromMap(t)), Labels.fromMap(group));
  }
}
