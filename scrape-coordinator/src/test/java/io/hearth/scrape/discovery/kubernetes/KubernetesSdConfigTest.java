package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding and validation of {@code kubernetes_sd_configs} entries, with Prometheus's messages. */
class KubernetesSdConfigTest {
  private static KubernetesSdConfig parse(String entryYaml) {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - "
        + entryYaml.replace("\n", "\n        ") + "\n");
    return KubernetesSdConfig.parse(c.scrapeConfigs().get(0).kubernetesSdConfigs().get(0));
  }

  @Test
  void decodesEveryField() {
    KubernetesSdConfig c = parse("""
        role: endpoints
        api_server: https://127.0.0.1:6443
        namespaces: {names: [default, kube-system]}
        selectors:
          - {role: pod, label: 'app=nginx', field: 'spec.nodeName=n1'}
          - {role: service, label: 'tier in (web,api)'}
        attach_metadata: {node: true}
        authorization: {credentials: tok}
        tls_config: {insecure_skip_verify: true}""");
    assertEquals(Role.ENDPOINTS, c.role());
    assertEquals("https://127.0.0.1:6443", c.apiServer());
    assertEquals(List.of("default", "kube-system"), c.namespaces());
    assertTrue(c.attachNode());
    assertEquals("app=nginx", c.selector(Role.POD).label());
    assertEquals("spec.nodeName=n1", c.selector(Role.POD).field());
    assertNull(c.selector(Role.ENDPOINTS));
    assertEquals("tok", c.http().authorization().credentials());
    assertTrue(c.http().tlsConfig().insecureSkipVerify());
  }

  @Test
  void minimalEntryUsesInClusterAccess() {
    KubernetesSdConfig c = parse("role: pod");
    assertNull(c.apiServer());
    assertNull(c.kubeconfigFile());
    assertFalse(c.ownNamespace());
    assertTrue(c.namespaces().isEmpty());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      namespaces: {names: [a]}                                      | role missing (one of: pod, service, endpoints, endpointslice, node, ingress)
      role: pods                                                    | unknown Kubernetes SD role "pods"
      role: pod\\nbasic_auth: {username: u}                          | to use custom HTTP client configuration please provide the 'api_server' URL explicitly
      role: pod\\napi_server: http://a\\nkubeconfig_file: /k        | cannot use 'kubeconfig_file' and 'api_server' simultaneously
      role: pod\\nkubeconfig_file: /k\\nbearer_token: t             | cannot use a custom HTTP client configuration together with 'kubeconfig_file'
      role: pod\\napi_server: http://a\\nnamespaces: {own_namespace: true} | cannot use 'api_server' and 'namespaces.own_namespace' simultaneously
      role: pod\\nkubeconfig_file: /k\\nnamespaces: {own_namespace: true} | cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously
      role: pod\\nselectors: [{role: pod}, {role: pod}]             | duplicated selector role: pod
      role: pod\\nselectors: [{role: service}]                      | pod role supports only pod selectors
      role: endpoints\\nselectors: [{role: node}]                   | endpoints role supports only pod, service, endpoints selectors
      role: node\\nselectors: [{role: node, field: 'metadata.name'}] | invalid selector: 'metadata.name'; can't understand 'metadata.name'
      role: pod\\napi_server: http://a\\nbearer_token: a\\nbearer_token_file: b | at most one of bearer_token & bearer_token_file must be configured
      role: pod\\nfoo: bar                                          | yaml: unmarshal errors:\\n  field foo not found in type kubernetes.SDConfig
      """)
  void rejectsInvalidEntriesWithPrometheusMessages(String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
    assertEquals(message.replace("\\n", "\n"), e.getMessage());
  }

  @Test
  void podRoleAcceptsNodeSelectorWithNodeMetadata() {
    KubernetesSdConfig c = parse("role: pod\nattach_metadata: {node: true}\nselectors: [{role: node, label: 'a=b'}]");
    assertEquals("a=b", c.selector(Role.NODE).label());
  }

  @Test
  void validateNamesTheJob() {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: bad\n    kubernetes_sd_configs: [{role: x}]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> KubernetesSdConfig.validate(c));
    assertEquals("kubernetes_sd_configs of job \"bad\": unknown Kubernetes SD role \"x\"", e.getMessage());
  }

  @Test
  void relativeKubeconfigIsResolvedAgainstTheConfigFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prometheus.yml");
    Files.writeString(f, "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs: [{role: node, kubeconfig_file: kc.yaml}]\n");
    Config c = ConfigLoader.load(f);
    KubernetesSdConfig sd = KubernetesSdConfig.parse(c.scrapeConfigs().get(0).kubernetesSdConfigs().get(0));
    assertEquals(dir.resolve("kc.yaml").toString(), sd.kubeconfigFile());
  }

  @Test
  void fieldSelectorSplitsTerms() {
    FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed,metadata.name==x");
    assertEquals(List.of(new FieldSelector.Term("spec.nodeName", "n1", false),
        new FieldSelector.Term("status.phase", "Failed", true), new FieldSelector.Term("metadata.name", "x", false)),
        s.terms());
  }

  @Test
  void inClusterWithoutEnvironmentFailsLikeClientGo(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiConnection.inCluster(Map.of(), dir));
    assertEquals("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must "
        + "be defined", e.getMessage());
  }

  @Test
  void inClusterReadsTheServiceAccount(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "tok-1\n");
    Files.writeString(dir.resolve("namespace"), "monitoring");
    ApiConnection c = ApiConnection.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT",
        "443"), dir);
    assertEquals("https://10.0.0.1:443/", c.config().getMasterUrl());
    assertEquals("monitoring", c.ownNamespace());
    assertEquals("tok-1", c.config().getOauthTokenProvider().getToken());
  }
}
