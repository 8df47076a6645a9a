package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

/**
 * Access to the related objects a target group is enriched with (the pod behind an endpoint, the
 * service of an Endpoints object, the node of attach_metadata). Implementations read informer
 * caches and must be safe to call from the discoverer's thread; each method returns null when
 * the object is unknown (or, for nodes, when node metadata is not wanted).
 */
interface ObjectLookup {
  ObjectLookup NONE = new ObjectLookup() {
    @Override
    public Pod pod(String namespace, String name) {
      return null;
    }

    @Override
    public Service service(String namespace, String name) {
      return null;
    }

    @Override
    public Node node(String name) {
      return null;
    }
  };

  Pod pod(String namespace, String name);

  Service service(String namespace, String name);

  Node node(String name);
}
