package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.config.ConfigException;
import io.hearth.sharding.api.text.GoQuote;
import java.util.regex.Pattern;

/**
 * A light check of Kubernetes label selector syntax ({@code app=x,tier!=db,env in (a,b),!legacy})
 * before the selector string is handed to the API server as is. It catches the common mistakes
 * (empty terms, bad key characters, unbalanced parentheses); the API server remains the final
 * judge. Stateless.
 */
final class LabelSelectorSyntax {
  private static final Pattern KEY = Pattern.compile("([a-z0-9A-Z.-]{1,253}/)?[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?");

  private LabelSelectorSyntax() {}

  /**
   * @throws ConfigException {@code unable to parse requirement: ...} naming the bad term
   */
  static void check(String s) {
    if (s == null || s.isBlank()) return;
    int depth = 0;
    StringBuilder term = new StringBuilder();
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ',';
      if (c == '(') depth++;
      if (c == ')') depth--;
      if (depth < 0) throw bad(s, "unexpected ')'");
      if (c == ',' && depth == 0) {
        checkTerm(s, term.toString().trim());
        term.setLength(0);
      } else {
        term.append(c);
      }
    }
    if (depth != 0) throw bad(s, "missing ')'");
  }

  private static void checkTerm(String all, String t) {
    if (t.isEmpty()) throw bad(all, "found ',', expected: !, identifier, or 'end of string'");
    String key;
    if (t.startsWith("!")) {
      key = t.substring(1).trim();
    } else {
      int op = indexOfAny(t, "!=<>");
      int sp = t.indexOf(' ');
      if (op < 0 && sp < 0) key = t;
      else if (sp >= 0 && (op < 0 || sp < op)) key = t.substring(0, sp);
      else key = t.substring(0, op);
    }
    if (!KEY.matcher(key.trim()).matches()) {
      throw bad(all, "invalid label key " + GoQuote.quote(key.trim()));
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) return i;
    }
    return -1;
  }

  private static ConfigException bad(String s, String why) {
    return new ConfigException("unable to parse requirement: " + why + " (selector " + GoQuote.quote(s) + ")");
  }
}
