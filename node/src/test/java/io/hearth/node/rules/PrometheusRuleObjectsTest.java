package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.SharedFiles;
import io.hearth.scrape.discovery.kubernetes.MockCluster;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with {@code --scrape.operator-monitors} against fabric8's mock API server loads
 * PrometheusRule objects as the Prometheus Operator does: each object is one rule file
 * {@code /etc/hearth/rules/<namespace>-<name>-<uid>.yaml} beside {@code rule_files}; a recording
 * rule's series appears in queries, an update changes what is evaluated, a delete removes the
 * group, an invalid object is skipped while the others load, and the real kube-prometheus objects
 * load with all their groups.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PrometheusRuleObjectsTest {
  private static final String DIR = "/etc/hearth/rules/";
  @TempDir Path tmp;

  private static Map<String, Object> recording(String group, String record, String expr) {
    return Map.of("groups", List.of(Map.of("name", group, "rules", List.of(Map.of("record", record, "expr", expr)))));
  }

  private static String create(MockCluster cluster, String ns, String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("monitoring.coreos.com/v1")
        .withKind("PrometheusRule").withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .addToAdditionalProperties("spec", spec).build();
    return cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace(ns).resource(r)
        .create().getMetadata().getUid();
  }

  /** Group name to file, from {@code /api/v1/rules}. */
  private static Map<String, String> groupFiles(HearthFixture n) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode g : n.api().get("/api/v1/rules", List.of()).json().get("data").get("groups")) {
      out.put(g.get("name").asText(), g.get("file").asText());
    }
    return out;
  }

  /** The value of {@code query}'s only sample now, or null when the result is empty. */
  private static String value(HearthFixture n, String query) {
    JsonNode result = n.api().get("/api/v1/query", List.of(Map.entry("query", query))).json().get("data").get("result");
    return result.isEmpty() ? null : result.get(0).get("value").get(1).asText();
  }

  private static <T> T await(Supplier<T> actual, Predicate<T> cond, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    T v = actual.get();
    while (!cond.test(v)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last: " + v);
      Thread.sleep(100);
      v = actual.get();
    }
    return v;
  }

  @Test
  void prometheusRuleObjectsAreLoadedFollowedAndSkippedWhenInvalid() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      for (String ns : List.of("apps", "monitoring")) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      String config = "global:\n  evaluation_interval: 1s\n";
      try (HearthFixture n = HearthFixture.start(tmp.resolve("hearth"), "r1", LoopbackPorts.freePair(), List.of(), 1,
          config, Map.of("scrape.operator-monitors", "true"), io.hearth.node.notifier.AlertSender.NONE,
          node -> node.operatorApi(cluster.connection()))) {
        // created: the group appears under the operator's file name and its series in queries
        String uid = create(cluster, "apps", "answers", recording("answers", "hearth_answer", "vector(42)"));
        String file = DIR + "apps-answers-" + uid + ".yaml";
        await(() -> groupFiles(n), m -> file.equals(m.get("answers")), "group answers in " + file);
        await(() -> value(n, "hearth_answer"), "42"::equals, "hearth_answer = 42");

        // invalid (a broken expression): skipped, the other objects still load
        String broken = create(cluster, "apps", "broken", recording("broken", "hearth_broken", "sum(up"));
        List<String> realFiles = new ArrayList<>();
        Map<String, String> realGroups = new TreeMap<>();
        loadKubePrometheus(cluster, realFiles, realGroups);
        Map<String, String> loaded = await(() -> groupFiles(n), m -> m.keySet().containsAll(realGroups.keySet()),
            "every kube-prometheus group");
        assertEquals(realGroups, filtered(loaded, realGroups.keySet()));
        assertTrue(!loaded.containsKey("broken") && !loaded.containsValue(DIR + "apps-broken-" + broken + ".yaml"),
            "the invalid object is skipped: " + loaded);
        assertEquals(file, loaded.get("answers"));
        int rules = 0;
        for (var g : n.node().rules().allGroups()) rules += g.file().startsWith(DIR + "monitoring-") ? g.rules().size() : 0;
        assertEquals(234, rules, "kube-prometheus rules loaded");

        // rule_files beside the objects: a reload that adds a file keeps every object's groups
        Path ruleFile = tmp.resolve("from-file.yml");
        Files.writeString(ruleFile, "groups:\n- name: from-file\n  rules:\n  - record: hearth_file\n    expr: vector(1)\n");
        Files.writeString(tmp.resolve("hearth/hearth.yml"), config + "rule_files: ['" + ruleFile + "']\n");
        assertEquals(200, n.api().post("/-/reload").status());
        Map<String, String> afterReload = groupFiles(n);
        assertEquals(ruleFile.toString(), afterReload.get("from-file"));
        assertEquals(loaded, filtered(afterReload, loaded.keySet()));

        // updated: the new expression is evaluated
        cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace("apps").withName("answers")
            .edit(r -> {
              r.getAdditionalProperties().put("spec", recording("answers", "hearth_answer", "vector(7)"));
              return r;
            });
        await(() -> value(n, "hearth_answer"), "7"::equals, "hearth_answer = 7 after the update");
        assertEquals(file, groupFiles(n).get("answers"), "the file name keeps the object's UID across updates");

        // deleted: the group disappears
        cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace("apps").withName("answers")
            .delete();
        await(() -> groupFiles(n), m -> !m.containsKey("answers"), "group answers gone");
        assertTrue(groupFiles(n).keySet().containsAll(realGroups.keySet()));
      }
    }
  }

  private static Map<String, String> filtered(Map<String, String> m, java.util.Set<String> keys) {
    Map<String, String> out = new TreeMap<>(m);
    out.keySet().retainAll(keys);
    return out;
  }

  /** Creates the kube-prometheus PrometheusRule objects unchanged; records their files and group name to file. */
  private static void loadKubePrometheus(MockCluster cluster, List<String> files, Map<String, String> groups)
      throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> sources;
    Path kubePrometheus = SharedFiles.require("kube-prometheus-rules");
    try (Stream<Path> s = Files.list(kubePrometheus)) {
      sources = s.filter(p -> p.toString().endsWith("-prometheusRule.yaml")).sorted().toList();
    }
    assertEquals(8, sources.size(), "objects in " + kubePrometheus);
    TreeSet<String> seen = new TreeSet<>();
    for (Path p : sources) {
      GenericKubernetesResource obj;
      try (InputStream in = Files.newInputStream(p)) {
        obj = cluster.client().getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
      }
      String ns = obj.getMetadata().getNamespace();
      String uid = cluster.client().genericKubernetesResources(MockCluster.PROMETHEUS_RULES).inNamespace(ns).resource(obj)
          .create().getMetadata().getUid();
      String file = DIR + ns + "-" + obj.getMetadata().getName() + "-" + uid + ".yaml";
      files.add(file);
      for (JsonNode g : yaml.readTree(p.toFile()).get("spec").get("groups")) {
        assertTrue(seen.add(g.get("name").asText()), "group names are unique across the corpus");
        groups.put(g.get("name").asText(), file);
      }
    }
  }
}
