package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code service}: one target per service port at {@code <name>.<namespace>.svc:<port>}, as
 * Prometheus's {@code buildService}. Stateless.
 */
final class ServiceTargets {
  static final String PORT_NAME = MetaLabels.PREFIX + "service_port_name";
  static final String PORT_NUMBER = MetaLabels.PREFIX + "service_port_number";
  static final String PORT_PROTOCOL = MetaLabels.PREFIX + "service_port_protocol";
  static final String CLUSTER_IP = MetaLabels.PREFIX + "service_cluster_ip";
  static final String LOADBALANCER_IP = MetaLabels.PREFIX + "service_loadbalancer_ip";
  static final String EXTERNAL_NAME = MetaLabels.PREFIX + "service_external_name";
  static final String TYPE = MetaLabels.PREFIX + "service_type";

  private ServiceTargets() {}

  static String source(String namespace, String name) {
    return "svc/" + namespace + "/" + name;
  }

  static TargetGroup build(Service svc) {
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    MetaLabels.addService(group, svc);
    List<Labels> targets = new ArrayList<>();
    String type = svc.getSpec() == null ? "" : MetaLabels.nz(svc.getSpec().getType());
    if (svc.getSpec() != null && svc.getSpec().getPorts() != null) {
      for (ServicePort p : svc.getSpec().getPorts()) {
        int port = p.getPort() == null ? 0 : p.getPort();
        Map<String, String> t = new HashMap<>();
        t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(name + "." + ns + ".svc", port));
        t.put(PORT_NAME, MetaLabels.nz(p.getName()));
        t.put(PORT_NUMBER, Integer.toString(port));
        t.put(PORT_PROTOCOL, MetaLabels.nz(p.getProtocol()));
        t.put(TYPE, type);
        if ("ExternalName".equals(type)) t.put(EXTERNAL_NAME, MetaLabels.nz(svc.getSpec().getExternalName()));
        else t.put(CLUSTER_IP, MetaLabels.nz(svc.getSpec().getClusterIP()));
        if ("LoadBalancer".equals(type)) t.put(LOADBALANCER_IP, MetaLabels.nz(svc.getSpec().getLoadBalancerIP()));
        targets.add(Labels.fromMap(t));
      }
    }
    return new TargetGroup(source(ns, name), targets, Labels.fromMap(group));
  }
}
