package io.hearth.scrape.textparse;

/**
 * Shared machinery of the two hand-written lexers, which reproduce the behaviour of Prometheus's
 * golex-generated ones exactly (so that error messages match): tokens are matched greedily without
 * backtracking; on failure {@link #i} stays on the first byte that could not be consumed; a NUL
 * byte never matches a character class and marks the end of input, except that inside label
 * values, help texts and comments NUL bytes are skipped as golex's {@code next()} does.
 *
 * <p>The input is {@code b[base, realEnd)}, optionally followed by a virtual {@code '\n'} (the
 * Prometheus text parser appends one without copying the array).
 */
abstract class Lexer {
  static final int S_INIT = 0;
  static final int S_COMMENT = 1;
  static final int S_META1 = 2;
  static final int S_META2 = 3;
  static final int S_LABELS = 4;
  static final int S_LVALUE = 5;
  static final int S_VALUE = 6;
  static final int S_TIMESTAMP = 7;
  static final int S_EXEMPLAR = 8;
  static final int S_EVALUE = 9;
  static final int S_ETIMESTAMP = 10;

  byte[] b;
  int base;
  int realEnd;
  int end;
  boolean virtualNewline;
  /** Current position: the first byte not yet consumed. */
  int i;
  /** Start of the current (or last) token. */
  int start;
  int state;

  void reset(byte[] b, int off, int len, boolean virtualNewline) {
    this.b = b;
    this.base = off;
    this.realEnd = off + len;
    this.virtualNewline = virtualNewline;
    this.end = realEnd + (virtualNewline ? 1 : 0);
    this.i = off;
    this.start = off;
    this.state = S_INIT;
  }

  /** Takes {@code o}'s input and position, so that this lexer continues where {@code o} is (reading ahead). */
  final void copyFrom(Lexer o) {
    this.b = o.b;
    this.base = o.base;
    this.realEnd = o.realEnd;
    this.end = o.end;
    this.virtualNewline = o.virtualNewline;
    this.i = o.i;
    this.start = o.start;
    this.state = o.state;
  }

  abstract Token lex();

  /** The byte at {@code idx} as 0..255, the virtual newline, or 0 past the end. */
  final int at(int idx) {
    if (idx < realEnd) return b[idx] & 0xff;
    if (idx == realEnd && virtualNewline) return '\n';
    return 0;
  }

  final int cur() {
    return at(i);
  }

  /** golex's next(): advances one byte, skipping NULs in label values, help texts and comments. */
  final int next() {
    i++;
    if (i >= end) {
      i = end;
      return 0;
    }
    while (at(i) == 0 && (state == S_LVALUE || state == S_META2 || state == S_COMMENT)) {
      i++;
      if (i >= end) {
        i = end;
        return 0;
      }
    }
    return at(i);
  }

  static boolean isL(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isM(int c) {
    return isL(c) || c == ':';
  }

  static boolean isD(int c) {
    return c >= '0' && c <= '9';
  }

  /** Consumes {@code ({L}|{D})*} after the first byte; returns with i after the run. */
  final void labelNameRest() {
    int c = next();
    while (isL(c) || isD(c)) c = next();
  }

  /** Consumes {@code ({M}|{D})*} after the first byte. */
  final void metricNameRest() {
    int c = next();
    while (isM(c) || isD(c)) c = next();
  }

  /** Consumes {@code [ \t]+} starting at the current byte (which is a blank). */
  final void blanks() {
    int c = next();
    while (c == ' ' || c == '\t') c = next();
  }

  /**
   * Matches {@code \"(\\.|[^\\"])*\"} (or with {@code \n} excluded) starting at the opening quote.
   *
   * @return whether the closing quote was reached (i just after it); otherwise i is on the byte
   *     that failed
   */
  final boolean quoted(boolean allowNewline) {
    int c = next();
    while (true) {
      if (c == 0) return false;
      if (c == '"') {
        next();
        return true;
      }
      if (c == '\\') {
        c = next();
        if (c == 0 || c == '\n') return false; // lex's '.' excludes newline
        c = next();
        continue;
      }
      if (c == '\n' && !allowNewline) return false;
      c = next();
    }
  }

  /** Consumes bytes up to (not including) a newline or the end, as {@code {C}*}. */
  final void restOfLine() {
    int c = cur();
    while (c != 0 && c != '\n') c = next();
  }

  /** Matches an ASCII word at the current position; on mismatch i is on the first differing byte. */
  final boolean word(String w) {
    int c = cur();
    for (int k = 0; k < w.length(); k++) {
      if (c != w.charAt(k)) return false;
      c = next();
    }
    return true;
  }

  /** A copy of {@code [from, to)} with the virtual newline materialised, for messages. */
  final byte[] slice(int from, int to) {
    byte[] out = new byte[Math.max(0, to - from)];
    for (int k = from; k < to; k++) out[k - from] = (byte) at(k);
    return out;
  }

  final int lineOf(int pos) {
    int line = 1;
    int lim = Math.min(pos, realEnd);
    for (int k = base; k < lim; k++) {
      if (b[k] == '\n') line++;
    }
    return line;
  }

  final int columnOf(int pos) {
    int lim = Math.min(pos, realEnd);
    int k = lim - 1;
    while (k >= base && b[k] != '\n') k--;
    return pos - k;
  }
}
