package io.hearth.node.api;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which family header a federated float series goes under when {@code /federate} writes metadata:
 * the series' own family when the metadata knows its name (a counter, a gauge, a summary's
 * quantiles), a counter's family for {@code <name>_total} when the metadata knows {@code <name>}
 * as a counter (OpenMetrics names), and for {@code <base>_bucket}, {@code _sum} and {@code _count}
 * the family {@code <base>} when the metadata knows it as a histogram (or, but {@code _bucket}, a
 * summary). A series the metadata does not cover stays {@code untyped} without help, as without
 * the flag.
 *
 * <p>Types are written as the text format 0.0.4 knows them: {@code counter}, {@code gauge}, {@code
 * histogram}, {@code summary}; every other type (unknown, info, stateset, gaugehistogram) as {@code
 * untyped}, with its help. Immutable.
 */
final class FamilyTypes {
  /** A header: the family's name as written, its text type, its help (may be empty). */
  record Header(String family, String type, String help) {
    /** Whether the series named {@code series} is the family's own sample (not a histogram's or summary's part). */
    boolean whole(String series) {
      return type.equals("counter") || type.equals("gauge") || type.equals("untyped")
          || (type.equals("summary") && family.equals(series));
    }
  }

  /** No metadata: every series untyped without help. */
  static final FamilyTypes NONE = new FamilyTypes(Map.of());

  private static final String[] PARTS = {"_bucket", "_sum", "_count"};

  private final Map<String, Header> bySeriesName;

  private FamilyTypes(Map<String, Header> bySeriesName) {
    this.bySeriesName = bySeriesName;
  }

  /** The headers of {@code series}' names, from one lookup of every family name they could belong to. */
  static FamilyTypes of(List<FederateApi.Latest> series, FederateApi.MetadataSource source) {
    Set<String> names = new LinkedHashSet<>();
    for (FederateApi.Latest s : series) names.add(s.name());
    Set<String> wanted = new LinkedHashSet<>(names);
    for (String n : names) {
      String base = base(n);
      if (base != null) wanted.add(base);
      if (n.endsWith("_total")) wanted.add(n.substring(0, n.length() - "_total".length()));
    }
    Map<String, FederateApi.Family> known = source.families(wanted);
    Map<String, Header> out = new HashMap<>();
    for (String n : names) {
      Header h = resolve(n, known);
      if (h != null) out.put(n, h);
    }
    return new FamilyTypes(out);
  }

  /** The header of the series named {@code name}, or null when the metadata does not cover it. */
  Header of(String name) {
    return bySeriesName.get(name);
  }

  private static Header resolve(String name, Map<String, FederateApi.Family> known) {
    String base = base(name);
    FederateApi.Family f = base == null ? null : known.get(base);
    if (f != null && (f.type().equals("histogram") || (f.type().equals("summary") && !name.endsWith("_bucket")))) {
      return new Header(base, f.type(), f.help());
    }
    f = known.get(name);
    if (f != null) return new Header(name, textType(f.type()), f.help());
    if (name.endsWith("_total")) {
      f = known.get(name.substring(0, name.length() - "_total".length()));
      if (f != null && f.type().equals("counter")) return new Header(name, "counter", f.help());
    }
    return null;
  }

  /** {@code name} without its histogram or summary part suffix; null when it has none. */
  private static String base(String name) {
    for (String p : PARTS) {
      if (name.endsWith(p) && name.length() > p.length()) return name.substring(0, name.length() - p.length());
    }
    return null;
  }

  private static String textType(String type) {
    return switch (type) {
      case "counter", "gauge", "histogram", "summary" -> type;
      default -> "untyped";
    };
  }
}
