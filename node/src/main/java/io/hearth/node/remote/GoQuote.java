package io.hearth.node.remote;

/**
 * Renders label sets the way Prometheus's {@code labels.Labels.String()} does, for error texts:
 * {@code {__name__="up", "a.b"="x"}}, names quoted unless they are legacy names, values always
 * quoted as Go's {@code strconv.Quote} does (bad UTF-8 bytes as {@code \xff}). Slow path only.
 */
final class GoQuote {
  private GoQuote() {}

  static void appendQuoted(StringBuilder sb, byte[] b, int off, int len) {
    sb.append('"');
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        appendAscii(sb, c);
        i++;
        continue;
      }
      int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (c < 0xc2 || c >= 0xf5 || end - i < n || !Utf8.isValid(b, i, n)) {
        hex(sb.append("\\x"), c, 2);
        i++;
        continue;
      }
      String s = new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8);
      int cp = s.codePointAt(0);
      if (printable(cp)) {
        sb.append(s);
      } else if (cp < 0x10000) {
        hex(sb.append("\\u"), cp, 4);
      } else {
        hex(sb.append("\\U"), cp, 8);
      }
      i += n;
    }
    sb.append('"');
  }

  static void appendQuoted(StringBuilder sb, String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    appendQuoted(sb, b, 0, b.length);
  }

  private static void appendAscii(StringBuilder sb, int c) {
    switch (c) {
      case 7: sb.append("\\a"); return;
      case '\b': sb.append("\\b"); return;
      case '\f': sb.append("\\f"); return;
      case '\n': sb.append("\\n"); return;
      case '\r': sb.append("\\r"); return;
      case '\t': sb.append("\\t"); return;
      case 11: sb.append("\\v"); return;
      case '\\': sb.append("\\\\"); return;
      case '"': sb.append("\\\""); return;
      default:
        if (c < 0x20 || c == 0x7f) {
          hex(sb.append("\\x"), c, 2);
        } else {
          sb.append((char) c);
        }
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and U+0020. */
  private static boolean printable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.UNASSIGNED:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  private static void hex(StringBuilder sb, int v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((v >>> shift) & 0xf, 16));
    }
  }
}
