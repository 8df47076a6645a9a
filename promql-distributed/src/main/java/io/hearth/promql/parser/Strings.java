package io.hearth.promql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unquotes string literals as Prometheus's {@code strutil.Unquote}: double- and single-quoted
 * strings with Go escapes ({@code \n}, {@code \x41}, {@code \101}, {@code \u00e9}, {@code
 * \U0001F600}; {@code \"} only in double quotes, {@code \'} only in single quotes) and raw
 * back-quoted strings. Byte escapes that form invalid UTF-8 decode to U+FFFD.
 */
final class Strings {
  private Strings() {}

  /** @throws IllegalArgumentException {@code invalid syntax} for a malformed literal */
  static String unquote(String lit) {
    return new String(unquoteBytes(lit), StandardCharsets.UTF_8);
  }

  /**
   * The bytes of the Go string a literal denotes, which may be invalid UTF-8.
   *
   * @throws IllegalArgumentException {@code invalid syntax} for a malformed literal
   */
  static byte[] unquoteBytes(String lit) {
    if (lit.length() < 2) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = lit.charAt(0);
    if (lit.charAt(lit.length() - 1) != q) {
      throw new IllegalArgumentException("invalid syntax");
    }
    String body = lit.substring(1, lit.length() - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body.getBytes(StandardCharsets.UTF_8);
    }
    if (q != '"' && q != '\'') {
      throw new IllegalArgumentException("invalid syntax");
    }
    if (body.indexOf('\\') < 0 && body.indexOf(q) < 0) {
      return body.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      int c = body.codePointAt(i);
      if (c == q) {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        writeRune(out, c);
        i += Character.charCount(c);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a': out.write(7); break;
        case 'b': out.write('\b'); break;
        case 'f': out.write('\f'); break;
        case 'n': out.write('\n'); break;
        case 'r': out.write('\r'); break;
        case 't': out.write('\t'); break;
        case 'v': out.write(11); break;
        case '\\': out.write('\\'); break;
        case '\'':
        case '"':
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
          break;
        case 'x':
          out.write(hex(body, i, 2));
          i += 2;
          break;
        case 'u':
          writeRune(out, hex(body, i, 4));
          i += 4;
          break;
        case 'U':
          writeRune(out, hex(body, i, 8));
          i += 8;
          break;
        default:
          if (e >= '0' && e <= '7') {
            if (i + 2 > body.length()) {
              throw new IllegalArgumentException("invalid syntax");
            }
            int v = Integer.parseInt(body.substring(i - 1, i + 2), 8);
            if (v > 255) {
              throw new IllegalArgumentException("invalid syntax");
            }
            out.write(v);
            i += 2;
            break;
          }
          throw new IllegalArgumentException("invalid syntax");
      }
    }
    return out.toByteArray();
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    try {
      long v = Long.parseLong(s.substring(from, from + n), 16);
      if (v > Character.MAX_CODE_POINT) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid syntax");
    }
  }

  private static void writeRune(ByteArrayOutputStream out, int r) {
    byte[] b = new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }
}
