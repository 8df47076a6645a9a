package io.hearth.node.template;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.hearth.sharding.api.text.PromDuration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Go's template built-ins ({@code and or not len index print printf println eq ne lt le gt ge html
 * js urlquery}) and Prometheus's template functions ({@code query first label value strvalue
 * sortByLabel args reReplaceAll match title toUpper toLower safeHtml stripPort stripDomain
 * graphLink tableLink humanize humanize1024 humanizeDuration humanizePercentage
 * humanizeTimestamp toTime parseDuration pathPrefix externalURL}). Results and errors follow
 * Prometheus's {@code template} package. Thread-safe if the {@link QueryFunc} is.
 */
public final class Functions {
  private static final Set<String> NAMES = Set.of("and", "or", "not", "len", "index", "print", "printf", "println", "eq",
      "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "slice", "call", "query", "first", "label", "value",
      "strvalue", "sortByLabel", "args", "reReplaceAll", "match", "title", "toUpper", "toLower", "safeHtml",
      "stripPort", "stripDomain", "graphLink", "tableLink", "humanize", "humanize1024", "humanizeDuration",
      "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration", "parseDuration", "pathPrefix", "externalURL");

  private static final Functions PARSE_ONLY = new Functions(null, "");

  private final QueryFunc query;
  private final String externalUrl;

  /** Functions whose {@code query} runs through {@code query} (null: {@code query} fails). */
  public Functions(QueryFunc query, String externalUrl) {
    this.query = query;
    this.externalUrl = externalUrl == null ? "" : externalUrl;
  }

  /** Functions good for parsing (names known) and for templates that do not query. */
  public static Functions parseOnly() {
    return PARSE_ONLY;
  }

  Set<String> names() {
    return NAMES;
  }

  /** A function's error, worded as Go's template package reports it after {@code at <...>: }. */
  static final class CallError extends Exception {
    CallError(String msg) {
      super(msg, null, false, false);
    }
  }

  Object call(String fn, List<Object> a) throws CallError {
    switch (fn) {
      case "not": arity(fn, a, 1); return !GoValues.truth(a.get(0));
      case "len": return len(a);
      case "index": return index(a);
      case "print": return GoValues.sprintAll(a);
      case "println": return GoValues.sprintln(a);
      case "printf": {
        if (a.isEmpty()) throw new CallError("wrong number of args for printf: want at least 1 got 0");
        return GoValues.sprintf(str(fn, a.get(0)), a.subList(1, a.size()));
      }
      case "eq": return eq(a);
      case "ne": arity(fn, a, 2); return !equal(a.get(0), a.get(1));
      case "lt": arity(fn, a, 2); return compare(a.get(0), a.get(1)) < 0;
      case "le": arity(fn, a, 2); return compare(a.get(0), a.get(1)) <= 0;
      case "gt": arity(fn, a, 2); return compare(a.get(0), a.get(1)) > 0;
      case "ge": arity(fn, a, 2); return compare(a.get(0), a.get(1)) >= 0;
      case "html": return htmlEscape(GoValues.sprintAll(a));
      case "js": return jsEscape(GoValues.sprintAll(a));
      case "urlquery": return URLEncoder.encode(GoValues.sprintAll(a), StandardCharsets.UTF_8);
      case "slice":
      case "call":
        throw new CallError("error calling " + fn + ": not supported in rule templates");
      case "query": arity(fn, a, 1); return query(str(fn, a.get(0)));
      case "first": {
        arity(fn, a, 1);
        List<?> l = results(fn, a.get(0));
        if (l.isEmpty()) throw new CallError("error calling first: first() called on vector with no elements");
        return l.get(0);
      }
      case "label": {
        arity(fn, a, 2);
        String name = str(fn, a.get(0));
        QuerySample s = sample(fn, a.get(1));
        if (s == null) return "";
        String v = s.labels().get(name);
        return v == null ? "" : v;
      }
      case "value": arity(fn, a, 1); return sample(fn, a.get(0)).value();
      case "strvalue": {
        arity(fn, a, 1);
        String v = sample(fn, a.get(0)).labels().get("__value__");
        return v == null ? "" : v;
      }
      case "sortByLabel": {
        arity(fn, a, 2);
        String name = str(fn, a.get(0));
        List<QuerySample> l = new ArrayList<>();
        for (Object o : results(fn, a.get(1))) l.add((QuerySample) o);
        l.sort(Comparator.comparing(q -> q.labels().getOrDefault(name, "")));
        return l;
      }
      case "args": {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < a.size(); k++) m.put("arg" + k, a.get(k));
        return m;
      }
      case "reReplaceAll": {
        arity(fn, a, 3);
        return regex(fn, str(fn, a.get(0))).matcher(str(fn, a.get(2))).replaceAll(goReplacement(str(fn, a.get(1))));
      }
      case "match": {
        arity(fn, a, 2);
        return regex(fn, str(fn, a.get(0))).matcher(str(fn, a.get(1))).find();
      }
      case "title": arity(fn, a, 1); return title(str(fn, a.get(0)));
      case "toUpper": arity(fn, a, 1); return str(fn, a.get(0)).toUpperCase(java.util.Locale.ROOT);
      case "toLower": arity(fn, a, 1); return str(fn, a.get(0)).toLowerCase(java.util.Locale.ROOT);
      case "safeHtml": arity(fn, a, 1); return str(fn, a.get(0));
      case "stripPort": arity(fn, a, 1); return stripPort(str(fn, a.get(0)));
      case "stripDomain": arity(fn, a, 1); return stripDomain(str(fn, a.get(0)));
      case "graphLink": arity(fn, a, 1); return "/graph?g0.expr=" + queryEscape(str(fn, a.get(0))) + "&g0.tab=0";
      case "tableLink": arity(fn, a, 1); return "/graph?g0.expr=" + queryEscape(str(fn, a.get(0))) + "&g0.tab=1";
      case "pathPrefix": arity(fn, a, 0); return pathPrefix();
      case "externalURL": arity(fn, a, 0); return externalUrl;
      case "parseDuration": {
        arity(fn, a, 1);
        try {
          return PromDuration.parseConfig(str(fn, a.get(0))).toMillis() / 1000.0;
        } catch (IllegalArgumentException e) {
          throw new CallError("error calling parseDuration: " + e.getMessage());
        }
      }
      default:
        return Humanize.call(fn, a);
    }
  }

  private static void arity(String fn, List<Object> a, int n) throws CallError {
    if (a.size() != n) throw new CallError("wrong number of args for " + fn + ": want " + n + " got " + a.size());
  }

  static String str(String fn, Object o) throws CallError {
    if (o instanceof String s) return s;
    throw new CallError("wrong type for value; expected string; got " + GoValues.typeName(o));
  }

  private static List<?> results(String fn, Object o) throws CallError {
    if (o instanceof List<?> l) return l;
    throw new CallError("wrong type for value; expected template.queryResult; got " + GoValues.typeName(o));
  }

  private static QuerySample sample(String fn, Object o) throws CallError {
    if (o == null || o instanceof QuerySample) return (QuerySample) o;
    throw new CallError("wrong type for value; expected *template.sample; got " + GoValues.typeName(o));
  }

  private List<QuerySample> query(String expr) throws CallError {
    if (query == null) throw new CallError("error calling query: no query engine");
    try {
      return query.query(expr);
    } catch (Exception e) {
      throw new CallError("error calling query: " + e.getMessage());
    }
  }

  private static Pattern regex(String fn, String re) throws CallError {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new CallError("error calling " + fn + ": error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
    }
  }

  /** Go's {@code $1}/{@code ${1}}/{@code ${name}} expansion, in re2j's replacement syntax. */
  private static String goReplacement(String repl) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < repl.length(); k++) {
      char c = repl.charAt(k);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '$' && k + 1 < repl.length() && repl.charAt(k + 1) == '$') {
        sb.append("\\$");
        k++;
      } else if (c == '$' && k + 1 < repl.length() && repl.charAt(k + 1) == '{') {
        int end = repl.indexOf('}', k);
        if (end < 0) {
          sb.append("\\$");
          continue;
        }
        String ref = repl.substring(k + 2, end);
        sb.append(ref.chars().allMatch(Character::isDigit) ? "$" + ref : "${" + ref + "}");
        k = end;
      } else if (c == '$' && k + 1 < repl.length() && (Character.isLetterOrDigit(repl.charAt(k + 1)) || repl.charAt(k + 1) == '_')) {
        int end = k + 1;
        while (end < repl.length() && (Character.isLetterOrDigit(repl.charAt(end)) || repl.charAt(end) == '_')) end++;
        String ref = repl.substring(k + 1, end);
        sb.append(ref.chars().allMatch(Character::isDigit) ? "$" + ref : "${" + ref + "}");
        k = end - 1;
      } else if (c == '$') {
        sb.append("\\$");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Go's deprecated {@code strings.Title}: upper-cases the first letter of every word. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int prev = ' ';
    for (int k = 0; k < s.length(); ) {
      int cp = s.codePointAt(k);
      boolean sep = isSeparator(prev);
      sb.appendCodePoint(sep ? Character.toTitleCase(cp) : cp);
      prev = cp;
      k += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean isSeparator(int r) {
    if (r <= 0x7F) {
      return !(Character.isLetterOrDigit(r) || r == '_');
    }
    if (Character.isLetter(r) || Character.isDigit(r)) return false;
    return Character.isWhitespace(r);
  }

  private static String stripPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) return hostPort;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      if (end < 0 || end + 1 != colon) return hostPort;
      return hostPort.substring(1, end);
    }
    if (hostPort.indexOf(':') != colon) return hostPort;
    return hostPort.substring(0, colon);
  }

  private static String stripDomain(String hostPort) {
    String host = hostPort;
    String port = "";
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && hostPort.indexOf(':') == colon) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
    } else if (colon >= 0 && hostPort.startsWith("[")) {
      return hostPort;
    }
    if (host.matches("[0-9.]+") || host.contains(":")) return hostPort;
    int dot = host.indexOf('.');
    if (dot >= 0) host = host.substring(0, dot);
    return port.isEmpty() ? host : host + ":" + port;
  }

  private static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  private String pathPrefix() {
    try {
      String p = java.net.URI.create(externalUrl).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static long len(List<Object> a) throws CallError {
    arity("len", a, 1);
    Object o = a.get(0);
    if (o instanceof String s) return s.getBytes(StandardCharsets.UTF_8).length;
    if (o instanceof List<?> l) return l.size();
    if (o instanceof Map<?, ?> m) return m.size();
    throw new CallError("error calling len: len of type " + GoValues.typeName(o));
  }

  private static Object index(List<Object> a) throws CallError {
    if (a.isEmpty()) throw new CallError("wrong number of args for index: want at least 1 got 0");
    Object v = a.get(0);
    for (int k = 1; k < a.size(); k++) {
      Object key = a.get(k);
      if (v instanceof Map<?, ?> m) {
        Object got = m.get(key instanceof String ? key : GoValues.sprint(key));
        v = got == null && (m.isEmpty() || m.values().iterator().next() instanceof String) ? "" : got;
      } else if (v instanceof List<?> l && key instanceof Long i) {
        if (i < 0 || i >= l.size()) throw new CallError("error calling index: index out of range: " + i);
        v = l.get(i.intValue());
      } else {
        throw new CallError("error calling index: can't index item of type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private static boolean eq(List<Object> a) throws CallError {
    if (a.size() < 2) throw new CallError("wrong number of args for eq: want at least 2 got " + a.size());
    for (int k = 1; k < a.size(); k++) if (equal(a.get(0), a.get(k))) return true;
    return false;
  }

  private static boolean equal(Object x, Object y) throws CallError {
    if (x == null || y == null) return x == y;
    if (x.getClass() != y.getClass()) throw new CallError("error calling eq: incompatible types for comparison");
    if (x instanceof Map || x instanceof List || x instanceof TemplateStruct) {
      throw new CallError("error calling eq: non-comparable type " + GoValues.sprint(x) + ": " + GoValues.typeName(x));
    }
    return x.equals(y);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object x, Object y) throws CallError {
    if (x == null || y == null || x.getClass() != y.getClass()) {
      throw new CallError("error calling lt: incompatible types for comparison");
    }
    if (x instanceof Comparable c && !(x instanceof Boolean)) return c.compareTo(y);
    throw new CallError("error calling lt: invalid type for comparison");
  }

  private static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': sb.append("&#34;"); break;
        case '\'': sb.append("&#39;"); break;
        case '&': sb.append("&amp;"); break;
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case 0: sb.append("\uFFFD"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String jsEscape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\': sb.append("\\\\"); break;
        case '\'': sb.append("\\'"); break;
        case '"': sb.append("\\\""); break;
        case '<': sb.append("\\u003C"); break;
        case '>': sb.append("\\u003E"); break;
        case '&': sb.append("\\u0026"); break;
        case '=': sb.append("\\u003D"); break;
        default:
          if (c < ' ') sb.append(String.format("\\u%04X", (int) c));
          else sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Time formatting for {@code humanizeTimestamp}: Go's {@code time.Time.String()} in UTC. */
  static String goTime(double seconds) {
    // Prometheus converts through model.Time: nanoseconds truncated to milliseconds.
    long ms = Math.floorDiv((long) (seconds * 1e9), 1_000_000L);
    Instant t = Instant.ofEpochMilli(ms);
    String base = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
    long frac = Math.floorMod(ms, 1000L);
    String f = frac == 0 ? "" : "." + String.format("%03d", frac).replaceAll("0+$", "");
    return base + f + " +0000 UTC";
  }

  /** Names, sorted: for documentation and tests. */
  public static Set<String> all() {
    return new TreeSet<>(NAMES);
  }
}
