package io.hearth.promql.promqltest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's {@code strconv.Unquote} for the two forms scripts use: "double quoted" and `raw`. */
final class GoStrings {
  private GoStrings() {}

  /** @throws IllegalArgumentException when {@code s} is not one well-formed literal */
  static String unquote(String s) {
    if (s.length() < 2) throw new IllegalArgumentException("too short");
    char q = s.charAt(0);
    if (s.charAt(s.length() - 1) != q) throw new IllegalArgumentException("unterminated");
    String body = s.substring(1, s.length() - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) throw new IllegalArgumentException("backquote inside raw string");
      return body.replace("\r", "");
    }
    if (q != '"') throw new IllegalArgumentException("not a string literal");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '"' || c == '\n') throw new IllegalArgumentException("unescaped " + c);
      if (c != '\\') {
        int cp = body.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        if (Character.charCount(cp) == 2) i++;
        continue;
      }
      if (++i >= body.length()) throw new IllegalArgumentException("trailing backslash");
      char e = body.charAt(i);
      switch (e) {
        case 'a': out.write(7); break;
        case 'b': out.write('\b'); break;
        case 'f': out.write('\f'); break;
        case 'n': out.write('\n'); break;
        case 'r': out.write('\r'); break;
        case 't': out.write('\t'); break;
        case 'v': out.write(11); break;
        case '\\': out.write('\\'); break;
        case '"': out.write('"'); break;
        case '\'': throw new IllegalArgumentException("\\' in a double-quoted string");
        case 'x': out.write(hex(body, i + 1, 2)); i += 2; break;
        case 'u': rune(out, hex(body, i + 1, 4)); i += 4; break;
        case 'U': rune(out, hex(body, i + 1, 8)); i += 8; break;
        default:
          if (e >= '0' && e <= '7') {
            if (i + 3 > body.length()) throw new IllegalArgumentException("short octal escape");
            out.write(Integer.parseInt(body.substring(i, i + 3), 8));
            i += 2;
          } else {
            throw new IllegalArgumentException("unknown escape \\" + e);
          }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) throw new IllegalArgumentException("short hex escape");
    return Integer.parseInt(s.substring(from, from + n), 16);
  }

  private static void rune(ByteArrayOutputStream out, int cp) {
    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
  }
}
