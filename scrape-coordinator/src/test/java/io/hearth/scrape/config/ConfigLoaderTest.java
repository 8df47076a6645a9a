package io.hearth.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.RelabelAction;
import io.hearth.sharding.api.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Test
  void emptyDocumentGetsPrometheusDefaults() {
    Config c = ConfigLoader.parse("");
    assertEquals(Duration.ofMinutes(1), c.global().scrapeInterval());
    assertEquals(Duration.ofSeconds(10), c.global().scrapeTimeout());
    assertEquals(Duration.ofMinutes(1), c.global().evaluationInterval());
    assertTrue(c.scrapeConfigs().isEmpty());
  }

  @Test
  void scrapeConfigInheritsGlobalsAndDefaults() {
    Config c = ConfigLoader.parse("""
        global:
          scrape_interval: 15s
          external_labels:
            region: eu
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ['localhost:9100']
                labels: {team: infra}
        """);
    ScrapeConfig s = c.scrapeConfig("node");
    assertEquals(Duration.ofSeconds(15), s.scrapeInterval());
    assertEquals(Duration.ofSeconds(10), s.scrapeTimeout());
    assertEquals("/metrics", s.metricsPath());
    assertEquals("http", s.scheme());
    assertTrue(s.honorTimestamps());
    assertFalse(s.honorLabels());
    assertTrue(s.enableCompression());
    assertTrue(s.httpClientConfig().followRedirects());
    assertTrue(s.httpClientConfig().enableHttp2());
    assertEquals(ScrapeProtocol.DEFAULT, s.scrapeProtocols());
    assertEquals(NameValidationScheme.UTF8, s.metricNameValidationScheme());
    assertEquals(List.of(new StaticConfig(List.of("localhost:9100"), Map.of("team", "infra"))), s.staticConfigs());
    assertEquals(Labels.of("region", "eu"), c.global().externalLabels());
  }

  @Test
  void shortGlobalIntervalCapsTheDefaultTimeout() {
    Config c = ConfigLoader.parse("global:\n  scrape_interval: 5s\n");
    assertEquals(Duration.ofSeconds(5), c.global().scrapeTimeout());
  }

  @Test
  void unknownFieldIsRejectedNamingFieldAndLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: node
            scrape_intervall: 5s
        """));
    assertEquals("yaml: unmarshal errors:\n  line 5: field scrape_intervall not found in type config.ScrapeConfig",
        e.getMessage());
    assertEquals(5, e.line());
  }

  @Test
  void unknownTopLevelFieldIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("scrape_config:\n  - job_name: x\n"));
    assertEquals("yaml: unmarshal errors:\n  line 1: field scrape_config not found in type config.Config", e.getMessage());
  }

  @Test
  void badDurationIsRejectedInPrometheusWords() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("global:\n  scrape_interval: 5x\n"));
    assertEquals("not a valid duration string: \"5x\"", e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void timeoutGreaterThanIntervalIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        scrape_configs:
          - job_name: api
            scrape_interval: 5s
            scrape_timeout: 10s
        """));
    assertEquals("scrape timeout greater than scrape interval for scrape config with job name \"api\"", e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n"));
    assertEquals("global scrape timeout greater than scrape interval", e.getMessage());
  }

  @Test
  void duplicateJobNamesAreRejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("scrape_configs:\n  - job_name: a\n  - job_name: a\n"));
    assertEquals("found multiple scrape configs with job name \"a\"", e.getMessage());
  }

  @Test
  void relabelRulesAreParsedWithDefaultsAndValidated() {
    Config c = ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            relabel_configs:
              - source_labels: [__meta_x, __meta_y]
                target_label: z
              - action: Drop
                source_labels: [z]
                regex: bad.*
            metric_relabel_configs:
              - action: labeldrop
                regex: tmp_.*
        """);
    ScrapeConfig s = c.scrapeConfig("a");
    assertEquals(";", s.relabelConfigs().get(0).separator());
    assertEquals("(.*)", s.relabelConfigs().get(0).regex().source());
    assertEquals("$1", s.relabelConfigs().get(0).replacement());
    assertEquals(RelabelAction.DROP, s.relabelConfigs().get(1).action());
    assertEquals(RelabelAction.LABELDROP, s.metricRelabelConfigs().get(0).action());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            relabel_configs:
              - action: hashmod
                source_labels: [x]
                target_label: y
        """));
    assertEquals("relabel configuration for hashmod requires non-zero modulus", e.getMessage());
  }

  @Test
  void httpClientSettingsAreParsedAndBearerTokenBecomesAuthorization() {
    Config c = ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            scheme: https
            bearer_token: s3cret
            tls_config:
              insecure_skip_verify: true
              ca_file: ca.pem
            follow_redirects: false
            params:
              module: [http_2xx]
            sample_limit: 100
            body_size_limit: 10MB
        """);
    ScrapeConfig s = c.scrapeConfig("a");
    assertEquals(new Authorization("Bearer", "s3cret", ""), s.httpClientConfig().authorization());
    assertTrue(s.httpClientConfig().tlsConfig().insecureSkipVerify());
    assertEquals("ca.pem", s.httpClientConfig().tlsConfig().caFile());
    assertFalse(s.httpClientConfig().followRedirects());
    assertEquals(Map.of("module", List.of("http_2xx")), s.params());
    assertEquals(100, s.sampleLimit());
    assertEquals(10L << 20, s.bodySizeLimit());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            bearer_token: x
            bearer_token_file: y
        """));
    assertEquals("at most one of bearer_token & bearer_token_file must be configured", e.getMessage());
  }

  @Test
  void otherSectionsAreKeptRawAndKubernetesDiscoveryIsRecognised() {
    Config c = ConfigLoader.parse("""
        rule_files: [rules/*.yml]
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['am:9093']}]
        remote_write:
          - url: http://remote/api/v1/write
        remote_read:
          - url: http://remote/api/v1/read
        scrape_configs:
          - job_name: k8s
            kubernetes_sd_configs:
              - role: pod
            consul_sd_configs:
              - server: consul:8500
        """);
    assertEquals(List.of("rules/*.yml"), c.ruleFiles());
    assertEquals(List.of("am:9093"), c.alerting().alertmanagers().get(0).staticConfigs().get(0).targets());
    assertEquals(Map.of("url", "http://remote/api/v1/write"), c.remoteWrite().get(0));
    assertEquals(1, c.remoteRead().size());
    assertEquals(List.of(Map.of("role", "pod")), c.scrapeConfig("k8s").kubernetesSdConfigs());
    assertTrue(c.scrapeConfig("k8s").otherSdConfigs().containsKey("consul_sd_configs"));
  }

  @Test
  void scrapeProtocolsAreValidated() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            scrape_protocols: [PrometheusText0.0.4, Bogus]
        """));
    assertEquals("scrape_protocols: unknown scrape protocol Bogus, supported: [OpenMetricsText0.0.1 "
        + "OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0] for scrape config with job "
        + "name \"a\"", e.getMessage());
  }

  @Test
  void staticTargetsMustNotBeUrls() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            static_configs: [{targets: ['http://host:9100/metrics']}]
        """));
    assertEquals("\"http://host:9100/metrics\" is not a valid hostname", e.getMessage());
  }

  @Test
  void fileSdNamesAndDefaultsAreChecked(@TempDir Path dir) throws Exception {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: f\n    file_sd_configs: [{files: [t/*.json]}]\n");
    assertEquals(Duration.ofMinutes(5), c.scrapeConfig("f").fileSdConfigs().get(0).refreshInterval());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("scrape_configs:\n  - job_name: f\n    file_sd_configs: [{files: [t/x.txt]}]\n"));
    assertEquals("path name \"t/x.txt\" is not valid for file discovery", e.getMessage());
    Path f = dir.resolve("prometheus.yml");
    Files.writeString(f, "scrape_configs:\n  - job_name: f\n    file_sd_configs: [{files: [t/*.json]}]\n");
    assertEquals(dir.resolve("t/*.json").toString(), ConfigLoader.load(f).scrapeConfig("f").fileSdConfigs().get(0).files().get(0));
  }

  @Test
  void validateReportsLikePromtool(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.yml");
    Files.writeString(good, "rule_files: [a.yml]\nscrape_configs:\n  - job_name: a\n");
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "global:\n  scrape_interval: 1m\n  bogus: 1\n");
    ConfigLoader.CheckResult ok = ConfigLoader.validate(good);
    assertTrue(ok.valid());
    assertEquals("Checking " + good + "\n  SUCCESS: 1 rule files found\n SUCCESS: " + good
        + " is valid prometheus config file syntax\n\n", ok.text());
    ConfigLoader.CheckResult ko = ConfigLoader.validate(bad);
    assertFalse(ko.valid());
    assertEquals("Checking " + bad + "\n  FAILED: parsing YAML file " + bad + ": yaml: unmarshal errors:\n  line 3: field "
        + "bogus not found in type config.GlobalConfig\n\n", ko.text());
  }

  @Test
  void typeErrorsNameTheLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n"));
    assertEquals("yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `maybe` into bool", e.getMessage());
    assertNull(null);
  }
}
