package io.hearth.scrape.config;

import io.hearth.scrape.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code alerting.alertmanagers} entry with Prometheus's defaults applied ({@code scheme: http},
 * {@code timeout: 10s}, {@code api_version: v2}). The discovered targets get {@code __scheme__} and
 * {@code __alerts_path__} ({@link #alertsPath()}) before {@code relabel_configs} run; alerts for
 * this entry pass {@code alert_relabel_configs} after the global ones. Immutable.
 *
 * @param sigv4 {@code sigv4} kept raw: accepted, not acted on
 * @param kubernetesSdConfigs {@code kubernetes_sd_configs} kept raw for the Kubernetes discoverer
 * @param otherSdConfigs other recognised Prometheus {@code *_sd_configs} kept raw, not acted on
 */
public record AlertmanagerConfig(
    HttpClientConfig httpClientConfig,
    Map<String, Object> sigv4,
    String scheme,
    String pathPrefix,
    Duration timeout,
    String apiVersion,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> alertRelabelConfigs,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<Object> kubernetesSdConfigs,
    Map<String, Object> otherSdConfigs) {

  public static final String DEFAULT_SCHEME = "http";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final String API_V2 = "v2";

  public AlertmanagerConfig {
    relabelConfigs = List.copyOf(relabelConfigs);
    alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
  }

  /** A config for static Alertmanager addresses ({@code host:port}), all else defaulted (handy in tests). */
  public static AlertmanagerConfig forStaticTargets(String... targets) {
    return new AlertmanagerConfig(HttpClientConfig.DEFAULT, null, DEFAULT_SCHEME, "", DEFAULT_TIMEOUT, API_V2,
        List.of(), List.of(), List.of(new StaticConfig(List.of(targets), Map.of())), List.of(), List.of(), Map.of());
  }

  /**
   * The path alerts are POSTed to before relabelling: Go's {@code path.Join("/", path_prefix,
   * "/api/v2/alerts")}, e.g. {@code /am/api/v2/alerts} for {@code path_prefix: /am/}.
   */
  public String alertsPath() {
    StringBuilder sb = new StringBuilder();
    for (String part : (pathPrefix + "/api/" + apiVersion + "/alerts").split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        int cut = sb.lastIndexOf("/");
        sb.setLength(Math.max(cut, 0));
        continue;
      }
      sb.append('/').append(part);
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }
}
