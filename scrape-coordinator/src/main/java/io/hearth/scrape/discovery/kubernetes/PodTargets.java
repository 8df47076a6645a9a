package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code pod}: one target per declared container port, and one port-less target per
 * container without ports (init containers included, flagged by {@code pod_container_init}), as
 * Prometheus's {@code buildPod}. A pod without an IP (starting, evicted) yields an empty group.
 * Stateless.
 */
final class PodTargets {
  private PodTargets() {}

  static String source(String namespace, String name) {
    return "pod/" + namespace + "/" + name;
  }

  static TargetGroup build(Pod pod, ObjectLookup lookup) {
    String ns = pod.getMetadata().getNamespace();
    String src = source(ns, pod.getMetadata().getName());
    String ip = pod.getStatus() == null ? "" : MetaLabels.nz(pod.getStatus().getPodIP());
    if (ip.isEmpty()) return new TargetGroup(src, List.of(), Labels.EMPTY);
    Map<String, String> group = new HashMap<>();
    MetaLabels.addPod(group, pod);
    group.put(MetaLabels.NAMESPACE, ns);
    if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
      MetaLabels.addNode(group, lookup.node(pod.getSpec().getNodeName()));
    }
    List<Labels> targets = new ArrayList<>();
    List<Container> containers = MetaLabels.allContainers(pod);
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      boolean init = MetaLabels.isInit(pod, i);
      String id = MetaLabels.containerId(pod, c.getName(), init);
      if (c.getPorts() == null || c.getPorts().isEmpty()) {
        Map<String, String> t = new HashMap<>();
        t.put(MetaLabels.ADDRESS, ip);
        t.put(MetaLabels.POD_CONTAINER_NAME, c.getName());
        t.put(MetaLabels.POD_CONTAINER_ID, id);
        t.put(MetaLabels.POD_CONTAINER_IMAGE, MetaLabels.nz(c.getImage()));
        t.put(MetaLabels.POD_CONTAINER_INIT, Boolean.toString(init));
        targets.add(Labels.fromMap(t));
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        int port = p.getContainerPort() == null ? 0 : p.getContainerPort();
        Map<String, String> t = new HashMap<>();
        t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(ip, port));
        t.put(MetaLabels.POD_CONTAINER_NAME, c.getName());
        t.put(MetaLabels.POD_CONTAINER_ID, id);
        t.put(MetaLabels.POD_CONTAINER_IMAGE, MetaLabels.nz(c.getImage()));
        t.put(MetaLabels.POD_CONTAINER_PORT_NUMBER, Integer.toString(port));
        t.put(MetaLabels.POD_CONTAINER_PORT_NAME, MetaLabels.nz(p.getName()));
        t.put(MetaLabels.POD_CONTAINER_PORT_PROTOCOL, MetaLabels.nz(p.getProtocol()));
        t.put(MetaLabels.POD_CONTAINER_INIT, Boolean.toString(init));
        targets.add(Labels.fromMap(t));
      }
    }
    return new TargetGroup(src, targets, Labels.fromMap(group));
  }
}
