package io.hearth.node.otlp;

import io.hearth.scrape.config.OtlpConfig.TranslationStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a Prometheus metric name from an OTLP metric's name, unit and kind, as Prometheus 3's
 * OTLP translation does for each {@code otlp.translation_strategy}.
 *
 * <p>With escaping, the name is split on every character outside {@code [a-zA-Z0-9:]} (so runs of
 * underscores collapse), the unit's suffixes are appended unless already a token ({@code By/s} →
 * {@code bytes}, {@code per_second}; units in braces are annotations and add nothing), then
 * {@code total} for a monotonic sum and {@code ratio} for a gauge of unit {@code 1}, each moved
 * to the end; a name starting with a digit gets a leading {@code _}. Without escaping the name is
 * kept as sent and the same suffixes are appended unless it already ends with them. Stateless and
 * thread-safe.
 */
public final class MetricNamer {
  /** What the metric is, as far as naming goes. */
  public enum Kind { GAUGE, MONOTONIC_COUNTER, NON_MONOTONIC_COUNTER, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
      Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
      Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
      Map.entry("1", ""), Map.entry("%", "percent"));
  private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day",
      "w", "week", "mo", "month", "y", "year");

  private final TranslationStrategy strategy;

  public MetricNamer(TranslationStrategy strategy) {
    this.strategy = strategy;
  }

  /** The Prometheus name; empty when escaping leaves nothing (or only underscores) of it. */
  public String build(String name, String unit, Kind kind) {
    if (!strategy.escapes()) return strategy.addsSuffixes() ? withSuffixes(name, unit, kind) : name;
    String out = strategy.addsSuffixes() ? normalized(name, unit, kind) : escapedOnly(name);
    if (!out.equals(name) && out.chars().allMatch(c -> c == '_')) return "";
    return out;
  }

  private static String escapedOnly(String name) {
    String n = String.join("_", tokens(name, true));
    return !n.isEmpty() && Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }

  private static String normalized(String name, String unit, Kind kind) {
    List<String> tokens = tokens(name, false);
    String[] suffixes = unitSuffixes(unit);
    String main = cleanUnit(suffixes[0]);
    String per = cleanUnit(suffixes[1]);
    if (tokens.contains(main)) main = "";
    if (per.equals("per_")) {
      per = "";
    } else {
      if (per.endsWith("_")) per = per.substring(0, per.length() - 1);
      if (tokens.contains(per)) per = "";
    }
    if (!per.isEmpty() && main.endsWith("_")) main = main.substring(0, main.length() - 1);
    if (!main.isEmpty()) tokens.add(main);
    if (!per.isEmpty()) tokens.add(per);
    if (kind == Kind.MONOTONIC_COUNTER) {
      tokens.removeIf("total"::equals);
      tokens.add("total");
    }
    if ("1".equals(unit) && kind == Kind.GAUGE) {
      tokens.removeIf("ratio"::equals);
      tokens.add("ratio");
    }
    String n = String.join("_", tokens);
    return !n.isEmpty() && Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }

  private static String withSuffixes(String name, String unit, Kind kind) {
    String n = name;
    String[] suffixes = unitSuffixes(unit);
    boolean ratio = "1".equals(unit) && kind == Kind.GAUGE;
    boolean total = kind == Kind.MONOTONIC_COUNTER;
    if (ratio) n = trimSuffix(n, "ratio");
    if (total) n = trimSuffix(n, "total");
    if (!suffixes[1].isEmpty()) n = trimSuffix(n, suffixes[1]);
    if (!suffixes[0].isEmpty() && !n.endsWith(suffixes[0])) n = n + "_" + suffixes[0];
    if (!suffixes[1].isEmpty()) n = n + "_" + suffixes[1];
    if (total) n = n + "_total";
    if (ratio) n = n + "_ratio";
    return n;
  }

  /** Drops {@code suffix} and the one delimiter before it, when something is left. */
  private static String trimSuffix(String name, String suffix) {
    return name.endsWith(suffix) && name.length() > suffix.length() + 1
        ? name.substring(0, name.length() - suffix.length() - 1) : name;
  }

  /** {main, per}: the Prometheus words for the unit before and after {@code /}, empty when none. */
  static String[] unitSuffixes(String unit) {
    String main = "";
    String per = "";
    if (unit == null) return new String[] {main, per};
    int slash = unit.indexOf('/');
    String mainOtel = (slash < 0 ? unit : unit.substring(0, slash)).trim();
    if (!mainOtel.isEmpty() && !hasBraces(mainOtel)) main = UNITS.getOrDefault(mainOtel, mainOtel);
    if (slash >= 0 && slash + 1 < unit.length()) {
      String perOtel = unit.substring(slash + 1).trim();
      if (!perOtel.isEmpty() && !hasBraces(perOtel)) per = PER_UNITS.getOrDefault(perOtel, perOtel);
      if (!per.isEmpty()) per = "per_" + per;
    }
    return new String[] {main, per};
  }

  private static boolean hasBraces(String s) {
    return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
  }

  /** Invalid characters to {@code _}, runs of {@code _} to one, no leading {@code _}. */
  private static String cleanUnit(String unit) {
    StringBuilder b = new StringBuilder(unit.length());
    unit.codePoints().forEach(c -> {
      int r = isMetricChar(c) ? c : '_';
      if (r == '_' && b.length() > 0 && b.charAt(b.length() - 1) == '_') return;
      b.appendCodePoint(r);
    });
    return b.length() > 0 && b.charAt(0) == '_' ? b.substring(1) : b.toString();
  }

  /** The runs of name characters ({@code [a-zA-Z0-9:]}, and {@code _} when asked) in {@code s}. */
  private static List<String> tokens(String s, boolean underscoreIsNameChar) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (isMetricChar(c) || (underscoreIsNameChar && c == '_')) {
        cur.appendCodePoint(c);
      } else if (cur.length() > 0) {
        out.add(cur.toString());
        cur.setLength(0);
      }
    });
    if (cur.length() > 0) out.add(cur.toString());
    return out;
  }

  private static boolean isMetricChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':';
  }
}
