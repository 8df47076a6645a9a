package io.hearth.scrape.gofmt;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} (the {@code %q} verb), so that messages match Prometheus's byte for
 * byte: printable runes stay, {@code \n}, {@code \t} and friends are escaped, invalid UTF-8 bytes
 * become {@code \xNN}, other non-printable runes {@code \\uNNNN} or {@code \\UNNNNNNNN}.
 */
public final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuote() {}

  public static String quote(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return quote(b, 0, b.length);
  }

  public static String quote(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 2);
    sb.append('"');
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      int cp;
      int width;
      if (c < 0x80) {
        cp = c;
        width = 1;
      } else {
        cp = -1;
        width = 1;
        int need;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
          need = 1;
          cp = c & 0x1f;
          min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
          need = 2;
          cp = c & 0x0f;
          min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
          need = 3;
          cp = c & 0x07;
          min = 0x10000;
        } else {
          need = -1;
          min = 0;
        }
        if (need > 0) {
          boolean ok = true;
          for (int k = 1; k <= need; k++) {
            if (i + k >= to || ((b[i + k] & 0xc0) != 0x80)) {
              ok = false;
              break;
            }
            cp = (cp << 6) | (b[i + k] & 0x3f);
          }
          if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
            width = need + 1;
          } else {
            cp = -1;
          }
        }
      }
      if (cp < 0) {
        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        i += 1;
        continue;
      }
      appendRune(sb, cp);
      i += width;
    }
    sb.append('"');
    return sb.toString();
  }

  private static void appendRune(StringBuilder sb, int cp) {
    switch (cp) {
      case '"': sb.append("\\\""); return;
      case '\\': sb.append("\\\\"); return;
      case 7: sb.append("\\a"); return;
      case '\b': sb.append("\\b"); return;
      case '\f': sb.append("\\f"); return;
      case '\n': sb.append("\\n"); return;
      case '\r': sb.append("\\r"); return;
      case '\t': sb.append("\\t"); return;
      case 11: sb.append("\\v"); return;
      default:
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
    } else if (cp < 0x80 || cp == 0x7f) {
      sb.append("\\x").append(HEX[(cp >> 4) & 0xf]).append(HEX[cp & 0xf]);
    } else if (cp < 0x10000) {
      sb.append("\\u");
      for (int s = 12; s >= 0; s -= 4) sb.append(HEX[(cp >> s) & 0xf]);
    } else {
      sb.append("\\U");
      for (int s = 28; s >= 0; s -= 4) sb.append(HEX[(cp >> s) & 0xf]);
    }
  }

  /** Approximates Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') return true;
    if (cp < 0x20 || cp == 0x7f) return false;
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.UNASSIGNED:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
