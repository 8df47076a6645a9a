package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod side of the endpoints and endpointslice roles: pod labels on a target backed by a pod,
 * the container port matching the endpoint port, and the extra targets for the pod's container
 * ports no endpoint port covers. One instance per group being built; not thread-safe.
 */
final class PodPorts {
  /** Pods seen (by namespace/name) with the endpoint ports that produced targets for them. */
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> covered = new HashMap<>();

  /**
   * Adds the pod's labels and, when a container declares {@code port}, that container's labels to
   * a target; records the port as covered.
   *
   * @param protocolFromContainer endpointslice takes the protocol from the container port,
   *     endpoints from the endpoint port (as Prometheus)
   */
  void attach(Map<String, String> target, Pod pod, Integer port, String endpointProtocol, boolean protocolFromContainer) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    pods.putIfAbsent(key, pod);
    Set<Integer> ports = covered.computeIfAbsent(key, k -> new java.util.HashSet<>());
    MetaLabels.addPod(target, pod);
    if (port == null) return;
    ports.add(port);
    List<Container> containers = MetaLabels.allContainers(pod);
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      if (c.getPorts() == null) continue;
      // as Prometheus: the first matching port of each container; a later container with the same port wins
      for (ContainerPort cp : c.getPorts()) {
        if (cp.getContainerPort() != null && cp.getContainerPort().intValue() == port) {
          target.put(MetaLabels.POD_CONTAINER_NAME, c.getName());
          target.put(MetaLabels.POD_CONTAINER_IMAGE, MetaLabels.nz(c.getImage()));
          target.put(MetaLabels.POD_CONTAINER_PORT_NAME, MetaLabels.nz(cp.getName()));
          target.put(MetaLabels.POD_CONTAINER_PORT_NUMBER, Integer.toString(port));
          target.put(MetaLabels.POD_CONTAINER_PORT_PROTOCOL,
              protocolFromContainer ? MetaLabels.nz(cp.getProtocol()) : MetaLabels.nz(endpointProtocol));
          target.put(MetaLabels.POD_CONTAINER_INIT, Boolean.toString(MetaLabels.isInit(pod, i)));
          break;
        }
      }
    }
  }

  /** Targets for the container ports of seen pods that no endpoint port covered. */
  List<Labels> uncoveredTargets() {
    List<Labels> out = new ArrayList<>();
    for (Map.Entry<String, Pod> e : pods.entrySet()) {
      Pod pod = e.getValue();
      String ip = pod.getStatus() == null ? "" : MetaLabels.nz(pod.getStatus().getPodIP());
      if (ip.isEmpty()) continue;
      Set<Integer> seen = covered.get(e.getKey());
      List<Container> containers = MetaLabels.allContainers(pod);
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        if (c.getPorts() == null) continue;
        for (ContainerPort cp : c.getPorts()) {
          int port = cp.getContainerPort() == null ? 0 : cp.getContainerPort();
          if (seen.contains(port)) continue;
          Map<String, String> t = new HashMap<>();
          t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(ip, port));
          t.put(MetaLabels.POD_CONTAINER_NAME, c.getName());
          t.put(MetaLabels.POD_CONTAINER_IMAGE, MetaLabels.nz(c.getImage()));
          t.put(MetaLabels.POD_CONTAINER_PORT_NAME, MetaLabels.nz(cp.getName()));
          t.put(MetaLabels.POD_CONTAINER_PORT_NUMBER, Integer.toString(port));
          t.put(MetaLabels.POD_CONTAINER_PORT_PROTOCOL, MetaLabels.nz(cp.getProtocol()));
          t.put(MetaLabels.POD_CONTAINER_INIT, Boolean.toString(MetaLabels.isInit(pod, i)));
          MetaLabels.addPod(t, pod);
          out.add(Labels.fromMap(t));
        }
      }
    }
    return out;
  }
}
