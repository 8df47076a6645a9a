package io.hearth.scrape.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hearth.scrape.config.GlobalConfig;
import io.hearth.scrape.discovery.kubernetes.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PrometheusRule objects on the mock API server become the operator's rule files (named
 * {@code <namespace>-<name>-<uid>.yaml}), selected by {@code ruleSelector} and
 * {@code ruleNamespaceSelector}, and the published set follows creates, updates and deletes.
 */
@Timeout(60)
class PrometheusRuleWatchTest {
  private static final long WAIT_MS = 30_000;
  private MockCluster cluster;
  private MonitorWatcher watcher;
  private final Published<Map<String, String>> published = new Published<>();

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    for (String ns : List.of("monitoring", "apps")) {
      cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  @AfterEach
  void tearDown() {
    if (watcher != null) watcher.close();
    cluster.close();
  }

  static Map<String, Object> recordingSpec(String expr) {
    return Map.of("groups", List.of(Map.of("name", "answers", "rules", List.of(Map.of("record", "answer", "expr", expr)))));
  }

  private Resource<GenericKubernetesResource> rule(String ns, String name) {
    return cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace(ns).withName(name);
  }

  private String create(String ns, String name, String release, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("monitoring.coreos.com/v1")
        .withKind("PrometheusRule").withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(Map.of("release", release)).endMetadata().addToAdditionalProperties("spec", spec).build();
    return cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace(ns).resource(r)
        .create().getMetadata().getUid();
  }

  private void startWatcher(MonitorSettings settings) {
    KubernetesClient c = cluster.client();
    watcher = new MonitorWatcher(c, settings, GlobalConfig.DEFAULT, new ClientSecretSource(c), Duration.ZERO, l -> {});
    watcher.onRuleFiles(published);
    watcher.start();
  }

  private Map<String, String> await(Predicate<Map<String, String>> cond, String what) throws InterruptedException {
    return published.await(cond, WAIT_MS, what);
  }


  @Test
  void ruleFilesFollowCreatesUpdatesAndDeletes() throws Exception {
    startWatcher(MonitorSettings.selectAll("monitoring"));
    assertEquals(Map.of(), await(m -> true, "the first (empty) set"));

    String uid = create("apps", "answers", "hearth", recordingSpec("vector(42)"));
    String file = "apps-answers-" + uid + ".yaml";
    Map<String, String> files = await(m -> m.containsKey(file), file);
    assertEquals(List.of(file), List.copyOf(files.keySet()));
    assertTrue(files.get(file).contains("vector(42)"), files.get(file));

    rule("apps", "answers").edit(r -> {
      r.getAdditionalProperties().put("spec", recordingSpec("vector(7)"));
      return r;
    });
    files = await(m -> m.getOrDefault(file, "").contains("vector(7)"), "the updated expression");
    assertEquals(1, files.size());

    rule("apps", "answers").delete();
    await(Map::isEmpty, "no files after the delete");
  }

  @Test
  void onlyObjectsMatchingTheRuleSelectorsAreLoaded() throws Exception {
    String selected = create("monitoring", "selected", "hearth", recordingSpec("vector(1)"));
    create("monitoring", "other-release", "other", recordingSpec("vector(2)"));
    create("apps", "other-namespace", "hearth", recordingSpec("vector(3)"));
    // ruleNamespaceSelector null: the (virtual) Prometheus object's own namespace only
    startWatcher(new MonitorSettings(null, null, null, null, null, null, LabelSelector.of(Map.of("release", "hearth")),
        null, "monitoring", false, false));
    Map<String, String> files = await(m -> !m.isEmpty(), "the selected object");
    assertEquals(List.of("monitoring-selected-" + selected + ".yaml"), List.copyOf(files.keySet()));
  }

  @Test
  void noRuleSelectorWatchesNoRules() throws Exception {
    create("monitoring", "selected", "hearth", recordingSpec("vector(1)"));
    startWatcher(new MonitorSettings(null, null, null, null, "monitoring", false, false));
    assertEquals(Map.of(), await(m -> true, "the first set"));
  }
}
