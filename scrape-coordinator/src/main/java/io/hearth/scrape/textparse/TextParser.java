package io.hearth.scrape.textparse;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.MetricType;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * State and accessors shared by the Prometheus text and OpenMetrics parsers. Offsets of the metric
 * name, label names and values are kept in a reusable int array; nothing is allocated per sample
 * until {@link #labels()} is called.
 */
abstract class TextParser implements Parser {
  final Lexer l;
  /** Start of the current entry. */
  int start;
  int seriesStart;
  int seriesEnd;
  /** [nameStart, nameEnd, (lnameStart, lnameEnd, lvalueStart, lvalueEnd)*]; -1 when unset. */
  int[] offsets = new int[32];
  int nOffsets;
  int textStart;
  int textEnd;
  MetricType mtype = MetricType.UNKNOWN;
  double val;
  long ts;
  boolean hasTs;
  boolean done;

  TextParser(Lexer l) {
    this.l = l;
  }

  final void addOffset(int v) {
    if (nOffsets == offsets.length) offsets = Arrays.copyOf(offsets, offsets.length * 2);
    offsets[nOffsets++] = v;
  }

  final Token nextToken() {
    return l.lex();
  }

  /** Prometheus's parseError: {@code exp, got "tok" ("KIND") while parsing: "entry"}. */
  /** The name token {@code got} of a HELP, TYPE or UNIT line, without its quotes if quoted, as offsets 0 and 1. */
  final void metaName(Token keyword, Token got) {
    if (got != Token.MNAME) throw parseError("expected metric name after " + keyword.display, got);
    int ms = l.start;
    int me = l.i;
    if (l.at(ms) == '"' && l.at(me - 1) == '"') {
      ms++;
      me--;
    }
    addOffset(ms);
    addOffset(me);
  }

  /**
   * The text token just lexed of a metadata line as [{@link #textStart}, {@link #textEnd}): without
   * its leading blank and its last {@code trailing} bytes (OpenMetrics' token ends with the newline).
   */
  final void metaText(int trailing) {
    if (l.i - l.start > 1) {
      textStart = l.start + 1;
      textEnd = l.i - trailing;
    } else {
      textStart = textEnd = l.i;
    }
  }

  /** A TYPE line's text sets the type (it must name one); a HELP line's must be valid UTF-8. */
  final void metaTypeOrHelp(Token keyword, boolean openMetrics) {
    if (keyword == Token.TYPE) {
      String s = string(textStart, textEnd);
      MetricType mt = typeOf(s, openMetrics);
      if (mt == null) throw error("invalid metric type " + GoQuote.quote(s));
      mtype = mt;
    } else if (keyword == Token.HELP && !validUtf8(textStart, textEnd)) {
      throw error("help text " + quotedRange(textStart, textEnd) + " is not a valid utf8 string");
    }
  }

  final ParseException parseError(String exp, Token got) {
    int e = Math.min(l.end, l.i + 1);
    return error(exp + ", got " + GoQuote.quote(l.slice(l.start, e), 0, e - l.start) + " (" + GoQuote.quote(got.display)
        + ") while parsing: " + GoQuote.quote(l.slice(start, e), 0, e - start));
  }

  final ParseException error(String message) {
    int pos = Math.max(l.base, Math.min(l.start, l.end));
    done = true;
    return new ParseException(message, l.lineOf(pos), l.columnOf(pos));
  }

  /** {@code "<what> while parsing: "<entry so far>"}. */
  final ParseException whileParsing(String what) {
    return error(what + " while parsing: " + GoQuote.quote(l.slice(start, l.i), 0, l.i - start));
  }

  final String quotedRange(int from, int to) {
    return GoQuote.quote(l.slice(from, to), 0, to - from);
  }

  /** Prometheus's parseFloat: rejects {@code p}, {@code P} and {@code _}, otherwise Go's ParseFloat. */
  final double parseFloat(int from, int to) {
    for (int k = from; k < to; k++) {
      int c = l.at(k);
      if (c == 'p' || c == 'P' || c == '_') throw whileParsing("unsupported character in float");
    }
    try {
      return GoFloat.parse(l.slice(from, to), 0, to - from);
    } catch (NumberFormatException e) {
      throw whileParsing(e.getMessage());
    }
  }

  static MetricType typeOf(String s, boolean openMetrics) {
    switch (s) {
      case "counter": return MetricType.COUNTER;
      case "gauge": return MetricType.GAUGE;
      case "histogram": return MetricType.HISTOGRAM;
      case "summary": return MetricType.SUMMARY;
      case "untyped": return openMetrics ? null : MetricType.UNKNOWN;
      case "gaugehistogram": return openMetrics ? MetricType.GAUGE_HISTOGRAM : null;
      case "info": return openMetrics ? MetricType.INFO : null;
      case "stateset": return openMetrics ? MetricType.STATESET : null;
      case "unknown": return openMetrics ? MetricType.UNKNOWN : null;
      default: return null;
    }
  }

  final boolean validUtf8(int from, int to) {
    byte[] s = l.slice(from, to);
    return validUtf8(s, 0, s.length);
  }

  /** Whether {@code b[off, off+len)} is valid UTF-8 (shared with the protobuf parser). */
  static boolean validUtf8(byte[] b, int off, int len) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b, off, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  final String string(int from, int to) {
    if (to <= l.realEnd) return new String(l.b, from, to - from, StandardCharsets.UTF_8);
    return new String(l.slice(from, to), StandardCharsets.UTF_8);
  }

  /** Prometheus's lvalReplacer: {@code \"}, {@code \\} and {@code \n}; other escapes stay as written. */
  final String unescape(int from, int to) {
    boolean escaped = false;
    for (int k = from; k < to; k++) {
      if (l.at(k) == '\\') {
        escaped = true;
        break;
      }
    }
    String s = string(from, to);
    if (!escaped) return s;
    StringBuilder sb = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length()) {
        char d = s.charAt(k + 1);
        if (d == '"' || d == '\\') {
          sb.append(d);
          k++;
          continue;
        }
        if (d == 'n') {
          sb.append('\n');
          k++;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public byte[] seriesBytes() {
    return l.b;
  }

  @Override
  public int seriesOffset() {
    return seriesStart;
  }

  @Override
  public int seriesLength() {
    return seriesEnd - seriesStart;
  }

  @Override
  public double value() {
    return val;
  }

  @Override
  public boolean hasTimestamp() {
    return hasTs;
  }

  @Override
  public long timestamp() {
    return ts;
  }

  @Override
  public Labels labels() {
    Labels.Builder lb = Labels.builder();
    lb.set(Labels.METRIC_NAME, unescape(offsets[0], offsets[1]));
    for (int k = 2; k + 3 < nOffsets; k += 4) {
      String name = unescape(offsets[k], offsets[k + 1]);
      String value = normalizeFloat(name, unescape(offsets[k + 2], offsets[k + 3]));
      if (!lb.get(name).isEmpty() || name.equals(Labels.METRIC_NAME)) {
        throw error("label name " + GoQuote.quote(name) + " is not unique: invalid sample");
      }
      lb.set(name, value);
    }
    return lb.build();
  }

  /** Prometheus normalises {@code le} of histograms and {@code quantile} of summaries to OpenMetrics floats. */
  final String normalizeFloat(String name, String value) {
    if ((mtype == MetricType.SUMMARY && name.equals("quantile")) || (mtype == MetricType.HISTOGRAM && name.equals("le"))) {
      try {
        return GoFloat.formatOpenMetrics(GoFloat.parse(value));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  @Override
  public String metricFamily() {
    return unescape(offsets[0], offsets[1]);
  }

  @Override
  public MetricType type() {
    return mtype;
  }

  @Override
  public String help() {
    return unescapeHelp(textStart, textEnd);
  }

  String unescapeHelp(int from, int to) {
    return unescape(from, to);
  }

  @Override
  public String unit() {
    return string(textStart, textEnd);
  }

  @Override
  public String comment() {
    return string(textStart, textEnd);
  }

  @Override
  public int line() {
    return l.lineOf(start);
  }
}
