package io.hearth.promql.parser;

import io.hearth.sharding.api.text.GoQuote;


/** Go's quoting verbs used in Prometheus's messages: {@code %q} of strings and runes and {@code %#U}. */
final class GoText {
  private GoText() {}

  /** {@code %q} of a string. */
  static String quote(String s) {
    return GoQuote.quote(s);
  }

  /** {@code %q} of a rune: {@code 'x'}, {@code '\n'}, {@code '\''}. */
  static String quoteRune(int r) {
    if (r < 0) {
      r = 0xFFFD;
    }
    if (r == '\'') {
      return "'\\''";
    }
    if (r == '"') {
      return "'\"'";
    }
    String q = GoQuote.quote(new String(Character.toChars(r)));
    return "'" + q.substring(1, q.length() - 1) + "'";
  }

  /** {@code %#U}: {@code U+0071 'q'}, or just {@code U+000A} for a non-printable rune. */
  static String unicode(int r) {
    String hex = Integer.toHexString(r).toUpperCase(java.util.Locale.ROOT);
    StringBuilder b = new StringBuilder("U+");
    b.append("0".repeat(Math.max(0, 4 - hex.length()))).append(hex);
    String q = GoQuote.quote(new String(Character.toChars(r)));
    if (q.length() == 2 + Character.charCount(r)) {
      b.append(" '").appendCodePoint(r).append('\'');
    }
    return b.toString();
  }
}
