package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code ingress} ({@code networking.k8s.io/v1}): one target per rule and path at the rule's
 * host, scheme {@code https} when a TLS entry's host (or wildcard) matches, as Prometheus's
 * {@code buildIngress}. Stateless.
 */
final class IngressTargets {
  static final String SCHEME = MetaLabels.PREFIX + "ingress_scheme";
  static final String HOST = MetaLabels.PREFIX + "ingress_host";
  static final String PATH = MetaLabels.PREFIX + "ingress_path";
  static final String CLASS_NAME = MetaLabels.PREFIX + "ingress_class_name";

  private IngressTargets() {}

  static String source(String namespace, String name) {
    return "ingress/" + namespace + "/" + name;
  }

  static TargetGroup build(Ingress ing) {
    String ns = ing.getMetadata().getNamespace();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    if (ing.getSpec() != null && ing.getSpec().getIngressClassName() != null) {
      group.put(CLASS_NAME, ing.getSpec().getIngressClassName());
    }
    MetaLabels.addObjectMeta(group, ing.getMetadata(), Role.INGRESS);
    List<String> tlsHosts = new ArrayList<>();
    if (ing.getSpec() != null && ing.getSpec().getTls() != null) {
      for (IngressTLS tls : ing.getSpec().getTls()) {
        if (tls.getHosts() != null) tlsHosts.addAll(tls.getHosts());
      }
    }
    List<Labels> targets = new ArrayList<>();
    if (ing.getSpec() != null && ing.getSpec().getRules() != null) {
      for (IngressRule rule : ing.getSpec().getRules()) {
        String host = MetaLabels.nz(rule.getHost());
        String scheme = "http";
        for (String pattern : tlsHosts) {
          if (matchesHostnamePattern(pattern, host)) {
            scheme = "https";
            break;
          }
        }
        for (String path : paths(rule)) {
          Map<String, String> t = new HashMap<>();
          t.put(MetaLabels.ADDRESS, host);
          t.put(SCHEME, scheme);
          t.put(HOST, host);
          t.put(PATH, path);
          targets.add(Labels.fromMap(t));
        }
      }
    }
    return new TargetGroup(source(ns, ing.getMetadata().getName()), targets, Labels.fromMap(group));
  }

  /** The rule's paths, {@code /} for an empty path and a single {@code /} for a rule without HTTP paths. */
  private static List<String> paths(IngressRule rule) {
    if (rule.getHttp() == null || rule.getHttp().getPaths() == null) return List.of("/");
    List<String> out = new ArrayList<>();
    for (HTTPIngressPath p : rule.getHttp().getPaths()) {
      out.add(p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath());
    }
    return out;
  }

  /** An exact match, or a {@code *.} wildcard standing for exactly one leading DNS label. */
  static boolean matchesHostnamePattern(String pattern, String host) {
    if (pattern.equals(host)) return true;
    String[] pp = pattern.split("\\.", -1);
    String[] hp = host.split("\\.", -1);
    if (pp.length == 0 || !pp[0].equals("*") || pp.length != hp.length) return false;
    for (int i = 1; i < pp.length; i++) {
      if (!pp[i].equals(hp[i])) return false;
    }
    return true;
  }
}
