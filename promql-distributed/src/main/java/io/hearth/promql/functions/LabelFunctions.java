package io.hearth.promql.functions;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.hearth.promql.engine.PromQLException;

/**
 * {@code label_replace} and {@code label_join} helpers: argument validation with Prometheus's
 * messages and Go-style template expansion ({@code $1}, {@code ${name}}).
 */
public final class LabelFunctions {
  private LabelFunctions() {}

  /** Compiles the fully anchored regex of {@code label_replace}. */
  public static Pattern compileReplaceRegex(String regex) {
    try {
      return Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw PromQLException.execution("invalid regular expression in label_replace(): " + regex);
    }
  }

  /** Whether {@code name} is a valid label name (UTF-8 names are allowed in 3.x: any non-empty valid string). */
  public static boolean isValidLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (c == '\uFFFD') {
        return false;
      }
    }
    return true;
  }

  /** Expands {@code template} with the groups of a successful match, as Go's {@code Regexp.ExpandString}. */
  public static String expand(String template, Matcher m, Pattern p) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char d = template.charAt(i + 1);
      if (d == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (d == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
        if (!isGroupName(name)) {
          out.append(c);
          i++;
          continue;
        }
      } else {
        int k = i + 1;
        while (k < n && isNameChar(template.charAt(k))) {
          k++;
        }
        if (k == i + 1) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 1, k);
        end = k;
      }
      out.append(group(m, p, name));
      i = end;
    }
    return out.toString();
  }

  private static boolean isGroupName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isNameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String group(Matcher m, Pattern p, String name) {
    boolean numeric = true;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        numeric = false;
        break;
      }
    }
    String g = null;
    if (numeric) {
      try {
        int k = Integer.parseInt(name);
        if (k <= m.groupCount()) {
          g = m.group(k);
        }
      } catch (NumberFormatException e) {
        return "";
      }
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }
}
