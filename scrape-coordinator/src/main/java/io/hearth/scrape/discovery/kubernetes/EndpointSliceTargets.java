package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code endpointslice} ({@code discovery.k8s.io/v1}): for each endpoint, port and address one
 * target, the service named by the slice's {@code kubernetes.io/service-name} label on the group,
 * the pod's labels on targets backed by a pod, and targets for the pod's uncovered container
 * ports, as Prometheus's {@code buildEndpointSlice}. Stateless.
 */
final class EndpointSliceTargets {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final String P = MetaLabels.PREFIX + "endpointslice_";
  static final String ADDRESS_TYPE = P + "address_type";
  static final String PORT_NAME = P + "port_name";
  static final String PORT_PROTOCOL = P + "port_protocol";
  static final String PORT = P + "port";
  static final String PORT_APP_PROTOCOL = P + "port_app_protocol";
  static final String READY = P + "endpoint_conditions_ready";
  static final String SERVING = P + "endpoint_conditions_serving";
  static final String TERMINATING = P + "endpoint_conditions_terminating";
  static final String ZONE = P + "endpoint_zone";
  static final String HOSTNAME = P + "endpoint_hostname";
  static final String NODE_NAME = P + "endpoint_node_name";
  static final String TARGET_KIND = P + "address_target_kind";
  static final String TARGET_NAME = P + "address_target_name";
  static final String TOPOLOGY = P + "endpoint_topology_";
  static final String TOPOLOGY_PRESENT = P + "endpoint_topology_present_";

  private EndpointSliceTargets() {}

  static String source(String namespace, String name) {
    return "endpointslice/" + namespace + "/" + name;
  }

  static TargetGroup build(EndpointSlice eps, ObjectLookup lookup) {
    String ns = eps.getMetadata().getNamespace();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    group.put(ADDRESS_TYPE, MetaLabels.nz(eps.getAddressType()));
    MetaLabels.addObjectMeta(group, eps.getMetadata(), Role.ENDPOINTSLICE);
    String svcName = eps.getMetadata().getLabels() == null ? null : eps.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
    if (svcName != null) {
      Service svc = lookup.service(ns, svcName);
      if (svc != null) MetaLabels.addService(group, svc);
    }

    List<Labels> targets = new ArrayList<>();
    PodPorts pods = new PodPorts();
    if (eps.getEndpoints() != null && eps.getPorts() != null) {
      for (Endpoint ep : eps.getEndpoints()) {
        for (EndpointPort port : eps.getPorts()) {
          if (ep.getAddresses() == null) continue;
          for (String addr : ep.getAddresses()) targets.add(target(addr, ep, port, lookup, pods));
        }
      }
    }
    targets.addAll(pods.uncoveredTargets());
    return new TargetGroup(source(ns, eps.getMetadata().getName()), targets, Labels.fromMap(group));
  }

  private static Labels target(String addr, Endpoint ep, EndpointPort port, ObjectLookup lookup, PodPorts pods) {
    Map<String, String> t = new HashMap<>();
    t.put(MetaLabels.ADDRESS, port.getPort() == null ? addr : MetaLabels.joinHostPort(addr, port.getPort()));
    if (port.getName() != null) t.put(PORT_NAME, port.getName());
    if (port.getProtocol() != null) t.put(PORT_PROTOCOL, port.getProtocol());
    if (port.getPort() != null) t.put(PORT, Integer.toString(port.getPort()));
    if (port.getAppProtocol() != null) t.put(PORT_APP_PROTOCOL, port.getAppProtocol());
    EndpointConditions c = ep.getConditions();
    if (c != null && c.getReady() != null) t.put(READY, Boolean.toString(c.getReady()));
    if (c != null && c.getServing() != null) t.put(SERVING, Boolean.toString(c.getServing()));
    if (c != null && c.getTerminating() != null) t.put(TERMINATING, Boolean.toString(c.getTerminating()));
    if (ep.getHostname() != null) t.put(HOSTNAME, ep.getHostname());
    ObjectReference ref = ep.getTargetRef();
    if (ref != null) {
      t.put(TARGET_KIND, MetaLabels.nz(ref.getKind()));
      t.put(TARGET_NAME, MetaLabels.nz(ref.getName()));
    }
    if (ep.getNodeName() != null) t.put(NODE_NAME, ep.getNodeName());
    if (ep.getZone() != null) t.put(ZONE, ep.getZone());
    if (ep.getDeprecatedTopology() != null) {
      for (Map.Entry<String, String> e : ep.getDeprecatedTopology().entrySet()) {
        String ln = MetaLabels.sanitize(e.getKey());
        t.put(TOPOLOGY + ln, MetaLabels.nz(e.getValue()));
        t.put(TOPOLOGY_PRESENT + ln, MetaLabels.TRUE);
      }
    }
    if (ref != null && "Node".equals(ref.getKind())) MetaLabels.addNode(t, lookup.node(ref.getName()));
    else if (ep.getNodeName() != null) MetaLabels.addNode(t, lookup.node(ep.getNodeName()));
    Pod pod = ref != null && "Pod".equals(ref.getKind()) ? lookup.pod(ref.getNamespace(), ref.getName()) : null;
    if (pod != null) pods.attach(t, pod, port.getPort(), port.getProtocol(), true);
    return Labels.fromMap(t);
  }
}
