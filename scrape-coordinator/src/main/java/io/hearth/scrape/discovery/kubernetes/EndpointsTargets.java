package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code endpoints}: for each subset, port and address (ready, then not ready) one target,
 * with the service's labels on the group and the pod's labels on targets backed by a pod, plus a
 * target for every container port of those pods that no endpoint port covers, as Prometheus's
 * {@code buildEndpoints}. Stateless.
 */
final class EndpointsTargets {
  static final String NODE_NAME = MetaLabels.PREFIX + "endpoint_node_name";
  static final String HOSTNAME = MetaLabels.PREFIX + "endpoint_hostname";
  static final String READY = MetaLabels.PREFIX + "endpoint_ready";
  static final String PORT_NAME = MetaLabels.PREFIX + "endpoint_port_name";
  static final String PORT_PROTOCOL = MetaLabels.PREFIX + "endpoint_port_protocol";
  static final String TARGET_KIND = MetaLabels.PREFIX + "endpoint_address_target_kind";
  static final String TARGET_NAME = MetaLabels.PREFIX + "endpoint_address_target_name";

  private EndpointsTargets() {}

  static String source(String namespace, String name) {
    return "endpoints/" + namespace + "/" + name;
  }

  static TargetGroup build(Endpoints eps, ObjectLookup lookup) {
    String ns = eps.getMetadata().getNamespace();
    String name = eps.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    Service svc = lookup.service(ns, name);
    if (svc != null) MetaLabels.addService(group, svc);
    MetaLabels.addObjectMeta(group, eps.getMetadata(), Role.ENDPOINTS);

    List<Labels> targets = new ArrayList<>();
    PodPorts pods = new PodPorts();
    if (eps.getSubsets() != null) {
      for (EndpointSubset ss : eps.getSubsets()) {
        if (ss.getPorts() == null) continue;
        for (EndpointPort port : ss.getPorts()) {
          if (ss.getAddresses() != null) {
            for (EndpointAddress a : ss.getAddresses()) targets.add(target(a, port, "true", lookup, pods));
          }
          if (ss.getNotReadyAddresses() != null) {
            for (EndpointAddress a : ss.getNotReadyAddresses()) targets.add(target(a, port, "false", lookup, pods));
          }
        }
      }
    }
    targets.addAll(pods.uncoveredTargets());
    return new TargetGroup(source(ns, name), targets, Labels.fromMap(group));
  }

  private static Labels target(EndpointAddress addr, EndpointPort port, String ready, ObjectLookup lookup, PodPorts pods) {
    int p = port.getPort() == null ? 0 : port.getPort();
    Map<String, String> t = new HashMap<>();
    t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(MetaLabels.nz(addr.getIp()), p));
    t.put(PORT_NAME, MetaLabels.nz(port.getName()));
    t.put(PORT_PROTOCOL, MetaLabels.nz(port.getProtocol()));
    t.put(READY, ready);
    ObjectReference ref = addr.getTargetRef();
    if (ref != null) {
      t.put(TARGET_KIND, MetaLabels.nz(ref.getKind()));
      t.put(TARGET_NAME, MetaLabels.nz(ref.getName()));
    }
    if (addr.getNodeName() != null) t.put(NODE_NAME, addr.getNodeName());
    if (addr.getHostname() != null && !addr.getHostname().isEmpty()) t.put(HOSTNAME, addr.getHostname());
    if (addr.getNodeName() != null) {
      MetaLabels.addNode(t, lookup.node(addr.getNodeName()));
    } else if (ref != null && "Node".equals(ref.getKind())) {
      MetaLabels.addNode(t, lookup.node(ref.getName()));
    }
    Pod pod = ref != null && "Pod".equals(ref.getKind()) ? lookup.pod(ref.getNamespace(), ref.getName()) : null;
    if (pod != null) pods.attach(t, pod, p, port.getProtocol(), false);
    return Labels.fromMap(t);
  }
}
