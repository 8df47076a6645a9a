package io.hearth.scrape.textparse;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.text.MetricType;

/**
 * Parses the Prometheus text exposition format 0.0.4 (and the quoted UTF-8 names of 1.0.0), with
 * Prometheus's exact grammar and error messages. Use {@link #reset(byte[], int, int)} to reuse an
 * instance. Not thread-safe.
 */
public final class PromTextParser extends TextParser {
  public PromTextParser() {
    super(new PromLexer());
  }

  public PromTextParser(byte[] b) {
    this();
    reset(b, 0, b.length);
  }

  /** Starts over on {@code b[off, off+len)}; a newline is implied at the end. */
  public PromTextParser reset(byte[] b, int off, int len) {
    l.reset(b, off, len, true);
    done = false;
    mtype = MetricType.UNKNOWN;
    nOffsets = 0;
    return this;
  }

  private Token nextNonBlank() {
    while (true) {
      Token t = nextToken();
      if (t != Token.WHITESPACE) return t;
    }
  }

  @Override
  public boolean exemplar(Exemplar into) {
    return false;
  }

  @Override
  String unescapeHelp(int from, int to) {
    // Prometheus's helpReplacer: only \\ and \n
    String s = string(from, to);
    if (s.indexOf('\\') < 0) return s;
    StringBuilder sb = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length() && (s.charAt(k + 1) == '\\' || s.charAt(k + 1) == 'n')) {
        sb.append(s.charAt(k + 1) == 'n' ? '\n' : '\\');
        k++;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public Entry next() {
    if (done) return Entry.EOF;
    while (true) {
      start = l.i;
      nOffsets = 0;
      Token t = nextNonBlank();
      switch (t) {
        case EOF:
          done = true;
          return Entry.EOF;
        case LINEBREAK:
          continue;
        case HELP:
        case TYPE: {
          metaName(t, nextNonBlank());
          Token t2 = nextNonBlank();
          if (t2 != Token.TEXT) throw error("expected text in " + t.display + ", got " + t2.display);
          metaText(0);
          metaTypeOrHelp(t, false);
          Token t3 = nextNonBlank();
          if (t3 != Token.LINEBREAK) throw parseError("linebreak expected after metadata", t3);
          return t == Token.HELP ? Entry.HELP : Entry.TYPE;
        }
        case COMMENT: {
          textStart = l.start;
          textEnd = l.i;
          Token t2 = nextNonBlank();
          if (t2 != Token.LINEBREAK) throw parseError("linebreak expected after comment", t2);
          return Entry.COMMENT;
        }
        case BRACE_OPEN:
          addOffset(-1);
          addOffset(-1);
          parseLabelValues();
          seriesStart = start;
          seriesEnd = l.i;
          return parseMetricSuffix(nextNonBlank());
        case MNAME: {
          addOffset(start);
          addOffset(l.i);
          seriesStart = start;
          seriesEnd = l.i;
          Token t2 = nextNonBlank();
          if (t2 == Token.BRACE_OPEN) {
            parseLabelValues();
            seriesEnd = l.i;
            t2 = nextNonBlank();
          }
          return parseMetricSuffix(t2);
        }
        default:
          throw parseError("expected a valid start token", t);
      }
    }
  }

  private void parseLabelValues() {
    Token t = nextNonBlank();
    while (true) {
      int curStart = l.start;
      int curEnd = l.i;
      boolean quoted;
      switch (t) {
        case BRACE_CLOSE:
          return;
        case LNAME:
          quoted = false;
          break;
        case QSTRING:
          quoted = true;
          break;
        default:
          throw parseError("expected label name", t);
      }
      t = nextNonBlank();
      if (quoted && (t == Token.COMMA || t == Token.BRACE_CLOSE)) {
        if (offsets[0] != -1 || offsets[1] != -1) {
          throw error("metric name already set while parsing: " + quotedRange(start, l.i));
        }
        offsets[0] = curStart + 1;
        offsets[1] = curEnd - 1;
        if (t == Token.BRACE_CLOSE) return;
        t = nextNonBlank();
        continue;
      }
      if (l.at(curStart) == '"') {
        curStart++;
        curEnd--;
      }
      addOffset(curStart);
      addOffset(curEnd);
      if (t != Token.EQUAL) throw parseError("expected equal", t);
      Token tv = nextNonBlank();
      if (tv != Token.LVALUE) throw parseError("expected label value", tv);
      if (!validUtf8(l.start, l.i)) throw error("invalid UTF-8 label value: " + quotedRange(l.start, l.i));
      addOffset(l.start + 1);
      addOffset(l.i - 1);
      t = nextNonBlank();
      if (t == Token.COMMA) t = nextNonBlank();
    }
  }

  private Entry parseMetricSuffix(Token t) {
    if (offsets[0] == -1) throw error("metric name not set while parsing: " + quotedRange(start, l.i));
    if (t != Token.VALUE) throw parseError("expected value after metric", t);
    val = parseFloat(l.start, l.i);
    if (Double.isNaN(val)) val = GoFloat.NORMAL_NAN;
    hasTs = false;
    Token t2 = nextNonBlank();
    switch (t2) {
      case LINEBREAK:
        break;
      case TIMESTAMP: {
        hasTs = true;
        ts = parseInt(l.start, l.i);
        Token t3 = nextNonBlank();
        if (t3 != Token.LINEBREAK) throw parseError("expected next entry after timestamp", t3);
        break;
      }
      default:
        throw parseError("expected timestamp or new record", t2);
    }
    return Entry.SERIES;
  }

  private long parseInt(int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      int d = l.at(k) - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        throw whileParsing("strconv.ParseInt: parsing " + quotedRange(from, to) + ": value out of range");
      }
      v = v * 10 + d;
    }
    return v;
  }
}
