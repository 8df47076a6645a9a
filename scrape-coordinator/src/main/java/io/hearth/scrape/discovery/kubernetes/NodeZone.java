package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The availability zone of a Kubernetes node: its {@code topology.kubernetes.io/zone} label, read
 * once (one GET of the Node object) for {@code --cluster.zone-from-node}. The downward API cannot pass
 * node labels to a pod, so the node process reads it with its own service account.
 */
public final class NodeZone {
  /** The well-known label cloud providers set on every node. */
  public static final String LABEL = "topology.kubernetes.io/zone";
  private static final Logger LOG = Logger.getLogger(NodeZone.class.getName());

  private NodeZone() {}

  /**
   * The zone label of node {@code nodeName}; empty (with a warning) when the node has no such label.
   *
   * @throws IllegalStateException naming the node when it cannot be read (no such node, no permission, API down)
   */
  public static String of(ApiConnection api, String nodeName) {
    Node n;
    try (KubernetesClient k = api.newClient()) {
      n = k.nodes().withName(nodeName).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot read the zone of Kubernetes node " + nodeName + " (--cluster.zone-from-node): "
          + (e.getCode() == 403 ? "the service account may not get nodes: " : "") + e.getMessage(), e);
    }
    if (n == null) {
      throw new IllegalStateException("cannot read the zone of Kubernetes node " + nodeName + " (--cluster.zone-from-node): no such node");
    }
    Map<String, String> labels = n.getMetadata().getLabels();
    String zone = labels == null ? null : labels.get(LABEL);
    if (zone == null || zone.isEmpty()) {
      LOG.warning("Kubernetes node " + nodeName + " has no " + LABEL + " label: this node has no zone");
      return "";
    }
    return zone;
  }
}
