package io.hearth.scrape.operator;

/**
 * The parts of a Prometheus custom resource that decide which monitors are selected and how their
 * configs are generated, with the operator's semantics: a null monitor selector selects no
 * monitor, the empty one selects all; a null namespace selector means the Prometheus object's own
 * namespace only, the empty one all namespaces. ScrapeConfig objects are selected the same way by
 * {@code scrapeConfigSelector} and {@code scrapeConfigNamespaceSelector}, PrometheusRule objects by
 * {@code ruleSelector} and {@code ruleNamespaceSelector}.
 *
 * @param namespace the namespace of the (virtual) Prometheus object: the default for
 *     monitors' {@code namespaceSelector} and for null namespace selectors
 * @param endpointSlice {@code serviceDiscoveryRole: EndpointSlice}: ServiceMonitors use role
 *     {@code endpointslice} instead of {@code endpoints}
 * @param ignoreNamespaceSelectors {@code ignoreNamespaceSelectors}: monitors only see their own namespace
 * @param scrapeConfigSelector {@code scrapeConfigSelector}: null selects no ScrapeConfig (and the
 *     watcher then does not watch them at all)
 * @param scrapeConfigNamespaceSelector {@code scrapeConfigNamespaceSelector}
 * @param ruleSelector {@code ruleSelector}: null selects no PrometheusRule (and the watcher then
 *     does not watch them at all)
 * @param ruleNamespaceSelector {@code ruleNamespaceSelector}
 */
public record MonitorSettings(
    LabelSelector serviceMonitorSelector,
    LabelSelector serviceMonitorNamespaceSelector,
    LabelSelector podMonitorSelector,
    LabelSelector podMonitorNamespaceSelector,
    LabelSelector scrapeConfigSelector,
    LabelSelector scrapeConfigNamespaceSelector,
    LabelSelector ruleSelector,
    LabelSelector ruleNamespaceSelector,
    String namespace,
    boolean endpointSlice,
    boolean ignoreNamespaceSelectors) {

  /** Monitors and ScrapeConfigs only: no PrometheusRule is selected. */
  public MonitorSettings(LabelSelector serviceMonitorSelector, LabelSelector serviceMonitorNamespaceSelector,
      LabelSelector podMonitorSelector, LabelSelector podMonitorNamespaceSelector, LabelSelector scrapeConfigSelector,
      LabelSelector scrapeConfigNamespaceSelector, String namespace, boolean endpointSlice,
      boolean ignoreNamespaceSelectors) {
    this(serviceMonitorSelector, serviceMonitorNamespaceSelector, podMonitorSelector, podMonitorNamespaceSelector,
        scrapeConfigSelector, scrapeConfigNamespaceSelector, null, null, namespace, endpointSlice,
        ignoreNamespaceSelectors);
  }

  /** ServiceMonitors and PodMonitors only: no ScrapeConfig or PrometheusRule is selected. */
  public MonitorSettings(LabelSelector serviceMonitorSelector, LabelSelector serviceMonitorNamespaceSelector,
      LabelSelector podMonitorSelector, LabelSelector podMonitorNamespaceSelector, String namespace,
      boolean endpointSlice, boolean ignoreNamespaceSelectors) {
    this(serviceMonitorSelector, serviceMonitorNamespaceSelector, podMonitorSelector, podMonitorNamespaceSelector,
        null, null, null, null, namespace, endpointSlice, ignoreNamespaceSelectors);
  }

  /** Every ServiceMonitor, PodMonitor, ScrapeConfig and PrometheusRule in every namespace, role endpoints. */
  public static MonitorSettings selectAll(String namespace) {
    return new MonitorSettings(LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, LabelSelector.EVERYTHING,
        LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, LabelSelector.EVERYTHING,
        LabelSelector.EVERYTHING, namespace, false, false);
  }
}
