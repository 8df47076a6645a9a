/**
 * Kubernetes service discovery ({@code kubernetes_sd_configs}): roles node, pod, service,
 * endpoints, endpointslice and ingress, producing exactly the target groups and
 * {@code __meta_kubernetes_*} labels of Prometheus's {@code discovery/kubernetes}, from fabric8
 * informers (list and watch).
 *
 * <p>Owns: parsing and validating the config ({@link io.hearth.scrape.discovery.kubernetes.KubernetesSdConfig}),
 * reaching the API server ({@link io.hearth.scrape.discovery.kubernetes.ApiConnection}), one
 * builder per role turning API objects into target groups, and the
 * {@link io.hearth.scrape.discovery.Discoverer} plugged into the scrape manager through
 * {@link io.hearth.scrape.discovery.kubernetes.KubernetesDiscovererFactory}; also the one read of the
 * node's own zone label at start ({@link io.hearth.scrape.discovery.kubernetes.NodeZone}), and the
 * informer machinery (start, retry, coalesced change handling, stop) that the operator's watcher
 * shares ({@link io.hearth.scrape.discovery.kubernetes.InformerGroup}). It must never scrape,
 * relabel, write to the API server or touch storage; all fabric8 imports of discovery stay here.
 */
package io.hearth.scrape.discovery.kubernetes;
