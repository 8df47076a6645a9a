package io.hearth.scrape.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Joins relative file paths of a config with the config file's directory (Prometheus's SetDirectory). */
final class PathResolver {
  private PathResolver() {}

  static Config resolve(Config c, Path dir) {
    List<ScrapeConfig> scs = new ArrayList<>();
    for (ScrapeConfig s : c.scrapeConfigs()) scs.add(resolve(s, dir));
    List<String> rules = new ArrayList<>();
    for (String r : c.ruleFiles()) rules.add(join(dir, r));
    List<String> scrapeFiles = new ArrayList<>();
    for (String r : c.scrapeConfigFiles()) scrapeFiles.add(join(dir, r));
    List<AlertmanagerConfig> ams = new ArrayList<>();
    for (AlertmanagerConfig am : c.alerting().alertmanagers()) {
      ams.add(new AlertmanagerConfig(resolve(am.httpClientConfig(), dir), am.sigv4(), am.scheme(), am.pathPrefix(),
          am.timeout(), am.apiVersion(), am.relabelConfigs(), am.alertRelabelConfigs(), am.staticConfigs(),
          resolveFiles(am.fileSdConfigs(), dir), kubernetes(am.kubernetesSdConfigs(), dir), am.otherSdConfigs()));
    }
    return new Config(c.global(), List.copyOf(rules), List.copyOf(scrapeFiles), List.copyOf(scs),
        new AlertingConfig(c.alerting().alertRelabelConfigs(), ams), c.remoteWrite(), c.remoteRead(), c.otherSections(),
        c.otlp());
  }

  private static List<FileSdConfig> resolveFiles(List<FileSdConfig> configs, Path dir) {
    List<FileSdConfig> files = new ArrayList<>();
    for (FileSdConfig f : configs) {
      List<String> names = new ArrayList<>();
      for (String n : f.files()) names.add(join(dir, n));
      files.add(new FileSdConfig(names, f.refreshInterval()));
    }
    return List.copyOf(files);
  }

  private static HttpClientConfig resolve(HttpClientConfig h, Path dir) {
    BasicAuth b = h.basicAuth() == null ? null : new BasicAuth(h.basicAuth().username(),
        join(dir, h.basicAuth().usernameFile()), h.basicAuth().password(), join(dir, h.basicAuth().passwordFile()));
    Authorization a = h.authorization() == null ? null : new Authorization(h.authorization().type(),
        h.authorization().credentials(), join(dir, h.authorization().credentialsFile()));
    TlsConfig t = h.tlsConfig();
    TlsConfig tls = new TlsConfig(t.ca(), join(dir, t.caFile()), t.cert(), join(dir, t.certFile()), t.key(),
        join(dir, t.keyFile()), t.serverName(), t.insecureSkipVerify(), t.minVersion(), t.maxVersion());
    return new HttpClientConfig(b, a, h.oauth2(), h.bearerToken(), join(dir, h.bearerTokenFile()), tls,
        h.followRedirects(), h.enableHttp2(), h.proxyUrl(), h.noProxy(), h.proxyFromEnvironment(),
        h.proxyConnectHeader(), h.httpHeaders());
  }

  private static ScrapeConfig resolve(ScrapeConfig s, Path dir) {
    HttpClientConfig http = resolve(s.httpClientConfig(), dir);
    return new ScrapeConfig(s.jobName(), s.honorLabels(), s.honorTimestamps(), s.trackTimestampsStaleness(), s.params(),
        s.scrapeInterval(), s.scrapeTimeout(), s.scrapeProtocols(), s.fallbackScrapeProtocol(),
        s.scrapeNativeHistograms(), s.alwaysScrapeClassicHistograms(), s.convertClassicHistogramsToNhcb(),
        join(dir, s.scrapeFailureLogFile()), s.metricsPath(), s.scheme(), s.enableCompression(), s.bodySizeLimit(),
        s.sampleLimit(), s.targetLimit(), s.labelLimit(), s.labelNameLengthLimit(), s.labelValueLengthLimit(),
        s.nativeHistogramBucketLimit(), s.nativeHistogramMinBucketFactor(), s.keepDroppedTargets(),
        s.metricNameValidationScheme(), s.metricNameEscapingScheme(), s.extraScrapeMetrics(), http, s.relabelConfigs(),
        s.metricRelabelConfigs(), s.staticConfigs(), resolveFiles(s.fileSdConfigs(), dir), kubernetes(s.kubernetesSdConfigs(), dir),
        s.otherSdConfigs());
  }

  /**
   * The raw {@code kubernetes_sd_configs} with their file paths ({@code kubeconfig_file} and the
   * HTTP client's credential and TLS files) joined with {@code dir}, as the SD config's SetDirectory.
   */
  @SuppressWarnings("unchecked")
  private static List<Object> kubernetes(List<Object> raw, Path dir) {
    List<Object> out = new ArrayList<>();
    for (Object o : raw) {
      if (!(o instanceof java.util.Map)) {
        out.add(o);
        continue;
      }
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) o);
      joinRaw(m, "kubeconfig_file", dir);
      joinRaw(m, "bearer_token_file", dir);
      String[][] nested = {{"basic_auth", "username_file"}, {"basic_auth", "password_file"},
          {"authorization", "credentials_file"}, {"tls_config", "ca_file"}, {"tls_config", "cert_file"},
          {"tls_config", "key_file"}};
      for (String[] n : nested) {
        if (m.get(n[0]) instanceof java.util.Map) {
          java.util.Map<String, Object> inner = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) m.get(n[0]));
          joinRaw(inner, n[1], dir);
          m.put(n[0], java.util.Collections.unmodifiableMap(inner));
        }
      }
      out.add(java.util.Collections.unmodifiableMap(m));
    }
    return java.util.Collections.unmodifiableList(out);
  }

  private static void joinRaw(java.util.Map<String, Object> m, String key, Path dir) {
    if (m.get(key) instanceof String) m.put(key, join(dir, (String) m.get(key)));
  }

  /** Prometheus's config.JoinDir: empty and absolute paths are kept. */
  static String join(Path dir, String path) {
    if (path == null || path.isEmpty() || Path.of(path).isAbsolute()) return path;
    return dir.resolve(path).toString();
  }
}
