package io.hearth.scrape.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A Kubernetes {@code metav1.LabelSelector} ({@code matchLabels} and {@code matchExpressions} with
 * {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), as used by ServiceMonitor and
 * PodMonitor selectors and the operator's monitor and namespace selectors. The empty selector
 * matches everything. Immutable.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** One {@code matchExpressions} entry. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }
  }

  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** {@code matchLabels} only. */
  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  /**
   * From the plain form of a resource (maps and lists as JSON gave them); null for a null input.
   *
   * @throws IllegalArgumentException on a malformed selector
   */
  @SuppressWarnings("unchecked")
  public static LabelSelector fromPlain(Object o) {
    if (o == null) return null;
    if (!(o instanceof Map)) throw new IllegalArgumentException("label selector must be an object, got " + o);
    Map<String, Object> m = (Map<String, Object>) o;
    Map<String, String> labels = new TreeMap<>();
    if (m.get("matchLabels") instanceof Map) {
      ((Map<String, Object>) m.get("matchLabels")).forEach((k, v) -> labels.put(k, v == null ? "" : v.toString()));
    }
    List<Requirement> reqs = new ArrayList<>();
    if (m.get("matchExpressions") instanceof List) {
      for (Object e : (List<Object>) m.get("matchExpressions")) {
        Map<String, Object> em = (Map<String, Object>) e;
        List<String> values = new ArrayList<>();
        if (em.get("values") instanceof List) {
          for (Object v : (List<Object>) em.get("values")) values.add(String.valueOf(v));
        }
        String op = String.valueOf(em.get("operator"));
        if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
          throw new IllegalArgumentException("\"" + op + "\" is not a valid label selector operator");
        }
        reqs.add(new Requirement(String.valueOf(em.get("key")), op, values));
      }
    }
    return new LabelSelector(labels, reqs);
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(l.get(e.getKey()))) return false;
    }
    for (Requirement r : matchExpressions) {
      String v = l.get(r.key());
      switch (r.operator()) {
        case "In":
          if (v == null || !r.values().contains(v)) return false;
          break;
        case "NotIn":
          if (v != null && r.values().contains(v)) return false;
          break;
        case "Exists":
          if (v == null) return false;
          break;
        case "DoesNotExist":
          if (v != null) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /** The selector in Kubernetes' string syntax ({@code a=b,c in (d,e),!f}), for {@code selectors[].label}. */
  public String toSelectorString() {
    StringJoiner j = new StringJoiner(",");
    matchLabels.forEach((k, v) -> j.add(k + "=" + v));
    for (Requirement r : matchExpressions) {
      switch (r.operator()) {
        case "In": j.add(r.key() + " in (" + String.join(",", new java.util.TreeSet<>(r.values())) + ")"); break;
        case "NotIn": j.add(r.key() + " notin (" + String.join(",", new java.util.TreeSet<>(r.values())) + ")"); break;
        case "Exists": j.add(r.key()); break;
        default: j.add("!" + r.key()); break;
      }
    }
    return j.toString();
  }
}
