package io.hearth.scrape.relabel;

import com.google.re2j.Matcher;

/**
 * Go's {@code Regexp.Expand}: {@code $name} and {@code ${name}} are replaced by the named or
 * numbered group, where a name is the <em>longest</em> run of letters, digits and underscores
 * ({@code $1x} means group {@code 1x}, which does not exist and expands to nothing). {@code $$} is
 * a literal {@code $}; a malformed reference ({@code $} followed by nothing usable, an unclosed
 * brace) is kept literally. Unknown groups, groups out of range and groups that did not
 * participate expand to the empty string. Numbers with leading zeros are names, not indices.
 */
final class RegexTemplate {
  private RegexTemplate() {}

  static String expand(String template, RelabelRegex regex, Matcher m) {
    int dollar = template.indexOf('$');
    if (dollar < 0) return template;
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    int n = template.length();
    while (i < n) {
      int d = template.indexOf('$', i);
      if (d < 0) break;
      out.append(template, i, d);
      i = d + 1;
      if (i < n && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      // extract name
      boolean brace = false;
      int p = i;
      if (p < n && template.charAt(p) == '{') {
        brace = true;
        p++;
      }
      int nameStart = p;
      while (p < n) {
        int cp = template.codePointAt(p);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') break;
        p += Character.charCount(cp);
      }
      if (p == nameStart || (brace && (p >= n || template.charAt(p) != '}'))) {
        out.append('$'); // malformed: keep the dollar, continue after it
        continue;
      }
      String name = template.substring(nameStart, p);
      if (brace) p++;
      i = p;
      int group = groupNumber(name);
      if (group < 0) group = regex.groupIndex(name);
      if (group >= 0 && group <= m.groupCount()) {
        String g = m.group(group);
        if (g != null) out.append(g);
      }
    }
    if (i < n) out.append(template, i, n);
    return out.toString();
  }

  /** The group number a name denotes, or -1 when it is not a plain number (or has a leading zero). */
  private static int groupNumber(String name) {
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || num >= 100_000_000) return -1;
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) return -1;
    return num;
  }
}
