package io.hearth.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.scrape.relabel.RelabelAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prometheus.yml's {@code alerting} section: Prometheus's fields, defaults and errors. */
class AlertingConfigTest {
  static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml)).getMessage();
  }

  @Test
  void alertmanagerEntryGetsPrometheussDefaults() {
    AlertmanagerConfig am = ConfigLoader.parse("""
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['am:9093']}]
        """).alerting().alertmanagers().get(0);
    assertEquals("http", am.scheme());
    assertEquals("", am.pathPrefix());
    assertEquals(Duration.ofSeconds(10), am.timeout());
    assertEquals("v2", am.apiVersion());
    assertEquals("/api/v2/alerts", am.alertsPath());
    assertNull(am.httpClientConfig().basicAuth());
    assertNull(am.httpClientConfig().authorization());
    assertEquals(true, am.httpClientConfig().followRedirects());
    assertNull(am.sigv4());
  }

  @Test
  void everySupportedFieldIsDecoded() {
    AlertingConfig a = ConfigLoader.parse("""
        alerting:
          alert_relabel_configs:
            - {action: labeldrop, regex: replica}
          alertmanagers:
            - scheme: https
              path_prefix: /am/
              timeout: 3s
              api_version: v2
              basic_auth: {username: u, password: p}
              tls_config: {insecure_skip_verify: true}
              relabel_configs:
                - {source_labels: [__meta_kubernetes_pod_container_port_number], regex: '9093', action: keep}
              alert_relabel_configs:
                - {target_label: via, replacement: am0}
              static_configs: [{targets: ['am-0:9093', 'am-1:9093']}]
              file_sd_configs: [{files: [ams/*.json]}]
              kubernetes_sd_configs: [{role: pod, namespaces: {names: [monitoring]}}]
        """).alerting();
    assertEquals(RelabelAction.LABELDROP, a.alertRelabelConfigs().get(0).action());
    AlertmanagerConfig am = a.alertmanagers().get(0);
    assertEquals("https", am.scheme());
    assertEquals("/am/api/v2/alerts", am.alertsPath());
    assertEquals(Duration.ofSeconds(3), am.timeout());
    assertEquals("u", am.httpClientConfig().basicAuth().username());
    assertEquals(true, am.httpClientConfig().tlsConfig().insecureSkipVerify());
    assertEquals(RelabelAction.KEEP, am.relabelConfigs().get(0).action());
    assertEquals("via", am.alertRelabelConfigs().get(0).targetLabel());
    assertEquals(List.of("am-0:9093", "am-1:9093"), am.staticConfigs().get(0).targets());
    assertEquals(List.of("ams/*.json"), am.fileSdConfigs().get(0).files());
    assertEquals(1, am.kubernetesSdConfigs().size());
  }

  @Test
  void alertsPathJoinsThePrefixAsGoPathJoin() {
    AlertmanagerConfig am = AlertmanagerConfig.forStaticTargets("a:1");
    for (String[] c : new String[][] {{"", "/api/v2/alerts"}, {"/", "/api/v2/alerts"}, {"am", "/am/api/v2/alerts"},
        {"/a/b/", "/a/b/api/v2/alerts"}, {"//a//b", "/a/b/api/v2/alerts"}}) {
      AlertmanagerConfig x = new AlertmanagerConfig(am.httpClientConfig(), null, "http", c[0], am.timeout(), "v2",
          List.of(), List.of(), am.staticConfigs(), List.of(), List.of(), java.util.Map.of());
      assertEquals(c[1], x.alertsPath(), c[0]);
    }
  }

  @Test
  void apiVersionV1IsRefusedAsPrometheusRefusesIt() {
    assertEquals("expected Alertmanager api version to be one of [v2] but got v1", error("""
        alerting:
          alertmanagers:
            - api_version: v1
              static_configs: [{targets: ['am:9093']}]
        """));
  }

  @Test
  void unknownFieldIsNamedWithItsLine() {
    assertEquals("yaml: unmarshal errors:\n  line 4: field path_prefx not found in type config.AlertmanagerConfig", error("""
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['am:9093']}]
              path_prefx: /am
        """));
    assertEquals("yaml: unmarshal errors:\n  line 2: field alertmanager not found in type config.AlertingConfig", error("""
        alerting:
          alertmanager: []
        """));
  }

  @Test
  void urlAsStaticTargetIsRefusedUnlessRelabelled() {
    assertEquals("\"http://am:9093\" is not a valid hostname", error("""
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['http://am:9093']}]
        """));
    ConfigLoader.parse("""
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['http://am:9093']}]
              relabel_configs: [{source_labels: [__address__], regex: 'http://(.*)', target_label: __address__}]
        """);
  }

  @Test
  void nullEntriesAreRefusedWithPrometheussMessages() {
    assertEquals("empty or null alert manager config", error("alerting:\n  alertmanagers:\n    -\n"));
    assertEquals("empty or null alert relabeling rule", error("alerting:\n  alert_relabel_configs:\n    -\n"));
    assertEquals("empty or null Alertmanager target relabeling rule",
        error("alerting:\n  alertmanagers:\n    - relabel_configs:\n        -\n"));
    assertEquals("empty or null Alertmanager alert relabeling rule",
        error("alerting:\n  alertmanagers:\n    - alert_relabel_configs:\n        -\n"));
  }

  @Test
  void httpClientSettingsAreValidatedAsForScrapes() {
    assertEquals("at most one of basic_auth, oauth2 & authorization must be configured", error("""
        alerting:
          alertmanagers:
            - basic_auth: {username: u, password: p}
              authorization: {credentials: t}
        """));
    assertEquals("at most one of basic_auth, authorization, oauth2, & sigv4 must be configured", error("""
        alerting:
          alertmanagers:
            - authorization: {credentials: t}
              sigv4: {region: eu-west-1}
        """));
  }

  @Test
  void badAlertRelabelRuleIsRefused() {
    assertEquals("unknown relabel action \"explode\"", error("""
        alerting:
          alert_relabel_configs:
            - {action: explode}
        """));
  }

  @Test
  void relativePathsAreResolvedAgainstTheConfigFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prometheus.yml");
    Files.writeString(f, """
        alerting:
          alertmanagers:
            - authorization: {credentials_file: secrets/am-token}
              tls_config: {ca_file: ca.pem}
              file_sd_configs: [{files: [ams/*.yml]}]
              kubernetes_sd_configs: [{role: pod, kubeconfig_file: kube/config}]
        """);
    AlertmanagerConfig am = ConfigLoader.load(f).alerting().alertmanagers().get(0);
    assertEquals(dir.resolve("secrets/am-token").toString(), am.httpClientConfig().authorization().credentialsFile());
    assertEquals(dir.resolve("ca.pem").toString(), am.httpClientConfig().tlsConfig().caFile());
    assertEquals(dir.resolve("ams/*.yml").toString(), am.fileSdConfigs().get(0).files().get(0));
    assertEquals(dir.resolve("kube/config").toString(),
        ((java.util.Map<?, ?>) am.kubernetesSdConfigs().get(0)).get("kubeconfig_file"));
  }
}
