package io.hearth.node.remote;

import java.util.Arrays;

/**
 * The 2.0 request's symbols as byte ranges of the body, turned into strings lazily and at most once
 * per request. Reused across requests; {@link #clear()} drops the strings so none outlive a request.
 */
final class SymbolTable {
  private static final byte UNKNOWN = 0;
  private static final byte VALID = 1;
  private static final byte INVALID = 2;

  private byte[] buf;
  private int count;
  private int[] off = new int[64];
  private int[] len = new int[64];
  private byte[] state = new byte[64];
  private String[] strings = new String[64];

  void reset(byte[] buf) {
    clear();
    this.buf = buf;
  }

  void clear() {
    Arrays.fill(strings, 0, count, null);
    Arrays.fill(state, 0, count, UNKNOWN);
    count = 0;
    buf = null;
  }

  void add(int offset, int length) {
    if (count == off.length) {
      int n = count * 2;
      off = Arrays.copyOf(off, n);
      len = Arrays.copyOf(len, n);
      state = Arrays.copyOf(state, n);
      strings = Arrays.copyOf(strings, n);
    }
    off[count] = offset;
    len[count] = length;
    count++;
  }

  int count() {
    return count;
  }

  int offset(int id) {
    return off[id];
  }

  int length(int id) {
    return len[id];
  }

  boolean validUtf8(int id) {
    byte s = state[id];
    if (s == UNKNOWN) {
      s = Utf8.isValid(buf, off[id], len[id]) ? VALID : INVALID;
      state[id] = s;
    }
    return s == VALID;
  }

  /** The symbol as a string; it must be valid UTF-8. */
  String string(int id) {
    String s = strings[id];
    if (s == null) {
      s = Utf8.decode(buf, off[id], len[id]);
      strings[id] = s;
    }
    return s;
  }

  /** The symbol as a string, bad bytes replaced; for help and unit texts. */
  String lenientString(int id) {
    return validUtf8(id) ? string(id) : Utf8.decodeLenient(buf, off[id], len[id]);
  }
}
