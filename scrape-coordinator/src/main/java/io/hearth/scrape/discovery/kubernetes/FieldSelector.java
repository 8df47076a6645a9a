package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code spec.nodeName=n1,status.phase!=Failed}) split into terms, as
 * {@code fields.ParseSelector} accepts it: comma-separated {@code key=value}, {@code key==value} or
 * {@code key!=value}; backslash escapes {@code ,}, {@code =} and {@code !}. Immutable.
 */
public record FieldSelector(List<Term> terms) {
  /** One requirement: the field equals (or, when {@code negated}, differs from) the value. */
  public record Term(String field, String value, boolean negated) {}

  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  public FieldSelector {
    terms = List.copyOf(terms);
  }

  /**
   * @throws ConfigException {@code invalid selector: 'x'; can't understand 'y'} for a term without
   *     an operator, as Kubernetes words it
   */
  public static FieldSelector parse(String s) {
    if (s == null || s.isBlank()) return EVERYTHING;
    List<Term> out = new ArrayList<>();
    for (String part : splitUnescaped(s)) {
      if (part.isEmpty()) continue;
      int[] op = findOperator(part);
      if (op == null) throw new ConfigException("invalid selector: '" + s + "'; can't understand '" + part + "'");
      String field = unescape(part.substring(0, op[0]));
      String value = unescape(part.substring(op[0] + op[1]));
      boolean negated = part.charAt(op[0]) == '!';
      out.add(new Term(field, value, negated));
    }
    return new FieldSelector(out);
  }

  private static List<String> splitUnescaped(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /** Position and length of the first unescaped {@code !=}, {@code ==} or {@code =}; null if none. */
  private static int[] findOperator(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '!' && i + 1 < p.length() && p.charAt(i + 1) == '=') return new int[] {i, 2};
      if (c == '=') return new int[] {i, i + 1 < p.length() && p.charAt(i + 1) == '=' ? 2 : 1};
    }
    return null;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
      b.append(c);
    }
    return b.toString();
  }
}
