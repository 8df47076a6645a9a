package io.hearth.scrape.operator;

/**
 * The parts of a Prometheus custom resource that decide which monitors are selected and how their
 * configs are generated, with the operator's semantics: a null monitor selector selects no
 * monitor, the empty one selects all; a null namespace selector means the Prometheus object's own
 * namespace only, the empty one all namespaces.
 *
 * @param namespace the namespace of the (virtual) Prometheus object: the default for
 *     monitors' {@code namespaceSelector} and for null namespace selectors
 * @param endpointSlice {@code serviceDiscoveryRole: EndpointSlice}: ServiceMonitors use role
 *     {@code endpointslice} instead of {@code endpoints}
 * @param ignoreNamespaceSelectors {@code ignoreNamespaceSelectors}: monitors only see their own namespace
 */
public record MonitorSettings(
    LabelSelector serviceMonitorSelector,
    LabelSelector serviceMonitorNamespaceSelector,
    LabelSelector podMonitorSelector,
    LabelSelector podMonitorNamespaceSelector,
    String namespace,
    boolean endpointSlice,
    boolean ignoreNamespaceSelectors) {

  /** Every ServiceMonitor and PodMonitor in every namespace, role endpoints. */
  public static MonitorSettings selectAll(String namespace) {
    return new MonitorSettings(LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, LabelSelector.EVERYTHING,
        LabelSelector.EVERYTHING, namespace, false, false);
  }
}
