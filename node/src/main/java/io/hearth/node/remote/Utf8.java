package io.hearth.node.remote;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 over byte ranges, as Go's {@code utf8.Valid}: no overlong forms, no surrogate
 * halves, nothing above U+10FFFF. Java's own decoder replaces bad input silently, which would change
 * a series' identity, so labels are checked here before they become strings.
 */
final class Utf8 {
  private Utf8() {}

  static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    // Label names and most values are ASCII: skip that run first.
    while (i < end && b[i] >= 0) {
      i++;
    }
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
      } else if (c < 0xc2) {
        return false;
      } else if (c < 0xe0) {
        if (end - i < 2 || !cont(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xf0) {
        if (end - i < 3 || !cont(b[i + 1]) || !cont(b[i + 2])) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) {
          return false;
        }
        i += 3;
      } else if (c < 0xf5) {
        if (end - i < 4 || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean cont(byte b) {
    return (b & 0xc0) == 0x80;
  }

  /**
   * Label strings seen recently, direct-mapped by a hash of their bytes. Remote write repeats every
   * series' labels in every request: the same names and values arrive thousands of times a second.
   * Answering from here allocates nothing on a hit, and series created from it share their strings.
   * Lossy and racy by design: a slot holds whichever string was stored last (Strings are immutable
   * and safely published through their final fields), a miss just decodes. 64 Ki slots of ASCII
   * strings up to 128 bytes: a few MiB at most, shared by every thread.
   */
  private static final int CACHE_BITS = 16;
  private static final int MAX_CACHED_LENGTH = 128;
  private static final String[] CACHE = new String[1 << CACHE_BITS];

  /** Decodes a range already known to be valid UTF-8. */
  static String decode(byte[] b, int off, int len) {
    if (len == 0) {
      return "";
    }
    if (len > MAX_CACHED_LENGTH) {
      return isAscii(b, off, len)
          ? new String(b, off, len, StandardCharsets.ISO_8859_1)
          : new String(b, off, len, StandardCharsets.UTF_8);
    }
    int h = 0x811c9dc5;
    boolean ascii = true;
    for (int i = off, end = off + len; i < end; i++) {
      byte c = b[i];
      ascii &= c >= 0;
      h = (h ^ c) * 0x01000193;
    }
    if (!ascii) {
      return new String(b, off, len, StandardCharsets.UTF_8);
    }
    int slot = (h ^ (h >>> CACHE_BITS)) & ((1 << CACHE_BITS) - 1);
    String cached = CACHE[slot];
    if (cached != null && sameAscii(cached, b, off, len)) {
      return cached;
    }
    String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
    CACHE[slot] = s;
    return s;
  }

  private static boolean sameAscii(String s, byte[] b, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** Decodes leniently (bad bytes become U+FFFD); for help texts and other non-identity strings. */
  static String decodeLenient(byte[] b, int off, int len) {
    return len == 0 ? "" : new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** Compares two ranges as unsigned bytes, which is Go's string order and the spec's sort order. */
  static int compare(byte[] b, int off1, int len1, int off2, int len2) {
    int n = Math.min(len1, len2);
    for (int i = 0; i < n; i++) {
      int c = (b[off1 + i] & 0xff) - (b[off2 + i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return len1 - len2;
  }
}
