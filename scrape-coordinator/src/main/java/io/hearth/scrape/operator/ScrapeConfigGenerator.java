package io.hearth.scrape.operator;

import io.hearth.scrape.operator.SecretSource.MissingReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Turns ServiceMonitor and PodMonitor specs ({@code monitoring.coreos.com/v1}, in their plain JSON
 * form) into Prometheus scrape configs, one per endpoint, the way the prometheus-operator's
 * {@code promcfg.go} generates them: job {@code serviceMonitor/<ns>/<name>/<i>} or
 * {@code podMonitor/<ns>/<name>/<i>}, a {@code kubernetes_sd_configs} entry restricted to the
 * monitor's namespaces, the operator's relabelings (job name into {@code __tmp_prometheus_job_name},
 * running-pod filter, keep on the selector's labels, keep on the port, the {@code node},
 * {@code pod}, {@code namespace}, {@code service}, {@code container}, {@code job} and
 * {@code endpoint} labels, {@code targetLabels}, {@code podTargetLabels}, {@code jobLabel}), then
 * the user's {@code relabelings}, the sharding rules of shard 0 of 1, the limits, and
 * {@code metricRelabelings}. ScrapeConfig objects ({@code monitoring.coreos.com/v1alpha1}) become
 * one job each, {@code scrapeConfig/<ns>/<name>} ({@link #scrapeConfig}).
 *
 * <p>Output is the YAML model (ordered maps, lists, strings, numbers, booleans) of each
 * {@code scrape_configs} entry. Deliberate differences to the operator: secrets and TLS material
 * are written inline ({@code bearer_token}, {@code basic_auth.password}, {@code tls_config.ca},
 * {@code cert}, {@code key}) instead of as files the operator mounts; scrape classes, enforced
 * namespace labels, OAuth2 and proxy settings are not generated. Stateless.
 */
public final class ScrapeConfigGenerator {
  private static final String PROMETHEUS_JOB_LABEL = "__tmp_prometheus_job_name";
  private static final String HASH_LABEL = "__tmp_hash";
  private static final String DISABLE_SHARDING_LABEL = "__tmp_disable_sharding";

  private ScrapeConfigGenerator() {}

  /** Prometheus-operator's {@code sanitizeLabelName}: every character outside {@code [a-zA-Z0-9_]} becomes {@code _}. */
  static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /**
   * The scrape configs of one ServiceMonitor, one per endpoint.
   *
   * @param namespace the monitor's namespace
   * @param spec the monitor's {@code spec}
   * @throws MissingReferenceException when a referenced secret key is missing (the monitor is invalid)
   * @throws IllegalArgumentException when the spec is malformed
   */
  public static List<Map<String, Object>> serviceMonitor(String namespace, String name, Map<String, Object> spec,
      MonitorSettings settings, SecretSource secrets) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Map<String, Object>> endpoints = maps(spec.get("endpoints"));
    for (int i = 0; i < endpoints.size(); i++) {
      out.add(serviceMonitorEndpoint(namespace, name, spec, endpoints.get(i), i, settings, secrets));
    }
    return out;
  }

  /**
   * The scrape configs of one PodMonitor, one per {@code podMetricsEndpoints} entry.
   *
   * @throws MissingReferenceException when a referenced secret key is missing (the monitor is invalid)
   * @throws IllegalArgumentException when the spec is malformed
   */
  public static List<Map<String, Object>> podMonitor(String namespace, String name, Map<String, Object> spec,
      MonitorSettings settings, SecretSource secrets) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Map<String, Object>> endpoints = maps(spec.get("podMetricsEndpoints"));
    for (int i = 0; i < endpoints.size(); i++) {
      out.add(podMonitorEndpoint(namespace, name, spec, endpoints.get(i), i, settings, secrets));
    }
    return out;
  }

  private static Map<String, Object> serviceMonitorEndpoint(String ns, String name, Map<String, Object> spec,
      Map<String, Object> ep, int i, MonitorSettings settings, SecretSource secrets) {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("job_name", "serviceMonitor/" + ns + "/" + name + "/" + i);
    commonHead(cfg, ep);
    String role = settings.endpointSlice() ? "endpointslice" : "endpoints";
    String sdRole = str(spec.get("serviceDiscoveryRole"));
    if (sdRole != null) role = sdRole.equalsIgnoreCase("EndpointSlice") ? "endpointslice" : "endpoints";
    LabelSelector selector = selector(spec);
    boolean roleSelector = "RoleSelector".equals(str(spec.get("selectorMechanism")));
    cfg.put("kubernetes_sd_configs", List.of(sdConfig(role, spec, ns, settings, roleSelector ? selector : null,
        List.of(role, "service"))));
    commonHttp(cfg, ep, ns, secrets, true);

    List<Map<String, Object>> rl = new ArrayList<>();
    rl.add(rule("source_labels", List.of("job"), "target_label", PROMETHEUS_JOB_LABEL));
    if (!roleSelector) selectorRules(rl, selector, "__meta_kubernetes_service_label_", "__meta_kubernetes_service_labelpresent_");
    String port = str(ep.get("port"));
    Object targetPort = ep.get("targetPort");
    if (port != null && !port.isEmpty()) {
      String src = role.equals("endpointslice") ? "__meta_kubernetes_endpointslice_port_name"
          : "__meta_kubernetes_endpoint_port_name";
      rl.add(rule("action", "keep", "source_labels", List.of(src), "regex", port));
    } else if (targetPort != null) {
      targetPortRule(rl, targetPort);
    }
    String kindLabel = role.equals("endpointslice") ? "__meta_kubernetes_endpointslice_address_target_kind"
        : "__meta_kubernetes_endpoint_address_target_kind";
    String nameLabel = role.equals("endpointslice") ? "__meta_kubernetes_endpointslice_address_target_name"
        : "__meta_kubernetes_endpoint_address_target_name";
    rl.add(rule("source_labels", List.of(kindLabel, nameLabel), "separator", ";", "regex", "Node;(.*)",
        "replacement", "${1}", "target_label", "node"));
    rl.add(rule("source_labels", List.of(kindLabel, nameLabel), "separator", ";", "regex", "Pod;(.*)",
        "replacement", "${1}", "target_label", "pod"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_namespace"), "target_label", "namespace"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_service_name"), "target_label", "service"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_container_name"), "target_label", "container"));
    if (bool(ep.get("filterRunning"), true)) rl.add(runningFilter());
    for (String l : strings(spec.get("targetLabels"))) {
      rl.add(rule("source_labels", List.of("__meta_kubernetes_service_label_" + sanitize(l)), "target_label",
          sanitize(l), "regex", "(.+)", "replacement", "${1}"));
    }
    for (String l : strings(spec.get("podTargetLabels"))) {
      rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_label_" + sanitize(l)), "target_label", sanitize(l),
          "regex", "(.+)", "replacement", "${1}"));
    }
    rl.add(rule("source_labels", List.of("__meta_kubernetes_service_name"), "target_label", "job", "replacement", "${1}"));
    String jobLabel = str(spec.get("jobLabel"));
    if (jobLabel != null && !jobLabel.isEmpty()) {
      rl.add(rule("source_labels", List.of("__meta_kubernetes_service_label_" + sanitize(jobLabel)), "target_label", "job",
          "regex", "(.+)", "replacement", "${1}"));
    }
    endpointLabelRule(rl, port, targetPort);
    rl.addAll(relabelings(ep.get("relabelings")));
    sharding(rl);
    cfg.put("relabel_configs", rl);
    commonTail(cfg, spec, ep);
    return cfg;
  }

  private static Map<String, Object> podMonitorEndpoint(String ns, String name, Map<String, Object> spec,
      Map<String, Object> ep, int i, MonitorSettings settings, SecretSource secrets) {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("job_name", "podMonitor/" + ns + "/" + name + "/" + i);
    commonHead(cfg, ep);
    LabelSelector selector = selector(spec);
    boolean roleSelector = "RoleSelector".equals(str(spec.get("selectorMechanism")));
    cfg.put("kubernetes_sd_configs", List.of(sdConfig("pod", spec, ns, settings, roleSelector ? selector : null,
        List.of("pod"))));
    commonHttp(cfg, ep, ns, secrets, false);

    List<Map<String, Object>> rl = new ArrayList<>();
    rl.add(rule("source_labels", List.of("job"), "target_label", PROMETHEUS_JOB_LABEL));
    if (bool(ep.get("filterRunning"), true)) rl.add(runningFilter());
    if (!roleSelector) selectorRules(rl, selector, "__meta_kubernetes_pod_label_", "__meta_kubernetes_pod_labelpresent_");
    String port = str(ep.get("port"));
    Object portNumber = ep.get("portNumber");
    Object targetPort = ep.get("targetPort");
    if (port != null && !port.isEmpty()) {
      rl.add(rule("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_container_port_name"), "regex", port));
    } else if (portNumber != null && !portNumber.toString().equals("0")) {
      rl.add(rule("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_container_port_number"), "regex",
          portNumber.toString()));
    } else if (targetPort != null) {
      targetPortRule(rl, targetPort);
    }
    rl.add(rule("source_labels", List.of("__meta_kubernetes_namespace"), "target_label", "namespace"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_container_name"), "target_label", "container"));
    rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod"));
    for (String l : strings(spec.get("podTargetLabels"))) {
      rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_label_" + sanitize(l)), "target_label", sanitize(l),
          "regex", "(.+)", "replacement", "${1}"));
    }
    rl.add(rule("target_label", "job", "replacement", ns + "/" + name));
    String jobLabel = str(spec.get("jobLabel"));
    if (jobLabel != null && !jobLabel.isEmpty()) {
      rl.add(rule("source_labels", List.of("__meta_kubernetes_pod_label_" + sanitize(jobLabel)), "target_label", "job",
          "regex", "(.+)", "replacement", "${1}"));
    }
    endpointLabelRule(rl, port, targetPort);
    rl.addAll(relabelings(ep.get("relabelings")));
    sharding(rl);
    cfg.put("relabel_configs", rl);
    commonTail(cfg, spec, ep);
    return cfg;
  }

  /** The ScrapeConfig spec fields {@link #scrapeConfig} turns into config; any other field set is reported unsupported. */
  static final Set<String> SCRAPE_CONFIG_FIELDS = Set.of("jobName", "staticConfigs", "fileSDConfigs",
      "kubernetesSDConfigs", "relabelings", "metricRelabelings", "metricsPath", "params", "scheme", "scrapeInterval",
      "scrapeTimeout", "honorLabels", "honorTimestamps", "trackTimestampsStaleness", "scrapeProtocols",
      "fallbackScrapeProtocol", "enableCompression", "enableHTTP2", "basicAuth", "authorization", "tlsConfig",
      "sampleLimit", "targetLimit", "labelLimit", "labelNameLengthLimit", "labelValueLengthLimit",
      "keepDroppedTargets");
  /** The {@code kubernetesSDConfigs[]} fields that are supported; others are reported unsupported. */
  static final Set<String> KUBERNETES_SD_FIELDS = Set.of("apiServer", "role", "namespaces", "attachMetadata",
      "selectors", "basicAuth", "authorization", "tlsConfig", "followRedirects", "enableHTTP2");

  /**
   * The scrape config of one ScrapeConfig object ({@code monitoring.coreos.com/v1alpha1}), as the
   * operator's {@code generateScrapeConfig} writes it for an unsharded Prometheus: job
   * {@code scrapeConfig/<ns>/<name>}; relabelings the job name into {@code __tmp_prometheus_job_name},
   * {@code jobName} into {@code job}, then the user's {@code relabelings} (no sharding rules, as the
   * operator adds none for one shard); {@code staticConfigs}, {@code fileSDConfigs} and
   * {@code kubernetesSDConfigs} (roles and selector roles lower-cased) as they are; credentials read
   * from the object's namespace.
   *
   * <p>Fields Hearth cannot act on (HTTP and the other service discoveries, OAuth2, proxies, scrape
   * classes, native-histogram settings, and any field not in {@link #SCRAPE_CONFIG_FIELDS}) are left
   * out and their names, e.g. {@code httpSDConfigs} or {@code kubernetesSDConfigs[0].oauth2}, given to
   * {@code unsupported}, once each per call; the rest of the object is still generated.
   *
   * @param spec the object's {@code spec}
   * @throws MissingReferenceException when a referenced Secret or ConfigMap key is missing (the object is invalid)
   * @throws IllegalArgumentException when the spec is malformed
   */
  public static Map<String, Object> scrapeConfig(String namespace, String name, Map<String, Object> spec,
      SecretSource secrets, Consumer<String> unsupported) {
    for (String field : new TreeSet<>(spec.keySet())) {
      if (!SCRAPE_CONFIG_FIELDS.contains(field) && spec.get(field) != null) unsupported.accept(field);
    }
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("job_name", "scrapeConfig/" + namespace + "/" + name);
    commonHead(cfg, spec);
    putIfPresent(cfg, "metrics_path", str(spec.get("metricsPath")));
    if (spec.get("enableCompression") != null) cfg.put("enable_compression", bool(spec.get("enableCompression"), true));
    putIfPresent(cfg, "scrape_interval", str(spec.get("scrapeInterval")));
    putIfPresent(cfg, "scrape_timeout", str(spec.get("scrapeTimeout")));
    paramsAndScheme(cfg, spec);
    if (spec.get("enableHTTP2") != null) cfg.put("enable_http2", bool(spec.get("enableHTTP2"), true));
    basicAuthAndAuthorization(cfg, spec, namespace, secrets);
    Map<String, Object> tls = map(spec.get("tlsConfig"));
    if (tls != null) cfg.put("tls_config", tls(tls, namespace, secrets));

    List<Map<String, Object>> statics = new ArrayList<>();
    for (Map<String, Object> sc : maps(spec.get("staticConfigs"))) {
      Map<String, Object> labels = new TreeMap<>();
      Map<String, Object> given = map(sc.get("labels"));
      if (given != null) given.forEach((k, v) -> labels.put(k, str(v)));
      statics.add(rule("targets", strings(sc.get("targets")), "labels", labels));
    }
    if (!statics.isEmpty()) cfg.put("static_configs", statics);
    List<Map<String, Object>> files = new ArrayList<>();
    for (Map<String, Object> fc : maps(spec.get("fileSDConfigs"))) {
      Map<String, Object> f = rule("files", strings(fc.get("files")));
      putIfPresent(f, "refresh_interval", str(fc.get("refreshInterval")));
      files.add(f);
    }
    if (!files.isEmpty()) cfg.put("file_sd_configs", files);
    List<Map<String, Object>> kube = new ArrayList<>();
    List<Map<String, Object>> kubeSpecs = maps(spec.get("kubernetesSDConfigs"));
    for (int i = 0; i < kubeSpecs.size(); i++) {
      kube.add(kubernetesSd(kubeSpecs.get(i), "kubernetesSDConfigs[" + i + "].", namespace, secrets, unsupported));
    }
    if (!kube.isEmpty()) cfg.put("kubernetes_sd_configs", kube);

    List<Map<String, Object>> rl = new ArrayList<>();
    rl.add(rule("source_labels", List.of("job"), "target_label", PROMETHEUS_JOB_LABEL));
    String jobName = str(spec.get("jobName"));
    if (jobName != null) rl.add(rule("target_label", "job", "action", "replace", "replacement", jobName));
    rl.addAll(relabelings(spec.get("relabelings")));
    cfg.put("relabel_configs", rl);
    commonTail(cfg, spec, spec);
    return cfg;
  }

  /** One {@code kubernetesSDConfigs} entry as a {@code kubernetes_sd_configs} entry. */
  private static Map<String, Object> kubernetesSd(Map<String, Object> k, String path, String ns, SecretSource secrets,
      Consumer<String> unsupported) {
    for (String field : new TreeSet<>(k.keySet())) {
      if (!KUBERNETES_SD_FIELDS.contains(field) && k.get(field) != null) unsupported.accept(path + field);
    }
    Map<String, Object> sd = new LinkedHashMap<>();
    putIfPresent(sd, "api_server", str(k.get("apiServer")));
    String role = str(k.get("role"));
    if (role == null || role.isEmpty()) throw new IllegalArgumentException(path + "role is required");
    role = role.toLowerCase(Locale.ROOT);
    sd.put("role", role);
    basicAuthAndAuthorization(sd, k, ns, secrets);
    if (k.get("followRedirects") != null) sd.put("follow_redirects", bool(k.get("followRedirects"), true));
    if (k.get("enableHTTP2") != null) sd.put("enable_http2", bool(k.get("enableHTTP2"), true));
    Map<String, Object> tls = map(k.get("tlsConfig"));
    if (tls != null) sd.put("tls_config", tls(tls, ns, secrets));
    Map<String, Object> namespaces = map(k.get("namespaces"));
    if (namespaces != null) {
      Map<String, Object> n = rule("names", strings(namespaces.get("names")));
      if (namespaces.get("ownNamespace") != null) n.put("own_namespace", bool(namespaces.get("ownNamespace"), false));
      sd.put("namespaces", n);
    }
    List<Map<String, Object>> selectors = new ArrayList<>();
    for (Map<String, Object> s : maps(k.get("selectors"))) {
      Map<String, Object> sel = rule("role", String.valueOf(s.get("role")).toLowerCase(Locale.ROOT));
      putIfPresent(sel, "label", str(s.get("label")));
      putIfPresent(sel, "field", str(s.get("field")));
      selectors.add(sel);
    }
    if (!selectors.isEmpty()) sd.put("selectors", selectors);
    Map<String, Object> attach = map(k.get("attachMetadata"));
    if (attach != null) {
      if (List.of("pod", "endpoints", "endpointslice").contains(role)) {
        sd.put("attach_metadata", Map.of("node", bool(attach.get("node"), false)));
      } else {
        unsupported.accept(path + "attachMetadata (role " + role + ")");
      }
    }
    return sd;
  }

  // ---- pieces shared by the monitor kinds and ScrapeConfig ----

  private static void commonHead(Map<String, Object> cfg, Map<String, Object> ep) {
    cfg.put("honor_labels", bool(ep.get("honorLabels"), false));
    if (ep.get("honorTimestamps") != null) cfg.put("honor_timestamps", bool(ep.get("honorTimestamps"), true));
    if (ep.get("trackTimestampsStaleness") != null) {
      cfg.put("track_timestamps_staleness", bool(ep.get("trackTimestampsStaleness"), false));
    }
  }

  private static Map<String, Object> sdConfig(String role, Map<String, Object> spec, String ns, MonitorSettings settings,
      LabelSelector roleSelector, List<String> selectorRoles) {
    Map<String, Object> sd = new LinkedHashMap<>();
    sd.put("role", role);
    List<String> namespaces = namespaces(spec, ns, settings);
    if (!namespaces.isEmpty()) sd.put("namespaces", Map.of("names", namespaces));
    Map<String, Object> attach = map(spec.get("attachMetadata"));
    if (attach != null) sd.put("attach_metadata", Map.of("node", bool(attach.get("node"), false)));
    if (roleSelector != null) {
      List<Map<String, Object>> sels = new ArrayList<>();
      for (String r : selectorRoles) sels.add(rule("role", r, "label", roleSelector.toSelectorString()));
      sd.put("selectors", sels);
    }
    return sd;
  }

  /** {@code getNamespacesFromNamespaceSelector}: empty means all namespaces. */
  private static List<String> namespaces(Map<String, Object> spec, String ns, MonitorSettings settings) {
    if (settings.ignoreNamespaceSelectors()) return List.of(ns);
    Map<String, Object> nsel = map(spec.get("namespaceSelector"));
    if (nsel != null && bool(nsel.get("any"), false)) return List.of();
    List<String> names = nsel == null ? List.of() : strings(nsel.get("matchNames"));
    return names.isEmpty() ? List.of(ns) : names;
  }

  private static void commonHttp(Map<String, Object> cfg, Map<String, Object> ep, String ns, SecretSource secrets,
      boolean serviceMonitor) {
    putIfPresent(cfg, "scrape_interval", str(ep.get("interval")));
    putIfPresent(cfg, "scrape_timeout", str(ep.get("scrapeTimeout")));
    putIfPresent(cfg, "metrics_path", str(ep.get("path")));
    paramsAndScheme(cfg, ep);
    if (ep.get("followRedirects") != null) cfg.put("follow_redirects", bool(ep.get("followRedirects"), true));
    if (ep.get("enableHttp2") != null) cfg.put("enable_http2", bool(ep.get("enableHttp2"), true));
    Map<String, Object> tls = map(ep.get("tlsConfig"));
    if (tls != null) cfg.put("tls_config", tls(tls, ns, secrets));
    if (serviceMonitor) putIfPresent(cfg, "bearer_token_file", str(ep.get("bearerTokenFile")));
    Map<String, Object> bearer = map(ep.get("bearerTokenSecret"));
    if (bearer != null && str(bearer.get("name")) != null && !str(bearer.get("name")).isEmpty()) {
      cfg.put("bearer_token", secret(secrets, ns, bearer));
    }
    basicAuthAndAuthorization(cfg, ep, ns, secrets);
  }

  /** {@code basicAuth} and {@code authorization} (the operator's {@code SafeAuthorization}) with their Secrets read. */
  private static void basicAuthAndAuthorization(Map<String, Object> cfg, Map<String, Object> src, String ns,
      SecretSource secrets) {
    Map<String, Object> basic = map(src.get("basicAuth"));
    if (basic != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("username", map(basic.get("username")) == null ? "" : secret(secrets, ns, map(basic.get("username"))));
      b.put("password", map(basic.get("password")) == null ? "" : secret(secrets, ns, map(basic.get("password"))));
      cfg.put("basic_auth", b);
    }
    Map<String, Object> authz = map(src.get("authorization"));
    if (authz != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      String type = str(authz.get("type"));
      a.put("type", type == null || type.isEmpty() ? "Bearer" : type);
      if (map(authz.get("credentials")) != null) a.put("credentials", secret(secrets, ns, map(authz.get("credentials"))));
      cfg.put("authorization", a);
    }
  }

  /** {@code params} (sorted by name) and {@code scheme} (lower-cased), when set. */
  private static void paramsAndScheme(Map<String, Object> cfg, Map<String, Object> src) {
    Map<String, Object> params = map(src.get("params"));
    if (params != null) {
      Map<String, Object> p = new TreeMap<>();
      params.forEach((k, v) -> p.put(k, strings(v)));
      cfg.put("params", p);
    }
    String scheme = str(src.get("scheme"));
    if (scheme != null) cfg.put("scheme", scheme.toLowerCase(Locale.ROOT));
  }

  private static Map<String, Object> tls(Map<String, Object> t, String ns, SecretSource secrets) {
    Map<String, Object> out = new LinkedHashMap<>();
    String ca = secretOrConfigMap(t.get("ca"), ns, secrets);
    if (ca != null) out.put("ca", ca);
    else putIfPresent(out, "ca_file", str(t.get("caFile")));
    String cert = secretOrConfigMap(t.get("cert"), ns, secrets);
    if (cert != null) out.put("cert", cert);
    else putIfPresent(out, "cert_file", str(t.get("certFile")));
    Map<String, Object> key = map(t.get("keySecret"));
    if (key != null) out.put("key", secret(secrets, ns, key));
    else putIfPresent(out, "key_file", str(t.get("keyFile")));
    putIfPresent(out, "server_name", str(t.get("serverName")));
    if (t.get("insecureSkipVerify") != null) out.put("insecure_skip_verify", bool(t.get("insecureSkipVerify"), false));
    putIfPresent(out, "min_version", str(t.get("minVersion")));
    putIfPresent(out, "max_version", str(t.get("maxVersion")));
    return out;
  }

  private static String secretOrConfigMap(Object o, String ns, SecretSource secrets) {
    Map<String, Object> m = map(o);
    if (m == null) return null;
    Map<String, Object> s = map(m.get("secret"));
    if (s != null) return secret(secrets, ns, s);
    Map<String, Object> c = map(m.get("configMap"));
    if (c != null) return secrets.configMapKey(ns, str(c.get("name")), str(c.get("key")));
    return null;
  }

  private static String secret(SecretSource secrets, String ns, Map<String, Object> selector) {
    return secrets.secretKey(ns, str(selector.get("name")), str(selector.get("key")));
  }

  private static void commonTail(Map<String, Object> cfg, Map<String, Object> spec, Map<String, Object> ep) {
    String[][] limits = {{"sampleLimit", "sample_limit"}, {"targetLimit", "target_limit"}, {"labelLimit", "label_limit"},
        {"labelNameLengthLimit", "label_name_length_limit"}, {"labelValueLengthLimit", "label_value_length_limit"},
        {"keepDroppedTargets", "keep_dropped_targets"}};
    for (String[] l : limits) {
      if (spec.get(l[0]) != null) cfg.put(l[1], spec.get(l[0]));
    }
    List<String> protocols = strings(spec.get("scrapeProtocols"));
    if (!protocols.isEmpty()) cfg.put("scrape_protocols", protocols);
    putIfPresent(cfg, "fallback_scrape_protocol", str(spec.get("fallbackScrapeProtocol")));
    putIfPresent(cfg, "body_size_limit", str(spec.get("bodySizeLimit")));
    List<Map<String, Object>> mrl = relabelings(ep.get("metricRelabelings"));
    if (!mrl.isEmpty()) cfg.put("metric_relabel_configs", mrl);
  }

  /** Keep/drop rules on the service (or pod) labels for the monitor's selector. */
  private static void selectorRules(List<Map<String, Object>> rl, LabelSelector sel, String labelPrefix,
      String presentPrefix) {
    for (Map.Entry<String, String> e : sel.matchLabels().entrySet()) {
      String k = sanitize(e.getKey());
      rl.add(rule("action", "keep", "source_labels", List.of(labelPrefix + k, presentPrefix + k), "regex",
          "(" + e.getValue() + ");true"));
    }
    for (LabelSelector.Requirement r : sel.matchExpressions()) {
      String k = sanitize(r.key());
      switch (r.operator()) {
        case "In":
          rl.add(rule("action", "keep", "source_labels", List.of(labelPrefix + k, presentPrefix + k), "regex",
              "(" + String.join("|", r.values()) + ");true"));
          break;
        case "NotIn":
          rl.add(rule("action", "drop", "source_labels", List.of(labelPrefix + k, presentPrefix + k), "regex",
              "(" + String.join("|", r.values()) + ");true"));
          break;
        case "Exists":
          rl.add(rule("action", "keep", "source_labels", List.of(presentPrefix + k), "regex", "true"));
          break;
        case "DoesNotExist":
          rl.add(rule("action", "drop", "source_labels", List.of(presentPrefix + k), "regex", "true"));
          break;
        default:
          break;
      }
    }
  }

  private static void targetPortRule(List<Map<String, Object>> rl, Object targetPort) {
    if (targetPort instanceof Number) {
      if (((Number) targetPort).intValue() != 0) {
        rl.add(rule("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_container_port_number"), "regex",
            targetPort.toString()));
      }
    } else if (!targetPort.toString().isEmpty()) {
      rl.add(rule("action", "keep", "source_labels", List.of("__meta_kubernetes_pod_container_port_name"), "regex",
          targetPort.toString()));
    }
  }

  private static void endpointLabelRule(List<Map<String, Object>> rl, String port, Object targetPort) {
    if (port != null && !port.isEmpty()) {
      rl.add(rule("target_label", "endpoint", "replacement", port));
    } else if (targetPort != null && !targetPort.toString().isEmpty()) {
      rl.add(rule("target_label", "endpoint", "replacement", targetPort.toString()));
    }
  }

  private static Map<String, Object> runningFilter() {
    return rule("action", "drop", "source_labels", List.of("__meta_kubernetes_pod_phase"), "regex", "(Failed|Succeeded)");
  }

  /** The operator's address sharding, for shard 0 of 1 (keeps every target). */
  private static void sharding(List<Map<String, Object>> rl) {
    rl.add(rule("source_labels", List.of("__address__", HASH_LABEL), "target_label", HASH_LABEL, "regex", "(.+);",
        "replacement", "$1", "action", "replace"));
    rl.add(rule("source_labels", List.of(HASH_LABEL), "target_label", HASH_LABEL, "modulus", 1, "action", "hashmod"));
    rl.add(rule("source_labels", List.of(HASH_LABEL, DISABLE_SHARDING_LABEL), "regex", "0;|.+;.+", "action", "keep"));
  }

  /** {@code generateRelabelConfig}: the CRD's camelCase fields to Prometheus's, action lower-cased. */
  static List<Map<String, Object>> relabelings(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> c : maps(o)) {
      Map<String, Object> r = new LinkedHashMap<>();
      List<String> src = strings(c.get("sourceLabels"));
      if (!src.isEmpty()) r.put("source_labels", src);
      if (c.get("separator") != null) r.put("separator", c.get("separator").toString());
      putIfPresent(r, "target_label", str(c.get("targetLabel")));
      putIfPresent(r, "regex", str(c.get("regex")));
      if (c.get("modulus") != null && !c.get("modulus").toString().equals("0")) r.put("modulus", c.get("modulus"));
      if (c.get("replacement") != null) r.put("replacement", c.get("replacement").toString());
      String action = str(c.get("action"));
      if (action != null && !action.isEmpty()) r.put("action", action.toLowerCase(Locale.ROOT));
      out.add(r);
    }
    return out;
  }

  static LabelSelector selector(Map<String, Object> spec) {
    LabelSelector s = LabelSelector.fromPlain(spec.get("selector"));
    return s == null ? LabelSelector.EVERYTHING : s;
  }

  // ---- plain JSON access ----

  private static Map<String, Object> rule(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) m.put(key, value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (o == null) return null;
    if (o instanceof Map) return (Map<String, Object>) o;
    throw new IllegalArgumentException("expected an object, got " + o);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object o) {
    if (o == null) return List.of();
    if (!(o instanceof List)) throw new IllegalArgumentException("expected a list, got " + o);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object x : (List<Object>) o) out.add(map(x));
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object o) {
    if (o == null) return List.of();
    if (!(o instanceof List)) throw new IllegalArgumentException("expected a list, got " + o);
    List<String> out = new ArrayList<>();
    for (Object x : (List<Object>) o) out.add(String.valueOf(x));
    return out;
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }

  static boolean bool(Object o, boolean dflt) {
    if (o == null) return dflt;
    if (o instanceof Boolean) return (Boolean) o;
    return Boolean.parseBoolean(o.toString());
  }
}
