package io.hearth.sharding.api.text;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} (the {@code %q} verb), so that messages and printed expressions match
 * Prometheus's byte for byte: printable runes stay, {@code \n}, {@code \t} and friends are escaped,
 * other non-printable runes become {@code \xNN}, {@code \\uNNNN} or {@code \\UNNNNNNNN}, and bytes
 * that are not part of valid UTF-8 (as Go's {@code utf8.DecodeRune} judges) become {@code \xNN}.
 */
public final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Runes Go escapes by name, and the letter after the backslash for each. */
  private static final String NAMED = "\"\\\u0007\b\f\n\r\t\u000b";
  private static final String NAMED_AS = "\"\\abfnrtv";

  private GoQuote() {}

  /** {@code %q} of a string; a lone surrogate (which no Go string holds) prints as {@code \ufffd}. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    appendQuoted(b, s);
    return b.toString();
  }

  /** {@code %q} of a Go string given as its bytes. */
  public static String quote(byte[] b) {
    return quote(b, 0, b.length);
  }

  /** {@code %q} of the Go string in {@code b[from, to)}. */
  public static String quote(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 2);
    appendQuoted(sb, b, from, to - from);
    return sb.toString();
  }

  /** Appends {@code %q} of a string, as {@link #quote(String)}. */
  public static void appendQuoted(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      appendRune(b, r);
    }
    b.append('"');
  }

  /** Appends {@code %q} of the Go string in {@code b[off, off + len)}. */
  public static void appendQuoted(StringBuilder sb, byte[] b, int off, int len) {
    sb.append('"');
    int end = off + len;
    for (int i = off; i < end; ) {
      int width = utf8Width(b, i, end);
      if (width == 0) {
        hex(sb.append("\\x"), b[i] & 0xff, 2);
        i++;
        continue;
      }
      appendRune(sb, width == 1 ? b[i] : new String(b, i, width, StandardCharsets.UTF_8).codePointAt(0));
      i += width;
    }
    sb.append('"');
  }

  /** The length of the valid UTF-8 sequence at {@code s[i]} before {@code end}, or 0 when it is not one. */
  private static int utf8Width(byte[] s, int i, int end) {
    int c = s[i] & 0xff;
    if (c < 0x80) {
      return 1;
    }
    int width;
    int lo = 0x80;
    int hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      width = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      width = 3;
      lo = c == 0xe0 ? 0xa0 : 0x80;
      hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
      width = 4;
      lo = c == 0xf0 ? 0x90 : 0x80;
      hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
      return 0;
    }
    if (i + width > end) {
      return 0;
    }
    for (int k = 1; k < width; k++) {
      int d = s[i + k] & 0xff;
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xbf)) {
        return 0;
      }
    }
    return width;
  }

  private static void appendRune(StringBuilder b, int r) {
    int named = NAMED.indexOf(r);
    if (named >= 0) {
      b.append('\\').append(NAMED_AS.charAt(named));
      return;
    }
    if (isPrint(r)) {
      b.appendCodePoint(r);
    } else if (r < ' ' || r == 0x7f) {
      hex(b.append("\\x"), r, 2);
    } else if (r >= 0xd800 && r <= 0xdfff) {
      b.append("\\ufffd");
    } else if (r < 0x10000) {
      hex(b.append("\\u"), r, 4);
    } else {
      hex(b.append("\\U"), r, 8);
    }
  }

  private static void hex(StringBuilder sb, int v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(v >>> shift) & 0xf]);
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    switch (Character.getType(r)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
      case Character.UNASSIGNED:
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
