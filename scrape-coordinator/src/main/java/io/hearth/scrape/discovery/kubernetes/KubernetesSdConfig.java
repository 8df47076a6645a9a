package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.config.Authorization;
import io.hearth.scrape.config.BasicAuth;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.config.TlsConfig;
import io.hearth.sharding.api.text.GoQuote;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One {@code kubernetes_sd_configs} entry, decoded from the raw form kept in
 * {@link ScrapeConfig#kubernetesSdConfigs()} and validated as Prometheus's
 * {@code kubernetes.SDConfig.UnmarshalYAML} does, in its order and with its messages.
 *
 * <p>Where the API server is: {@link #apiServer()} when set (with {@link #http()} for
 * authentication and TLS), else {@link #kubeconfigFile()} when set, else the in-cluster service
 * account. Immutable.
 *
 * @param apiServer the {@code api_server} URL, or null
 * @param kubeconfigFile the {@code kubeconfig_file} path, or null
 * @param namespaces {@code namespaces.names}; empty with {@code ownNamespace} false means all
 * @param ownNamespace {@code namespaces.own_namespace}: add the namespace Hearth runs in
 * @param selectors {@code selectors}, at most one per role
 * @param attachNode {@code attach_metadata.node}: add node labels to pod, endpoints and
 *     endpointslice targets
 */
public record KubernetesSdConfig(
    Role role,
    String apiServer,
    String kubeconfigFile,
    HttpClientConfig http,
    List<String> namespaces,
    boolean ownNamespace,
    List<Selector> selectors,
    boolean attachNode) {

  /** A {@code selectors} entry: a label and/or field selector applied to one role's list/watch. */
  public record Selector(Role role, String label, String field) {}

  private static final String TYPE = "kubernetes.SDConfig";
  private static final Set<String> FIELDS = Set.of("api_server", "role", "kubeconfig_file", "namespaces",
      "selectors", "attach_metadata", "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file",
      "tls_config", "follow_redirects", "enable_http2", "proxy_url", "no_proxy", "proxy_from_environment",
      "proxy_connect_header", "http_headers");
  private static final Set<String> NAMESPACE_FIELDS = Set.of("names", "own_namespace");
  private static final Set<String> SELECTOR_FIELDS = Set.of("role", "label", "field");
  private static final Set<String> ATTACH_FIELDS = Set.of("node");
  private static final Set<String> BASIC_FIELDS = Set.of("username", "username_file", "password", "password_file");
  private static final Set<String> AUTHZ_FIELDS = Set.of("type", "credentials", "credentials_file");
  private static final Set<String> TLS_FIELDS = Set.of("ca", "ca_file", "cert", "cert_file", "key", "key_file",
      "server_name", "insecure_skip_verify", "min_version", "max_version");

  public KubernetesSdConfig {
    namespaces = List.copyOf(namespaces);
    selectors = List.copyOf(selectors);
  }

  /** The selector configured for a role, or null. */
  public Selector selector(Role r) {
    for (Selector s : selectors) {
      if (s.role() == r) return s;
    }
    return null;
  }

  /**
   * Decodes and validates one raw entry (a map of strings, lists and maps as YAML gave them).
   *
   * @throws ConfigException with Prometheus's message when the entry is invalid
   */
  public static KubernetesSdConfig parse(Object raw) {
    if (raw == null) throw new ConfigException("empty or null section in kubernetes_sd_configs");
    Map<String, Object> m = map(raw, TYPE);
    checkFields(m, FIELDS, TYPE);
    String roleName = str(m, "role");
    Role role = roleName.isEmpty() ? null : Role.fromConfigName(roleName);
    String apiServer = str(m, "api_server");
    if (!apiServer.isEmpty()) {
      try {
        URI u = new URI(apiServer);
        if (u.getScheme() == null) throw new URISyntaxException(apiServer, "missing scheme");
      } catch (URISyntaxException e) {
        throw new ConfigException("parse " + GoQuote.quote(apiServer) + ": invalid URI for request");
      }
    }
    String kubeconfig = str(m, "kubeconfig_file");
    List<String> names = new ArrayList<>();
    boolean own = false;
    if (m.get("namespaces") != null) {
      Map<String, Object> ns = map(m.get("namespaces"), "kubernetes.NamespaceDiscovery");
      checkFields(ns, NAMESPACE_FIELDS, "kubernetes.NamespaceDiscovery");
      names.addAll(strings(ns.get("names"), "names"));
      own = bool(ns, "own_namespace", false);
    }
    List<Selector> selectors = new ArrayList<>();
    if (m.get("selectors") != null) {
      for (Object o : list(m.get("selectors"), "[]kubernetes.SelectorConfig")) {
        Map<String, Object> s = map(o, "kubernetes.SelectorConfig");
        checkFields(s, SELECTOR_FIELDS, "kubernetes.SelectorConfig");
        String r = str(s, "role");
        selectors.add(new Selector(r.isEmpty() ? null : Role.fromConfigName(r), str(s, "label"), str(s, "field")));
      }
    }
    boolean attachNode = false;
    if (m.get("attach_metadata") != null) {
      Map<String, Object> a = map(m.get("attach_metadata"), "kubernetes.AttachMetadataConfig");
      checkFields(a, ATTACH_FIELDS, "kubernetes.AttachMetadataConfig");
      attachNode = bool(a, "node", false);
    }
    HttpClientConfig http = http(m);

    // kubernetes.SDConfig.UnmarshalYAML, in order
    if (role == null) {
      throw new ConfigException("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
    }
    validateHttp(http);
    boolean customHttp = !http.equals(HttpClientConfig.DEFAULT);
    if (!apiServer.isEmpty() && !kubeconfig.isEmpty()) {
      throw new ConfigException("cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    }
    if (!kubeconfig.isEmpty() && customHttp) {
      throw new ConfigException("cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    }
    if (apiServer.isEmpty() && customHttp) {
      throw new ConfigException("to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    }
    if (!apiServer.isEmpty() && own) {
      throw new ConfigException("cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    if (!kubeconfig.isEmpty() && own) {
      throw new ConfigException("cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    }
    EnumSet<Role> allowed = allowedSelectorRoles(role, attachNode);
    List<Role> seen = new ArrayList<>();
    for (Selector s : selectors) {
      if (seen.contains(s.role())) {
        throw new ConfigException("duplicated selector role: " + (s.role() == null ? "" : s.role().configName()));
      }
      seen.add(s.role());
      if (s.role() == null || !allowed.contains(s.role())) {
        StringJoiner j = new StringJoiner(", ");
        for (Role r : allowed) j.add(r.configName());
        throw new ConfigException(role.configName() + " role supports only " + j + " selectors");
      }
      FieldSelector.parse(s.field());
      LabelSelectorSyntax.check(s.label());
    }
    return new KubernetesSdConfig(role, apiServer.isEmpty() ? null : apiServer,
        kubeconfig.isEmpty() ? null : kubeconfig, http, names, own, selectors, attachNode);
  }

  /** The selector roles Prometheus allows per discovery role (node selectors for pods with node metadata). */
  static EnumSet<Role> allowedSelectorRoles(Role role, boolean attachNode) {
    switch (role) {
      case POD: return attachNode ? EnumSet.of(Role.POD, Role.NODE) : EnumSet.of(Role.POD);
      case ENDPOINTS: return EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTS);
      case ENDPOINTSLICE: return EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTSLICE);
      default: return EnumSet.of(role);
    }
  }

  /** Decodes every {@code kubernetes_sd_configs} entry of a job. */
  public static List<KubernetesSdConfig> parseAll(ScrapeConfig cfg) {
    List<KubernetesSdConfig> out = new ArrayList<>();
    for (Object o : cfg.kubernetesSdConfigs()) out.add(parse(o));
    return List.copyOf(out);
  }

  /**
   * Validates every {@code kubernetes_sd_configs} entry of a loaded configuration (scrape jobs and
   * {@code alerting.alertmanagers}), so that a bad
   * entry is refused at load or reload time as Prometheus refuses it.
   *
   * @throws ConfigException naming the job, e.g. {@code kubernetes_sd_configs of job "x": role missing (...)}
   */
  public static void validate(Config config) {
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      try {
        parseAll(sc);
      } catch (ConfigException e) {
        throw new ConfigException("kubernetes_sd_configs of job " + GoQuote.quote(sc.jobName()) + ": " + e.getMessage());
      }
    }
    List<io.hearth.scrape.config.AlertmanagerConfig> ams = config.alerting().alertmanagers();
    for (int i = 0; i < ams.size(); i++) {
      try {
        for (Object o : ams.get(i).kubernetesSdConfigs()) parse(o);
      } catch (ConfigException e) {
        throw new ConfigException("kubernetes_sd_configs of alertmanager config-" + i + ": " + e.getMessage());
      }
    }
  }

  // ---- HTTP client part (Prometheus's common HTTPClientConfig, inline) ----

  private static HttpClientConfig http(Map<String, Object> m) {
    BasicAuth basic = null;
    if (m.get("basic_auth") != null) {
      Map<String, Object> b = map(m.get("basic_auth"), "config.BasicAuth");
      checkFields(b, BASIC_FIELDS, "config.BasicAuth");
      basic = new BasicAuth(str(b, "username"), str(b, "username_file"), str(b, "password"), str(b, "password_file"));
    }
    Authorization authz = null;
    if (m.get("authorization") != null) {
      Map<String, Object> a = map(m.get("authorization"), "config.Authorization");
      checkFields(a, AUTHZ_FIELDS, "config.Authorization");
      authz = new Authorization(str(a, "type"), str(a, "credentials"), str(a, "credentials_file"));
    }
    TlsConfig tls = TlsConfig.DEFAULT;
    if (m.get("tls_config") != null) {
      Map<String, Object> t = map(m.get("tls_config"), "config.TLSConfig");
      checkFields(t, TLS_FIELDS, "config.TLSConfig");
      tls = new TlsConfig(nz(str(t, "ca")), nz(str(t, "ca_file")), nz(str(t, "cert")), nz(str(t, "cert_file")),
          nz(str(t, "key")), nz(str(t, "key_file")), nz(str(t, "server_name")), bool(t, "insecure_skip_verify", false),
          nz(str(t, "min_version")), nz(str(t, "max_version")));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> oauth2 = m.get("oauth2") == null ? null : map(m.get("oauth2"), "config.OAuth2");
    return new HttpClientConfig(basic, authz, oauth2, nz(str(m, "bearer_token")), nz(str(m, "bearer_token_file")), tls,
        bool(m, "follow_redirects", true), bool(m, "enable_http2", true), nz(str(m, "proxy_url")),
        nz(str(m, "no_proxy")), bool(m, "proxy_from_environment", false),
        m.get("proxy_connect_header") == null ? null : map(m.get("proxy_connect_header"), "config.Header"),
        m.get("http_headers") == null ? null : map(m.get("http_headers"), "config.Headers"));
  }

  /** Null for empty, so that an unset field equals {@link HttpClientConfig#DEFAULT}'s null. */
  private static String nz(String s) {
    return s.isEmpty() ? null : s;
  }

  /** HTTPClientConfig.Validate, the parts that concern API server access, in Prometheus's words. */
  private static void validateHttp(HttpClientConfig h) {
    boolean bearer = h.bearerToken() != null;
    boolean bearerFile = h.bearerTokenFile() != null;
    if (bearer && bearerFile) {
      throw new ConfigException("at most one of bearer_token & bearer_token_file must be configured");
    }
    if ((h.basicAuth() != null || h.oauth2() != null) && (bearer || bearerFile)) {
      throw new ConfigException("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    BasicAuth b = h.basicAuth();
    if (b != null && !b.username().isEmpty() && !b.usernameFile().isEmpty()) {
      throw new ConfigException("at most one of basic_auth username, username_file & username_ref must be configured");
    }
    if (b != null && !b.password().isEmpty() && !b.passwordFile().isEmpty()) {
      throw new ConfigException("at most one of basic_auth password, password_file & password_ref must be configured");
    }
    Authorization a = h.authorization();
    if (a != null) {
      if (bearer || bearerFile) {
        throw new ConfigException("authorization is not compatible with bearer_token & bearer_token_file");
      }
      if (!a.credentials().isEmpty() && !a.credentialsFile().isEmpty()) {
        throw new ConfigException("at most one of authorization credentials & credentials_file must be configured");
      }
      if (a.type().trim().equalsIgnoreCase("basic")) {
        throw new ConfigException("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (b != null || h.oauth2() != null) {
        throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
      }
    }
    if (h.oauth2() != null && b != null) {
      throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
    }
    TlsConfig t = h.tlsConfig();
    if (t.ca() != null && t.caFile() != null) throw new ConfigException("at most one of ca and ca_file must be configured");
    if (t.cert() != null && t.certFile() != null) {
      throw new ConfigException("at most one of cert and cert_file must be configured");
    }
    if (t.key() != null && t.keyFile() != null) throw new ConfigException("at most one of key and key_file must be configured");
    if (h.proxyFromEnvironment() && h.proxyUrl() != null) {
      throw new ConfigException("if proxy_from_environment is configured, proxy_url must not be configured");
    }
    if (h.noProxy() != null && h.proxyUrl() == null) {
      throw new ConfigException("if no_proxy is configured, proxy_url must also be configured");
    }
  }

  // ---- raw YAML access ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String type) {
    if (o instanceof Map) return (Map<String, Object>) o;
    throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal " + describe(o) + " into " + type);
  }

  private static List<?> list(Object o, String type) {
    if (o instanceof List) return (List<?>) o;
    throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal " + describe(o) + " into " + type);
  }

  private static String describe(Object o) {
    if (o instanceof Map) return "!!map";
    if (o instanceof List) return "!!seq";
    return "!!str `" + o + "`";
  }

  private static void checkFields(Map<String, Object> m, Set<String> known, String type) {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new ConfigException("yaml: unmarshal errors:\n  field " + k + " not found in type " + type);
      }
    }
  }

  private static String str(Map<String, Object> m, String key) {
    Object o = m.get(key);
    if (o == null) return "";
    if (o instanceof Map || o instanceof List) {
      throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal " + describe(o) + " into string");
    }
    return o.toString();
  }

  private static boolean bool(Map<String, Object> m, String key, boolean dflt) {
    Object o = m.get(key);
    if (o == null) return dflt;
    String s = o.toString();
    if (s.equals("true")) return true;
    if (s.equals("false")) return false;
    throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal !!str `" + s + "` into bool");
  }

  private static List<String> strings(Object o, String what) {
    if (o == null) return List.of();
    List<String> out = new ArrayList<>();
    for (Object x : list(o, "[]string")) out.add(x == null ? "" : x.toString());
    return out;
  }
}
