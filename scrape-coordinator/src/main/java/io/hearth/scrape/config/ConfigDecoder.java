package io.hearth.scrape.config;

import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.RelabelConfig;
import io.hearth.scrape.relabel.RelabelConfigException;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes a {@link YamlNode} tree into the typed config, applying defaults and validations in the
 * order Prometheus applies them, with its messages. Stateless.
 */
final class ConfigDecoder {
  private static final Set<String> TOP = Set.of("global", "runtime", "alerting", "rule_files", "scrape_config_files",
      "scrape_configs", "storage", "tracing", "remote_write", "remote_read", "otlp");
  private static final Set<String> GLOBAL = Set.of("scrape_interval", "scrape_timeout", "scrape_protocols",
      "evaluation_interval", "rule_query_offset", "query_log_file", "scrape_failure_log_file", "external_labels",
      "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
      "label_value_length_limit", "keep_dropped_targets", "metric_name_validation_scheme",
      "metric_name_escaping_scheme", "scrape_native_histograms", "convert_classic_histograms_to_nhcb",
      "always_scrape_classic_histograms", "extra_scrape_metrics");
  private static final Set<String> HTTP = Set.of("basic_auth", "authorization", "oauth2", "bearer_token",
      "bearer_token_file", "tls_config", "follow_redirects", "enable_http2", "proxy_url", "no_proxy",
      "proxy_from_environment", "proxy_connect_header", "http_headers");
  private static final Set<String> SCRAPE_OWN = Set.of("job_name", "honor_labels", "honor_timestamps",
      "track_timestamps_staleness", "params", "scrape_interval", "scrape_timeout", "scrape_protocols",
      "fallback_scrape_protocol", "scrape_native_histograms", "always_scrape_classic_histograms",
      "convert_classic_histograms_to_nhcb", "scrape_failure_log_file", "metrics_path", "scheme", "enable_compression",
      "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
      "label_value_length_limit", "native_histogram_bucket_limit", "native_histogram_min_bucket_factor",
      "keep_dropped_targets", "metric_name_validation_scheme", "metric_name_escaping_scheme", "extra_scrape_metrics",
      "relabel_configs", "metric_relabel_configs", "static_configs", "file_sd_configs", "kubernetes_sd_configs");
  /** Prometheus's other service discoveries: recognised, kept raw, not acted on. */
  private static final Set<String> OTHER_SD = Set.of("azure_sd_configs", "consul_sd_configs",
      "digitalocean_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs",
      "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs",
      "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs", "nerve_sd_configs",
      "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs",
      "scaleway_sd_configs", "serverset_sd_configs", "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs",
      "stackit_sd_configs");
  private static final Set<String> SCRAPE = union(SCRAPE_OWN, HTTP, OTHER_SD);
  private static final Set<String> ALERTING = Set.of("alert_relabel_configs", "alertmanagers");
  private static final Set<String> ALERTMANAGER = union(Set.of("sigv4", "scheme", "path_prefix", "timeout", "api_version",
      "relabel_configs", "alert_relabel_configs", "static_configs", "file_sd_configs", "kubernetes_sd_configs"), HTTP,
      OTHER_SD);
  private static final Set<String> RELABEL = Set.of("source_labels", "separator", "regex", "modulus", "target_label",
      "replacement", "action");
  private static final Set<String> TLS = Set.of("ca", "ca_file", "ca_ref", "cert", "cert_file", "cert_ref", "key",
      "key_file", "key_ref", "server_name", "insecure_skip_verify", "min_version", "max_version");
  private static final Set<String> BASIC = Set.of("username", "username_file", "username_ref", "password",
      "password_file", "password_ref");
  private static final Set<String> AUTHZ = Set.of("type", "credentials", "credentials_file", "credentials_ref");
  private static final Set<String> GROUP = Set.of("targets", "labels");
  private static final Set<String> FILE_SD = Set.of("files", "refresh_interval");
  private static final Pattern RULE_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?$");
  private static final Pattern FILE_SD_NAME = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
  private static final Set<String> ESCAPING = Set.of("allow-utf-8", "underscores", "dots", "values");

  private ConfigDecoder() {}

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> s = new HashSet<>();
    for (Set<String> x : sets) s.addAll(x);
    return Set.copyOf(s);
  }

  static Config decode(YamlNode root) {
    if (root.isNull()) return Config.EMPTY;
    YamlFields f = new YamlFields(root, "config.Config", TOP);
    GlobalConfig global = f.has("global") ? global(new YamlFields(f.get("global"), "config.GlobalConfig", GLOBAL))
        : GlobalConfig.DEFAULT;

    List<String> ruleFiles = orEmpty(f.strings("rule_files"));
    for (String rf : ruleFiles) {
      if (!RULE_PATH.matcher(rf).matches()) throw new ConfigException("invalid rule file path " + GoQuote.quote(rf));
    }
    List<String> scrapeFiles = orEmpty(f.strings("scrape_config_files"));
    for (String sf : scrapeFiles) {
      if (!RULE_PATH.matcher(sf).matches()) {
        throw new ConfigException("invalid scrape config file path " + GoQuote.quote(sf));
      }
    }

    List<ScrapeConfig> scrape = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (YamlNode n : f.seq("scrape_configs", "[]*config.ScrapeConfig")) {
      if (n.isNull()) throw new ConfigException("empty or null scrape config section", n.line, n.column);
      ScrapeConfig sc = scrapeConfig(n, global);
      if (!jobs.add(sc.jobName())) {
        throw new ConfigException("found multiple scrape configs with job name " + GoQuote.quote(sc.jobName()),
            n.line, n.column);
      }
      scrape.add(sc);
    }

    AlertingConfig alerting = f.has("alerting") ? alerting(f.get("alerting"), global) : AlertingConfig.EMPTY;
    List<Object> remoteWrite = f.rawList("remote_write");
    for (Object o : remoteWrite) {
      if (o == null) throw new ConfigException("empty or null remote write config section");
    }
    List<Object> remoteRead = f.rawList("remote_read");
    for (Object o : remoteRead) {
      if (o == null) throw new ConfigException("empty or null remote read config section");
    }
    Map<String, Object> other = new LinkedHashMap<>();
    OtlpConfig otlp = f.has("otlp") ? otlp(f.get("otlp")) : OtlpConfig.DEFAULT;
    for (String k : List.of("runtime", "storage", "tracing", "otlp")) {
      Map<String, Object> m = f.rawMap(k);
      if (m != null) other.put(k, m);
    }
    Config config = new Config(global, List.copyOf(ruleFiles), List.copyOf(scrapeFiles), List.copyOf(scrape),
        alerting, remoteWrite, remoteRead, Map.copyOf(other), otlp);
    try {
      config.outOfOrderTimeWindowMs();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("storage.tsdb.out_of_order_time_window: " + e.getMessage());
    }
    try {
      config.maxExemplars();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("storage.exemplars.max_exemplars: " + e.getMessage());
    }
    return config;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  static GlobalConfig global(YamlFields f) {
    NameValidationScheme scheme = NameValidationScheme.fromConfigName(f.str("metric_name_validation_scheme", ""));
    if (scheme == null) scheme = NameValidationScheme.UTF8;
    Map<String, String> ext = f.stringMap("external_labels", "labels.Labels");
    Labels.Builder lb = Labels.builder();
    for (Map.Entry<String, String> e : ext.entrySet()) {
      if (!scheme.isValidLabelName(e.getKey())) {
        throw new ConfigException(GoQuote.quote(e.getKey()) + " is not a valid label name");
      }
      lb.set(e.getKey(), expandEnv(e.getValue()));
    }
    Duration interval = f.duration("scrape_interval");
    if (interval.isZero()) interval = GlobalConfig.DEFAULT_SCRAPE_INTERVAL;
    Duration timeout = f.duration("scrape_timeout");
    if (timeout.compareTo(interval) > 0) throw new ConfigException("global scrape timeout greater than scrape interval");
    if (timeout.isZero()) timeout = min(GlobalConfig.DEFAULT_SCRAPE_TIMEOUT, interval);
    Duration eval = f.duration("evaluation_interval");
    if (eval.isZero()) eval = GlobalConfig.DEFAULT_EVALUATION_INTERVAL;
    List<ScrapeProtocol> protocols = null;
    List<String> protoNames = f.strings("scrape_protocols");
    if (protoNames != null) protocols = protocols(protoNames, " for global config");
    return new GlobalConfig(interval, timeout, eval, f.duration("rule_query_offset"), lb.build(), protocols,
        f.bytes("body_size_limit"), f.uint("sample_limit"), f.uint("target_limit"), f.uint("label_limit"),
        f.uint("label_name_length_limit"), f.uint("label_value_length_limit"), f.uint("keep_dropped_targets"), scheme,
        f.str("metric_name_escaping_scheme", ""), f.str("query_log_file", ""), f.str("scrape_failure_log_file", ""),
        f.bool("scrape_native_histograms", false), f.bool("always_scrape_classic_histograms", false),
        f.bool("convert_classic_histograms_to_nhcb", false), f.bool("extra_scrape_metrics", false));
  }

  /** {@code $VAR} / {@code ${VAR}} in external label values from the environment, {@code $$} is a dollar. */
  private static String expandEnv(String v) {
    if (v.indexOf('$') < 0) return v;
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c != '$' || i + 1 >= v.length()) {
        sb.append(c);
        i++;
        continue;
      }
      char d = v.charAt(i + 1);
      if (d == '$') {
        sb.append('$');
        i += 2;
      } else if (d == '{') {
        int end = v.indexOf('}', i + 2);
        if (end < 0) {
          i += 2; // os.Expand drops a bad ${ syntax
          continue;
        }
        sb.append(env(v.substring(i + 2, end)));
        i = end + 1;
      } else {
        int j = i + 1;
        while (j < v.length() && (Character.isLetterOrDigit(v.charAt(j)) || v.charAt(j) == '_')) j++;
        if (j == i + 1) {
          sb.append('$');
          i++;
          continue;
        }
        sb.append(env(v.substring(i + 1, j)));
        i = j;
      }
    }
    return sb.toString();
  }

  private static String env(String name) {
    String e = System.getenv(name);
    return e == null ? "" : e;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static List<ScrapeProtocol> protocols(List<String> names, String suffix) {
    if (names.isEmpty()) throw new ConfigException("scrape_protocols cannot be empty" + suffix);
    List<ScrapeProtocol> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n.toLowerCase(Locale.ROOT))) {
        throw new ConfigException("duplicated protocol in scrape_protocols, got [" + String.join(" ", names) + "]" + suffix);
      }
      ScrapeProtocol p = ScrapeProtocol.fromConfigName(n);
      if (p == null) {
        throw new ConfigException("scrape_protocols: unknown scrape protocol " + n + ", supported: "
            + ScrapeProtocol.supportedList() + suffix);
      }
      out.add(p);
    }
    return List.copyOf(out);
  }

  static ScrapeConfig scrapeConfig(YamlNode n, GlobalConfig g) {
    YamlFields f = new YamlFields(n, "config.ScrapeConfig", SCRAPE);
    String job = f.str("job_name", "");
    // relabel rules are decoded (action, regex) before the job checks, as in UnmarshalYAML
    List<YamlNode> rlNodes = f.seq("relabel_configs", "[]*relabel.Config");
    List<YamlNode> mrlNodes = f.seq("metric_relabel_configs", "[]*relabel.Config");
    HttpClientConfig http = httpClient(f);
    List<StaticConfig> statics = new ArrayList<>();
    for (YamlNode sn : f.seq("static_configs", "discovery.StaticConfig")) statics.add(staticConfig(sn));
    List<FileSdConfig> files = new ArrayList<>();
    for (YamlNode fn : f.seq("file_sd_configs", "[]*file.SDConfig")) files.add(fileSd(fn));
    List<Object> k8s = f.rawList("kubernetes_sd_configs");
    Map<String, Object> otherSd = new LinkedHashMap<>();
    for (String k : f.keys()) {
      if (OTHER_SD.contains(k)) otherSd.put(k, f.rawList(k));
    }
    if (job.isEmpty()) throw new ConfigException("job_name is empty", n.line, n.column);
    if (rlNodes.isEmpty()) {
      for (StaticConfig sc : statics) {
        for (String t : sc.targets()) {
          if (t.contains("/")) throw new ConfigException(GoQuote.quote(t) + " is not a valid hostname", n.line, n.column);
        }
      }
    }
    for (YamlNode r : rlNodes) {
      if (r.isNull()) throw new ConfigException("empty or null target relabeling rule in scrape config", r.line, r.column);
    }
    for (YamlNode r : mrlNodes) {
      if (r.isNull()) throw new ConfigException("empty or null metric relabeling rule in scrape config", r.line, r.column);
    }

    // ScrapeConfig.Validate(global)
    String jq = GoQuote.quote(job);
    Duration interval = f.duration("scrape_interval");
    if (interval.isZero()) interval = g.scrapeInterval();
    Duration timeout = f.duration("scrape_timeout");
    if (timeout.compareTo(interval) > 0) {
      throw new ConfigException("scrape timeout greater than scrape interval for scrape config with job name " + jq,
          n.line, n.column);
    }
    if (timeout.isZero()) timeout = min(g.scrapeTimeout(), interval);
    long bodySize = orGlobal(f.bytes("body_size_limit"), g.bodySizeLimit());
    long sampleLimit = orGlobal(f.uint("sample_limit"), g.sampleLimit());
    long targetLimit = orGlobal(f.uint("target_limit"), g.targetLimit());
    long labelLimit = orGlobal(f.uint("label_limit"), g.labelLimit());
    long nameLen = orGlobal(f.uint("label_name_length_limit"), g.labelNameLengthLimit());
    long valueLen = orGlobal(f.uint("label_value_length_limit"), g.labelValueLengthLimit());
    long keepDropped = orGlobal(f.uint("keep_dropped_targets"), g.keepDroppedTargets());
    String failureLog = f.str("scrape_failure_log_file", "");
    if (failureLog.isEmpty()) failureLog = g.scrapeFailureLogFile();
    Boolean nh = f.optBool("scrape_native_histograms");
    boolean nativeHist = nh == null ? g.scrapeNativeHistograms() : nh;
    Boolean extra = f.optBool("extra_scrape_metrics");
    String suffix = " for scrape config with job name " + jq;
    List<String> protoNames = f.strings("scrape_protocols");
    List<ScrapeProtocol> protocols;
    if (protoNames != null) protocols = protocols(protoNames, suffix);
    else if (g.scrapeProtocols() != null) protocols = g.scrapeProtocols();
    else if (nativeHist) protocols = ScrapeProtocol.DEFAULT_PROTO_FIRST;
    else protocols = ScrapeProtocol.DEFAULT;
    ScrapeProtocol fallback = null;
    String fb = f.str("fallback_scrape_protocol", "");
    if (!fb.isEmpty()) {
      fallback = ScrapeProtocol.fromConfigName(fb);
      if (fallback == null) {
        throw new ConfigException("invalid fallback_scrape_protocol for scrape config with job name " + jq
            + ": unknown scrape protocol " + fb + ", supported: " + ScrapeProtocol.supportedList());
      }
    }
    String localScheme = f.str("metric_name_validation_scheme", "");
    NameValidationScheme scheme;
    boolean localUnset = localScheme.isEmpty();
    if (localUnset) {
      scheme = g.metricNameValidationScheme();
    } else {
      scheme = NameValidationScheme.fromConfigName(localScheme);
      if (scheme == null) {
        throw new ConfigException("unknown scrape config name validation method specified, must be either '', "
            + "'legacy' or 'utf8', got " + localScheme);
      }
    }
    String globalEscaping = g.metricNameEscapingScheme();
    if (globalEscaping.isEmpty()) {
      globalEscaping = g.metricNameValidationScheme() == NameValidationScheme.LEGACY ? "underscores" : "allow-utf-8";
    } else if (!ESCAPING.contains(globalEscaping)) {
      throw new ConfigException("unknown global name escaping method specified, must be one of 'allow-utf-8', "
          + "'underscores', 'dots', or 'values', got " + GoQuote.quote(globalEscaping));
    }
    String escaping = f.str("metric_name_escaping_scheme", "");
    if (escaping.isEmpty()) {
      if (localUnset) escaping = globalEscaping;
      else escaping = scheme == NameValidationScheme.LEGACY ? "underscores" : "allow-utf-8";
    }
    if (escaping.equals("allow-utf-8") && scheme != NameValidationScheme.UTF8) {
      throw new ConfigException("utf8 metric names requested but validation scheme is not set to UTF8");
    } else if (!ESCAPING.contains(escaping)) {
      throw new ConfigException("unknown scrape config name escaping method specified, must be one of 'allow-utf-8', "
          + "'underscores', 'dots', or 'values', got " + GoQuote.quote(escaping));
    }
    Boolean nhcb = f.optBool("convert_classic_histograms_to_nhcb");
    Boolean always = f.optBool("always_scrape_classic_histograms");

    List<RelabelConfig> rl = relabels(rlNodes, scheme);
    List<RelabelConfig> mrl = relabels(mrlNodes, scheme);

    Map<String, List<String>> params = new LinkedHashMap<>();
    YamlNode pn = f.get("params");
    if (pn != null && !pn.isNull()) {
      if (pn.kind != YamlNode.Kind.MAP) {
        throw YamlFields.unmarshal(pn.line, pn.column, "cannot unmarshal " + pn.describeForTypeError() + " into url.Values");
      }
      pn.map.forEach((k, v) -> {
        List<String> vals = new ArrayList<>();
        if (v.kind == YamlNode.Kind.SEQ) {
          for (YamlNode e : v.seq) vals.add(YamlFields.scalarString(e, "string"));
        } else if (!v.isNull()) {
          throw YamlFields.unmarshal(v.line, v.column, "cannot unmarshal " + v.describeForTypeError() + " into []string");
        }
        params.put(k, List.copyOf(vals));
      });
    }

    return new ScrapeConfig(job, f.bool("honor_labels", false), f.bool("honor_timestamps", true),
        f.bool("track_timestamps_staleness", false), Map.copyOf(params), interval, timeout, protocols, fallback,
        nativeHist, always == null ? g.alwaysScrapeClassicHistograms() : always,
        nhcb == null ? g.convertClassicHistogramsToNhcb() : nhcb, failureLog,
        f.str("metrics_path", ScrapeConfig.DEFAULT_METRICS_PATH), f.str("scheme", ScrapeConfig.DEFAULT_SCHEME),
        f.bool("enable_compression", true), bodySize, sampleLimit, targetLimit, labelLimit, nameLen, valueLen,
        f.uint("native_histogram_bucket_limit"), f.float64("native_histogram_min_bucket_factor"), keepDropped, scheme,
        escaping, extra == null ? g.extraScrapeMetrics() : extra, http, rl, mrl, List.copyOf(statics),
        List.copyOf(files), k8s, Map.copyOf(otherSd));
  }

  private static long orGlobal(long local, long global) {
    return local == 0 ? global : local;
  }

  private static final Set<String> OTLP = Set.of("promote_resource_attributes", "promote_all_resource_attributes",
      "ignore_resource_attributes", "translation_strategy", "keep_identifying_resource_attributes",
      "convert_histograms_to_nhcb", "promote_scope_metadata");

  /** {@code otlp}: OTLPConfig.UnmarshalYAML and its checks, in Prometheus 3's words. */
  static OtlpConfig otlp(YamlNode n) {
    YamlFields f = new YamlFields(n, "config.OTLPConfig", OTLP);
    List<String> promoted = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String a : orEmpty(f.strings("promote_resource_attributes"))) {
      String t = a.trim();
      if (t.isEmpty()) errors.add("empty promoted OTel resource attribute");
      else if (promoted.contains(t)) errors.add("duplicated promoted OTel resource attribute " + GoQuote.quote(t));
      else promoted.add(t);
    }
    boolean all = f.bool("promote_all_resource_attributes", false);
    List<String> ignored = new ArrayList<>();
    for (String a : orEmpty(f.strings("ignore_resource_attributes"))) {
      String t = a.trim();
      if (t.isEmpty()) errors.add("empty ignored OTel resource attribute");
      else if (ignored.contains(t)) errors.add("duplicated ignored OTel resource attribute " + GoQuote.quote(t));
      else ignored.add(t);
    }
    if (all && !promoted.isEmpty()) {
      errors.add("'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
    }
    if (!all && !ignored.isEmpty()) {
      errors.add("'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
    }
    if (!errors.isEmpty()) throw new ConfigException(String.join("\n", errors), f.line(), f.column());
    String strategy = f.str("translation_strategy", OtlpConfig.TranslationStrategy.UnderscoreEscapingWithSuffixes.name());
    OtlpConfig.TranslationStrategy ts = null;
    for (OtlpConfig.TranslationStrategy s : OtlpConfig.TranslationStrategy.values()) {
      if (s.name().equals(strategy)) ts = s;
    }
    if (ts == null) throw new ConfigException("unsupported OTLP translation strategy " + GoQuote.quote(strategy), f.line(), f.column());
    if (f.bool("convert_histograms_to_nhcb", false)) {
      throw new ConfigException("otlp.convert_histograms_to_nhcb: not supported by Hearth (explicit-bucket histograms are "
          + "stored as classic _bucket series)", f.line(), f.column());
    }
    return new OtlpConfig(promoted, all, ignored, ts, f.bool("keep_identifying_resource_attributes", false),
        f.bool("promote_scope_metadata", false));
  }

  /** {@code alerting}: AlertingConfig.UnmarshalYAML, AlertmanagerConfig.UnmarshalYAML and their Validate. */
  static AlertingConfig alerting(YamlNode n, GlobalConfig g) {
    YamlFields f = new YamlFields(n, "config.AlertingConfig", ALERTING);
    List<YamlNode> rlNodes = f.seq("alert_relabel_configs", "[]*relabel.Config");
    List<AlertmanagerConfig> ams = new ArrayList<>();
    for (YamlNode am : f.seq("alertmanagers", "config.AlertmanagerConfigs")) {
      if (am.isNull()) throw new ConfigException("empty or null alert manager config", am.line, am.column);
      ams.add(alertmanager(am, g));
    }
    for (YamlNode r : rlNodes) {
      if (r.isNull()) throw new ConfigException("empty or null alert relabeling rule", r.line, r.column);
    }
    return new AlertingConfig(relabels(rlNodes, g.metricNameValidationScheme()), ams);
  }

  private static AlertmanagerConfig alertmanager(YamlNode n, GlobalConfig g) {
    YamlFields f = new YamlFields(n, "config.AlertmanagerConfig", ALERTMANAGER);
    String apiVersion = f.str("api_version", AlertmanagerConfig.API_V2);
    if (!apiVersion.equals(AlertmanagerConfig.API_V2)) {
      YamlNode v = f.get("api_version");
      throw new ConfigException("expected Alertmanager api version to be one of [" + AlertmanagerConfig.API_V2
          + "] but got " + apiVersion, v.line, v.column);
    }
    List<YamlNode> rlNodes = f.seq("relabel_configs", "[]*relabel.Config");
    List<YamlNode> arlNodes = f.seq("alert_relabel_configs", "[]*relabel.Config");
    List<StaticConfig> statics = new ArrayList<>();
    for (YamlNode sn : f.seq("static_configs", "discovery.StaticConfig")) statics.add(staticConfig(sn));
    List<FileSdConfig> files = new ArrayList<>();
    for (YamlNode fn : f.seq("file_sd_configs", "[]*file.SDConfig")) files.add(fileSd(fn));
    Map<String, Object> otherSd = new LinkedHashMap<>();
    for (String k : f.keys()) {
      if (OTHER_SD.contains(k)) otherSd.put(k, f.rawList(k));
    }
    HttpClientConfig http = httpClient(f);
    Map<String, Object> sigv4 = f.rawMap("sigv4");
    if (sigv4 != null && (http.basicAuth() != null || http.authorization() != null || http.oauth2() != null)) {
      throw new ConfigException("at most one of basic_auth, authorization, oauth2, & sigv4 must be configured", n.line,
          n.column);
    }
    if (rlNodes.isEmpty()) {
      for (StaticConfig sc : statics) {
        for (String t : sc.targets()) {
          if (t.contains("/")) throw new ConfigException(GoQuote.quote(t) + " is not a valid hostname", n.line, n.column);
        }
      }
    }
    for (YamlNode r : rlNodes) {
      if (r.isNull()) {
        throw new ConfigException("empty or null Alertmanager target relabeling rule", r.line, r.column);
      }
    }
    for (YamlNode r : arlNodes) {
      if (r.isNull()) throw new ConfigException("empty or null Alertmanager alert relabeling rule", r.line, r.column);
    }
    Duration timeout = f.duration("timeout");
    if (!f.has("timeout") || f.get("timeout").isNull()) timeout = AlertmanagerConfig.DEFAULT_TIMEOUT;
    NameValidationScheme scheme = g.metricNameValidationScheme();
    return new AlertmanagerConfig(http, sigv4, f.str("scheme", AlertmanagerConfig.DEFAULT_SCHEME),
        f.str("path_prefix", ""), timeout, apiVersion, relabels(rlNodes, scheme),
        relabels(arlNodes, scheme), statics, files, f.rawList("kubernetes_sd_configs"), Map.copyOf(otherSd));
  }

  private static List<RelabelConfig> relabels(List<YamlNode> nodes, NameValidationScheme scheme) {
    List<RelabelConfig> out = new ArrayList<>();
    for (YamlNode n : nodes) {
      RelabelConfig rc = relabel(n, scheme);
      try {
        rc.validate();
      } catch (RelabelConfigException e) {
        throw new ConfigException(e.getMessage(), n.line, n.column);
      }
      out.add(rc);
    }
    return List.copyOf(out);
  }

  static RelabelConfig relabel(YamlNode n, NameValidationScheme scheme) {
    YamlFields f = new YamlFields(n, "relabel.Config", RELABEL);
    RelabelConfig.Builder b = RelabelConfig.builder().nameValidation(scheme);
    List<String> src = f.strings("source_labels");
    if (src == null && f.has("source_labels")) {
      src = List.of(f.str("source_labels", "")); // a scalar is accepted as a single name
    }
    if (src != null) {
      for (String s : src) {
        if (s.isEmpty() || !NameValidationScheme.isValidUtf16(s)) {
          throw new ConfigException(GoQuote.quote(s) + " is not a valid label name", n.line, n.column);
        }
      }
      b.sourceLabels(src);
    }
    if (f.get("separator") != null) b.separator(f.str("separator", ""));
    try {
      if (f.get("regex") != null) b.regex(f.str("regex", ""));
      if (f.get("action") != null) b.action(f.str("action", ""));
    } catch (RelabelConfigException e) {
      throw new ConfigException(e.getMessage(), n.line, n.column);
    }
    if (f.get("target_label") != null) b.targetLabel(f.str("target_label", ""));
    if (f.get("replacement") != null) b.replacement(f.str("replacement", ""));
    YamlNode mod = f.get("modulus");
    if (mod != null && !mod.isNull()) {
      try {
        b.modulus(Long.parseUnsignedLong(YamlFields.scalarString(mod, "uint64")));
      } catch (NumberFormatException e) {
        throw YamlFields.unmarshal(mod.line, mod.column, "cannot unmarshal " + mod.describeForTypeError() + " into uint64");
      }
    }
    if (f.get("action") != null && f.str("action", "").isEmpty()) {
      throw new ConfigException("relabel action cannot be empty", n.line, n.column);
    }
    return b.build();
  }

  static HttpClientConfig httpClient(YamlFields f) {
    BasicAuth basic = null;
    if (f.has("basic_auth")) {
      YamlFields b = new YamlFields(f.get("basic_auth"), "config.BasicAuth", BASIC);
      basic = new BasicAuth(b.str("username", ""), b.str("username_file", ""), b.str("password", ""),
          b.str("password_file", ""));
    }
    Authorization authz = null;
    if (f.has("authorization")) {
      YamlFields a = new YamlFields(f.get("authorization"), "config.Authorization", AUTHZ);
      authz = new Authorization(a.str("type", ""), a.str("credentials", ""), a.str("credentials_file", ""));
    }
    Map<String, Object> oauth2 = f.rawMap("oauth2");
    String bearer = f.str("bearer_token", "");
    String bearerFile = f.str("bearer_token_file", "");
    TlsConfig tls = TlsConfig.DEFAULT;
    if (f.has("tls_config")) {
      YamlFields t = new YamlFields(f.get("tls_config"), "config.TLSConfig", TLS);
      String minV = t.str("min_version", "");
      String maxV = t.str("max_version", "");
      for (String v : List.of(minV, maxV)) {
        if (!v.isEmpty() && !Set.of("TLS10", "TLS11", "TLS12", "TLS13").contains(v)) {
          throw new ConfigException("unknown TLS version: " + v);
        }
      }
      tls = new TlsConfig(t.str("ca", ""), t.str("ca_file", ""), t.str("cert", ""), t.str("cert_file", ""),
          t.str("key", ""), t.str("key_file", ""), t.str("server_name", ""), t.bool("insecure_skip_verify", false),
          minV, maxV);
      if (!tls.ca().isEmpty() && !tls.caFile().isEmpty()) {
        throw new ConfigException("at most one of ca and ca_file must be configured");
      }
      if (!tls.cert().isEmpty() && !tls.certFile().isEmpty()) {
        throw new ConfigException("at most one of cert and cert_file must be configured");
      }
      if (!tls.key().isEmpty() && !tls.keyFile().isEmpty()) {
        throw new ConfigException("at most one of key and key_file must be configured");
      }
    }
    // HTTPClientConfig.Validate, in Prometheus's order and words
    if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
      throw new ConfigException("at most one of bearer_token & bearer_token_file must be configured");
    }
    if ((basic != null || oauth2 != null) && (!bearer.isEmpty() || !bearerFile.isEmpty())) {
      throw new ConfigException("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    if (basic != null && !basic.username().isEmpty() && !basic.usernameFile().isEmpty()) {
      throw new ConfigException("at most one of basic_auth username, username_file & username_ref must be configured");
    }
    if (basic != null && !basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
      throw new ConfigException("at most one of basic_auth password, password_file & password_ref must be configured");
    }
    if (authz != null) {
      if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
        throw new ConfigException("authorization is not compatible with bearer_token & bearer_token_file");
      }
      if (!authz.credentials().isEmpty() && !authz.credentialsFile().isEmpty()) {
        throw new ConfigException("at most one of authorization credentials & credentials_file must be configured");
      }
      String type = authz.type().trim();
      if (type.isEmpty()) type = "Bearer";
      if (type.equalsIgnoreCase("basic")) {
        throw new ConfigException("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (basic != null || oauth2 != null) {
        throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
      }
      authz = new Authorization(type, authz.credentials(), authz.credentialsFile());
    } else if (!bearer.isEmpty()) {
      authz = new Authorization("Bearer", bearer, "");
    } else if (!bearerFile.isEmpty()) {
      authz = new Authorization("Bearer", "", bearerFile);
    }
    if (oauth2 != null) {
      if (basic != null) throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
      if (!(oauth2.get("client_id") instanceof String) || ((String) oauth2.get("client_id")).isEmpty()) {
        throw new ConfigException("oauth2 client_id must be configured");
      }
      if (!(oauth2.get("token_url") instanceof String) || ((String) oauth2.get("token_url")).isEmpty()) {
        throw new ConfigException("oauth2 token_url must be configured");
      }
    }
    String proxyUrl = f.str("proxy_url", "");
    boolean proxyFromEnv = f.bool("proxy_from_environment", false);
    String noProxy = f.str("no_proxy", "");
    if (proxyFromEnv && !proxyUrl.isEmpty()) {
      throw new ConfigException("if proxy_from_environment is configured, proxy_url must not be configured");
    }
    if (!noProxy.isEmpty() && proxyUrl.isEmpty()) {
      throw new ConfigException("if no_proxy is configured, proxy_url must also be configured");
    }
    return new HttpClientConfig(basic, authz, oauth2, "", "", tls, f.bool("follow_redirects", true),
        f.bool("enable_http2", true), proxyUrl, noProxy, proxyFromEnv, f.rawMap("proxy_connect_header"),
        f.rawMap("http_headers"));
  }

  private static StaticConfig staticConfig(YamlNode n) {
    YamlFields f = new YamlFields(n, "targetgroup.Group", GROUP);
    List<String> targets = f.strings("targets");
    return new StaticConfig(targets == null ? List.of() : targets, f.stringMap("labels", "model.LabelSet"));
  }

  private static FileSdConfig fileSd(YamlNode n) {
    YamlFields f = new YamlFields(n, "file.SDConfig", FILE_SD);
    List<String> files = orEmpty(f.strings("files"));
    if (files.isEmpty()) {
      throw new ConfigException("file service discovery config must contain at least one path name", n.line, n.column);
    }
    for (String name : files) {
      if (!FILE_SD_NAME.matcher(name).matches()) {
        throw new ConfigException("path name " + GoQuote.quote(name) + " is not valid for file discovery", n.line,
            n.column);
      }
    }
    Duration refresh = f.duration("refresh_interval");
    if (refresh.isZero()) refresh = FileSdConfig.DEFAULT_REFRESH_INTERVAL;
    return new FileSdConfig(files, refresh);
  }
}
