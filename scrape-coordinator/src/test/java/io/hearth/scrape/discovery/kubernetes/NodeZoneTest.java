package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

/** {@code --cluster.zone-from-node}: the zone label read from a Node object of a real (fabric8 mock) API server on loopback. */
class NodeZoneTest {
  @Test
  void theZoneIsTheNodesTopologyLabelEmptyWithoutItAndAnUnknownNodeIsAnError() {
    try (MockCluster k = new MockCluster()) {
      k.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-1-7")
          .addToLabels(NodeZone.LABEL, "eu-west-1b").addToLabels("kubernetes.io/hostname", "ip-10-0-1-7").endMetadata().build()).create();
      k.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("bare-metal-1").endMetadata().build()).create();
      assertEquals("eu-west-1b", NodeZone.of(k.connection(), "ip-10-0-1-7"));
      assertEquals("", NodeZone.of(k.connection(), "bare-metal-1"));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> NodeZone.of(k.connection(), "gone"));
      assertEquals("cannot read the zone of Kubernetes node gone (--cluster.zone-from-node): no such node", e.getMessage());
    }
  }
}
