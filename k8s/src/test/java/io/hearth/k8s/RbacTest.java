package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The service account can read what scraping watches, and nothing more. */
class RbacTest {
  static final Set<String> READ = Set.of("get", "list", "watch");

  /** What each Kubernetes service discovery role lists and watches ("group/resource", "" = core). */
  static final Map<String, Set<String>> DISCOVERY_ROLES = Map.of(
      "node", Set.of("/nodes"),
      "service", Set.of("/services"),
      "pod", Set.of("/pods"),
      "endpoints", Set.of("/endpoints", "/services", "/pods"),
      "endpointslice", Set.of("discovery.k8s.io/endpointslices", "/services", "/pods"),
      "ingress", Set.of("networking.k8s.io/ingresses"));

  /** The Prometheus Operator's scrape CRDs and its rule CRD, which Hearth reads. */
  static final Set<String> OPERATOR_CRDS = Set.of("monitoring.coreos.com/servicemonitors",
      "monitoring.coreos.com/podmonitors", "monitoring.coreos.com/scrapeconfigs", "monitoring.coreos.com/prometheusrules");

  /** Beyond discovery: namespaces (monitors' namespaceSelector), nodes/metrics (the kubelet's /metrics and /metrics/cadvisor). */
  static final Set<String> OTHER = Set.of("/namespaces", "/nodes/metrics");

  /** Only for credentials referenced by ServiceMonitors, PodMonitors and ScrapeConfigs; in their own ClusterRole. */
  static final Set<String> CREDENTIALS = Set.of("/secrets", "/configmaps");
  static final String CREDENTIALS_ROLE = "hearth-servicemonitor-credentials";

  static Stream<Build> builds() {
    return Build.all();
  }

  /** The ClusterRoles bound to the StatefulSet's service account. */
  static List<ClusterRole> boundRoles(Build b) {
    String sa = b.statefulSet().getSpec().getTemplate().getSpec().getServiceAccountName();
    b.one(ServiceAccount.class, sa);
    List<ClusterRole> roles = new ArrayList<>();
    for (ClusterRoleBinding crb : b.all(ClusterRoleBinding.class)) {
      boolean bound = false;
      for (Subject s : crb.getSubjects()) {
        bound |= s.getKind().equals("ServiceAccount") && s.getName().equals(sa) && b.namespace().equals(s.getNamespace());
      }
      assertTrue(bound, b + ": ClusterRoleBinding " + crb.getMetadata().getName() + " does not bind the pods' service account");
      assertEquals("ClusterRole", crb.getRoleRef().getKind());
      assertEquals("rbac.authorization.k8s.io", crb.getRoleRef().getApiGroup());
      roles.add(b.one(ClusterRole.class, crb.getRoleRef().getName()));
    }
    return roles;
  }

  /** "group/resource" -> verbs, over the given roles. */
  static Map<String, Set<String>> grants(List<ClusterRole> roles) {
    Map<String, Set<String>> g = new java.util.TreeMap<>();
    for (ClusterRole r : roles) {
      for (PolicyRule rule : r.getRules()) {
        if (rule.getResources() == null) continue;
        for (String group : rule.getApiGroups()) {
          for (String res : rule.getResources()) g.computeIfAbsent(group + "/" + res, k -> new TreeSet<>()).addAll(rule.getVerbs());
        }
      }
    }
    return g;
  }

  /** The service discovery roles the bound ClusterRoles fully allow. */
  static Set<String> coveredDiscoveryRoles(Build b) {
    Map<String, Set<String>> g = grants(boundRoles(b));
    Set<String> covered = new TreeSet<>();
    DISCOVERY_ROLES.forEach((role, needs) -> {
      if (needs.stream().allMatch(n -> g.getOrDefault(n, Set.of()).containsAll(READ))) covered.add(role);
    });
    return covered;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void everyKubernetesDiscoveryRoleCanListAndWatchWhatItNeeds(Build b) {
    assertEquals(DISCOVERY_ROLES.keySet(), coveredDiscoveryRoles(b), b.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theOperatorsMonitorsNamespacesAndKubeletMetricsAreReadable(Build b) {
    Map<String, Set<String>> g = grants(boundRoles(b));
    for (String r : OPERATOR_CRDS) assertEquals(READ, g.get(r), b + ": " + r);
    for (String r : OTHER) assertEquals(READ, g.get(r), b + ": " + r);
    for (String r : CREDENTIALS) assertEquals(READ, g.get(r), b + ": " + r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theApiServersMetricsEndpointIsReadable(Build b) {
    boolean metrics = false;
    for (ClusterRole r : boundRoles(b)) {
      for (PolicyRule rule : r.getRules()) {
        if (rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty()) continue;
        assertEquals(List.of("get"), rule.getVerbs(), "non-resource URLs: get only");
        assertEquals(List.of("/metrics"), rule.getNonResourceURLs());
        metrics = true;
      }
    }
    assertTrue(metrics, b + ": nonResourceURLs /metrics");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void rulesOnlyReadAndNameExactlyTheResourcesHearthNeeds(Build b) {
    Set<String> expected = new HashSet<>();
    DISCOVERY_ROLES.values().forEach(expected::addAll);
    expected.addAll(OPERATOR_CRDS);
    expected.addAll(OTHER);
    expected.addAll(CREDENTIALS);
    Map<String, Set<String>> g = grants(boundRoles(b));
    assertEquals(new TreeSet<>(expected), g.keySet(), b + ": granted resources");
    for (ClusterRole r : b.all(ClusterRole.class)) {
      assertTrue(r.getAggregationRule() == null, "no aggregation: the rules are what is written");
      for (PolicyRule rule : r.getRules()) {
        assertTrue(READ.containsAll(rule.getVerbs()), r.getMetadata().getName() + ": verbs " + rule.getVerbs());
        for (List<String> l : java.util.Arrays.asList(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getNonResourceURLs())) {
          if (l != null) assertFalse(l.contains("*"), r.getMetadata().getName() + ": wildcard in " + l);
        }
        assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void secretsAndConfigMapsAreGrantedOnlyByTheRemovableCredentialsRole(Build b) {
    for (ClusterRole r : boundRoles(b)) {
      Set<String> g = grants(List.of(r)).keySet();
      if (r.getMetadata().getName().equals(CREDENTIALS_ROLE)) {
        assertEquals(CREDENTIALS, g);
      } else {
        for (String c : CREDENTIALS) assertFalse(g.contains(c), r.getMetadata().getName() + " grants " + c);
      }
    }
  }
}
