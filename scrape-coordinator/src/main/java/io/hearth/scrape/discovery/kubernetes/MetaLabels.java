package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code __meta_kubernetes_*} label vocabulary and the label sets shared by several roles
 * (object metadata, pod, service and node labels), exactly as Prometheus's
 * {@code discovery/kubernetes} names and fills them. Label sets are plain mutable maps; an empty
 * value means "absent" (Hearth's {@code Labels} drops it, as Prometheus's label builder does).
 * Stateless.
 */
final class MetaLabels {
  static final String PREFIX = "__meta_kubernetes_";
  static final String ADDRESS = "__address__";
  static final String INSTANCE = "instance";
  static final String NAMESPACE = PREFIX + "namespace";
  static final String TRUE = "true";

  static final String POD_IP = PREFIX + "pod_ip";
  static final String POD_READY = PREFIX + "pod_ready";
  static final String POD_PHASE = PREFIX + "pod_phase";
  static final String POD_NODE_NAME = PREFIX + "pod_node_name";
  static final String POD_HOST_IP = PREFIX + "pod_host_ip";
  static final String POD_UID = PREFIX + "pod_uid";
  static final String POD_CONTROLLER_KIND = PREFIX + "pod_controller_kind";
  static final String POD_CONTROLLER_NAME = PREFIX + "pod_controller_name";
  static final String POD_CONTAINER_NAME = PREFIX + "pod_container_name";
  static final String POD_CONTAINER_ID = PREFIX + "pod_container_id";
  static final String POD_CONTAINER_IMAGE = PREFIX + "pod_container_image";
  static final String POD_CONTAINER_INIT = PREFIX + "pod_container_init";
  static final String POD_CONTAINER_PORT_NAME = PREFIX + "pod_container_port_name";
  static final String POD_CONTAINER_PORT_NUMBER = PREFIX + "pod_container_port_number";
  static final String POD_CONTAINER_PORT_PROTOCOL = PREFIX + "pod_container_port_protocol";

  private MetaLabels() {}

  /** Prometheus's {@code strutil.SanitizeLabelName}: every rune outside {@code [a-zA-Z0-9_]} becomes {@code _}. */
  static String sanitize(String name) {
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      b.append(ok ? (char) c : '_');
    });
    return b.toString();
  }

  /** {@code addObjectMetaLabels}: {@code <role>_name}, {@code <role>_label_*}, {@code <role>_labelpresent_*}, annotations likewise. */
  static void addObjectMeta(Map<String, String> ls, ObjectMeta meta, Role role) {
    String p = PREFIX + role.configName();
    ls.put(p + "_name", nz(meta.getName()));
    addPairs(ls, meta.getLabels(), p + "_label_", p + "_labelpresent_");
    addPairs(ls, meta.getAnnotations(), p + "_annotation_", p + "_annotationpresent_");
  }

  private static void addPairs(Map<String, String> ls, Map<String, String> kv, String valuePrefix, String presentPrefix) {
    if (kv == null) return;
    for (Map.Entry<String, String> e : kv.entrySet()) {
      String ln = sanitize(e.getKey());
      ls.put(valuePrefix + ln, nz(e.getValue()));
      ls.put(presentPrefix + ln, TRUE);
    }
  }

  /** {@code podLabels}: the pod-level labels shared by all of a pod's targets (namespace excluded). */
  static void addPod(Map<String, String> ls, Pod pod) {
    ls.put(POD_IP, pod.getStatus() == null ? "" : nz(pod.getStatus().getPodIP()));
    ls.put(POD_READY, podReady(pod));
    ls.put(POD_PHASE, pod.getStatus() == null ? "" : nz(pod.getStatus().getPhase()));
    ls.put(POD_NODE_NAME, pod.getSpec() == null ? "" : nz(pod.getSpec().getNodeName()));
    ls.put(POD_HOST_IP, pod.getStatus() == null ? "" : nz(pod.getStatus().getHostIP()));
    ls.put(POD_UID, nz(pod.getMetadata().getUid()));
    addObjectMeta(ls, pod.getMetadata(), Role.POD);
    OwnerReference controller = controllerOf(pod.getMetadata());
    if (controller != null) {
      if (!nz(controller.getKind()).isEmpty()) ls.put(POD_CONTROLLER_KIND, controller.getKind());
      if (!nz(controller.getName()).isEmpty()) ls.put(POD_CONTROLLER_NAME, controller.getName());
    }
  }

  /** {@code GetControllerOf}: the owner reference marked as controller, or null. */
  static OwnerReference controllerOf(ObjectMeta meta) {
    if (meta.getOwnerReferences() == null) return null;
    for (OwnerReference r : meta.getOwnerReferences()) {
      if (Boolean.TRUE.equals(r.getController())) return r;
    }
    return null;
  }

  /** The Ready condition's status lower-cased, {@code unknown} when the pod has none. */
  static String podReady(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) return nz(c.getStatus()).toLowerCase(Locale.ROOT);
      }
    }
    return "unknown";
  }

  /** Regular containers then init containers, as Prometheus appends them. */
  static List<Container> allContainers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) all.addAll(pod.getSpec().getContainers());
    if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) all.addAll(pod.getSpec().getInitContainers());
    return all;
  }

  /** Whether index {@code i} of {@link #allContainers} is an init container. */
  static boolean isInit(Pod pod, int i) {
    int regular = pod.getSpec() == null || pod.getSpec().getContainers() == null ? 0 : pod.getSpec().getContainers().size();
    return i >= regular;
  }

  /** The container ID from the pod's (init) container statuses, empty when not reported yet. */
  static String containerId(Pod pod, String container, boolean init) {
    if (pod.getStatus() == null) return "";
    List<ContainerStatus> st = init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
    if (st == null) return "";
    for (ContainerStatus s : st) {
      if (container.equals(s.getName())) return nz(s.getContainerID());
    }
    return "";
  }

  /** {@code serviceLabels}: namespace, name, labels and annotations of a service. */
  static void addService(Map<String, String> ls, Service svc) {
    ls.put(NAMESPACE, nz(svc.getMetadata().getNamespace()));
    addObjectMeta(ls, svc.getMetadata(), Role.SERVICE);
  }

  /** {@code addNodeLabels} for attach_metadata: the node's name, labels and annotations when the node is known. */
  static void addNode(Map<String, String> ls, Node node) {
    if (node != null) addObjectMeta(ls, node.getMetadata(), Role.NODE);
  }

  /** Go's {@code net.JoinHostPort}: brackets around IPv6 hosts. */
  static String joinHostPort(String host, long port) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return h + ":" + port;
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
