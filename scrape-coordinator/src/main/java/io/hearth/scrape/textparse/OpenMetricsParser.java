package io.hearth.scrape.textparse;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.MetricType;
import java.util.Arrays;

/**
 * Parses OpenMetrics 1.0 text with Prometheus's exact grammar and error messages: {@code # EOF} is
 * required, timestamps are seconds (converted to milliseconds), {@code # UNIT} must be a suffix of
 * the family name, one exemplar per sample. {@code _created} samples of counters, summaries and
 * histograms are returned as series (Prometheus's default) unless {@link #skipCreatedSeries} is set
 * (as Prometheus does when created timestamps are ingested); {@link #createdTimestamp()} then finds
 * a sample's {@code _created} line by reading ahead within its family. Reusable with
 * {@link #reset(byte[], int, int)}. Not thread-safe.
 */
public final class OpenMetricsParser extends TextParser {
  private final boolean skipCreatedSeries;
  private int[] eOffsets = new int[16];
  private int nEOffsets;
  private boolean hasExemplar;
  private double exemplarVal;
  private long exemplarTs;
  private boolean hasExemplarTs;
  /** The name of the last HELP, TYPE or UNIT line: its length is the family name's. */
  private int famFrom;
  private int famTo;
  /** Reused buffers of {@link #createdTimestamp()}: the sample's key, the key of the {@code _created} line found. */
  private byte[] curKey = new byte[64];
  private int curKeyLen;
  private byte[] ctKey = new byte[64];
  private int ctKeyLen;
  /** Whether {@link #ctKey} holds the key of a {@code _created} line found ahead, with {@link #ctValue}. */
  private boolean ctFound;
  private long ctValue;
  /** The parser that reads ahead for {@link #createdTimestamp()}, so this one's position and sample stay; made on first use. */
  private OpenMetricsParser ahead;

  public OpenMetricsParser() {
    this(false);
  }

  /** @param skipCreatedSeries whether {@code _created} samples are skipped rather than returned */
  public OpenMetricsParser(boolean skipCreatedSeries) {
    super(new OpenMetricsLexer());
    this.skipCreatedSeries = skipCreatedSeries;
  }

  public OpenMetricsParser(byte[] b) {
    this();
    reset(b, 0, b.length);
  }

  public OpenMetricsParser reset(byte[] b, int off, int len) {
    l.reset(b, off, len, false);
    done = false;
    mtype = MetricType.UNKNOWN;
    nOffsets = 0;
    nEOffsets = 0;
    hasExemplar = false;
    famFrom = famTo = 0;
    ctFound = false;
    return this;
  }

  @Override
  public Entry next() {
    while (true) {
      Entry e = next0();
      if (e == Entry.SERIES && skipCreatedSeries && isCreatedSeries()) continue;
      return e;
    }
  }

  private static boolean hasCreated(MetricType t) {
    return t == MetricType.COUNTER || t == MetricType.SUMMARY || t == MetricType.HISTOGRAM;
  }

  private boolean isCreatedSeries() {
    return hasCreated(mtype) && endsWithCreated();
  }

  private boolean endsWithCreated() {
    int len = offsets[1] - offsets[0];
    if (len < 8) return false;
    String suffix = "_created";
    for (int k = 0; k < 8; k++) {
      if (l.at(offsets[1] - 8 + k) != suffix.charAt(k)) return false;
    }
    return true;
  }

  /**
   * As Prometheus: the value (seconds, in ms) of the first {@code _created} line that follows the
   * current sample within its family, when its name is the family's and its labels are the
   * sample's (but {@code le} of histograms and {@code quantile} of summaries); 0 otherwise, also
   * when the family is not a counter, summary or histogram or what follows does not parse (the
   * error then comes when the parser gets there). The parser's position and current sample are
   * left as they were. The last line found is remembered, so the buckets, sum and count of one
   * histogram read ahead once.
   */
  @Override
  public long createdTimestamp() {
    if (!hasCreated(mtype) || offsets[0] < 0) return 0;
    int famLen = Math.min(famTo - famFrom, offsets[1] - offsets[0]);
    curKeyLen = 0;
    curKey = key(curKey, offsets[0], offsets[0] + famLen);
    if (ctFound && Arrays.equals(curKey, 0, curKeyLen, ctKey, 0, ctKeyLen)) return ctValue;
    ctFound = false;
    if (ahead == null) ahead = new OpenMetricsParser();
    OpenMetricsParser a = ahead;
    a.l.copyFrom(l);
    a.done = done;
    a.mtype = mtype;
    a.famFrom = famFrom;
    a.famTo = famTo;
    try {
      while (true) {
        if (a.next0() != Entry.SERIES) return 0; // another family (or the end): no _created line
        if (!a.endsWithCreated()) continue;
        a.curKeyLen = 0;
        ctKey = a.key(ctKey, a.offsets[0], a.offsets[1] - 8);
        ctKeyLen = a.curKeyLen;
        if (!Arrays.equals(curKey, 0, curKeyLen, ctKey, 0, ctKeyLen)) return 0; // another series' line
        ctFound = true;
        ctValue = (long) (a.val * 1000.0);
        return ctValue;
      }
    } catch (ParseException e) {
      return 0;
    }
  }

  /**
   * Appends to {@code into} (from {@link #curKeyLen}, which it advances) the name {@code [from, to)}
   * and the current entry's label pairs, leaving out {@code le} of histograms and {@code quantile}
   * of summaries.
   */
  private byte[] key(byte[] into, int from, int to) {
    into = put(into, from, to);
    for (int k = 2; k + 3 < nOffsets; k += 4) {
      if (isMagic(offsets[k], offsets[k + 1])) continue;
      into = putByte(into, (byte) 0xff);
      into = put(into, offsets[k], offsets[k + 1]);
      into = putByte(into, (byte) 0xff);
      into = put(into, offsets[k + 2], offsets[k + 3]);
    }
    return into;
  }

  private boolean isMagic(int from, int to) {
    String magic = mtype == MetricType.HISTOGRAM ? "le" : mtype == MetricType.SUMMARY ? "quantile" : null;
    if (magic == null || to - from != magic.length()) return false;
    for (int k = 0; k < magic.length(); k++) {
      if (l.at(from + k) != magic.charAt(k)) return false;
    }
    return true;
  }

  private byte[] put(byte[] into, int from, int to) {
    for (int k = from; k < to; k++) into = putByte(into, (byte) l.at(k));
    return into;
  }

  private byte[] putByte(byte[] into, byte x) {
    if (curKeyLen == into.length) into = Arrays.copyOf(into, into.length * 2);
    into[curKeyLen++] = x;
    return into;
  }

  private Entry next0() {
    if (done) return Entry.EOF;
    start = l.i;
    nOffsets = 0;
    nEOffsets = 0;
    hasExemplar = false;
    exemplarVal = 0;
    hasExemplarTs = false;
    Token t = nextToken();
    switch (t) {
      case EOF_WORD: {
        Token t2 = nextToken();
        if (t2 != Token.EOF) throw error("unexpected data after # EOF");
        done = true;
        return Entry.EOF;
      }
      case EOF:
        throw error("data does not end with # EOF");
      case HELP:
      case TYPE:
      case UNIT: {
        metaName(t, nextToken());
        famFrom = offsets[0];
        famTo = offsets[1];
        Token t2 = nextToken();
        if (t2 != Token.TEXT) throw error("expected text in " + t.display);
        metaText(1);
        metaTypeOrHelp(t, true);
        if (t == Token.TYPE) return Entry.TYPE;
        if (t == Token.HELP) return Entry.HELP;
        String m = string(famFrom, famTo);
        String u = string(textStart, textEnd);
        if (!u.isEmpty()) {
          if (!m.endsWith(u) || m.length() < u.length() + 1 || m.charAt(m.length() - u.length() - 1) != '_') {
            throw error("unit " + GoQuote.quote(u) + " not a suffix of metric " + GoQuote.quote(m));
          }
        }
        return Entry.UNIT;
      }
      case BRACE_OPEN:
        addOffset(-1);
        addOffset(-1);
        parseLabelValues(false);
        seriesStart = start;
        seriesEnd = l.i;
        parseSeriesEndOfLine(nextToken());
        return Entry.SERIES;
      case MNAME: {
        addOffset(start);
        addOffset(l.i);
        seriesStart = start;
        seriesEnd = l.i;
        Token t2 = nextToken();
        if (t2 == Token.BRACE_OPEN) {
          parseLabelValues(false);
          seriesEnd = l.i;
          t2 = nextToken();
        }
        parseSeriesEndOfLine(t2);
        return Entry.SERIES;
      }
      default:
        throw parseError("expected a valid start token", t);
    }
  }

  private void add(boolean exemplar, int v) {
    if (!exemplar) {
      addOffset(v);
      return;
    }
    if (nEOffsets == eOffsets.length) eOffsets = Arrays.copyOf(eOffsets, eOffsets.length * 2);
    eOffsets[nEOffsets++] = v;
  }

  private void parseLabelValues(boolean exemplar) {
    Token t = nextToken();
    while (true) {
      int curStart = l.start;
      int curEnd = l.i;
      switch (t) {
        case BRACE_CLOSE:
          return;
        case LNAME:
        case QSTRING:
          break;
        default:
          throw parseError("expected label name", t);
      }
      t = nextToken();
      if (t == Token.COMMA || t == Token.BRACE_CLOSE) {
        if (exemplar) throw parseError("expected label name", t);
        if (offsets[0] != -1 || offsets[1] != -1) {
          throw error("metric name already set while parsing: " + quotedRange(start, l.i));
        }
        offsets[0] = curStart + 1;
        offsets[1] = curEnd - 1;
        if (t == Token.BRACE_CLOSE) return;
        t = nextToken();
        continue;
      }
      if (l.at(curStart) == '"') {
        curStart++;
        curEnd--;
      }
      add(exemplar, curStart);
      add(exemplar, curEnd);
      if (t != Token.EQUAL) throw parseError("expected equal", t);
      Token tv = nextToken();
      if (tv != Token.LVALUE) throw parseError("expected label value", tv);
      if (!validUtf8(l.start, l.i)) throw error("invalid UTF-8 label value: " + quotedRange(l.start, l.i));
      add(exemplar, l.start + 1);
      add(exemplar, l.i - 1);
      t = nextToken();
      if (t == Token.COMMA) {
        t = nextToken();
      } else if (t != Token.BRACE_CLOSE) {
        throw parseError("expected comma or brace close", t);
      }
    }
  }

  private double floatValue(Token t, String after) {
    if (t != Token.VALUE) throw parseError("expected value after " + after, t);
    double v = parseFloat(l.start + 1, l.i);
    return Double.isNaN(v) ? GoFloat.NORMAL_NAN : v;
  }

  private void parseSeriesEndOfLine(Token t) {
    if (offsets[0] == -1) throw error("metric name not set while parsing: " + quotedRange(start, l.i));
    val = floatValue(t, "metric");
    hasTs = false;
    Token t2 = nextToken();
    switch (t2) {
      case EOF:
        throw error("data does not end with # EOF");
      case LINEBREAK:
        break;
      case COMMENT:
        parseExemplar();
        break;
      case TIMESTAMP: {
        hasTs = true;
        double sec = parseFloat(l.start + 1, l.i);
        if (Double.isNaN(sec) || Double.isInfinite(sec)) throw error("invalid timestamp " + GoFloat.formatF(sec));
        ts = (long) (sec * 1000);
        Token t3 = nextToken();
        if (t3 == Token.COMMENT) {
          parseExemplar();
        } else if (t3 != Token.LINEBREAK) {
          throw parseError("expected next entry after timestamp", t3);
        }
        break;
      }
      default:
        // Prometheus accepts the sample; the next entry will fail on what follows
        break;
    }
  }

  private void parseExemplar() {
    parseLabelValues(true);
    hasExemplar = true;
    exemplarVal = floatValue(nextToken(), "exemplar labels");
    hasExemplarTs = false;
    Token t2 = nextToken();
    switch (t2) {
      case EOF:
        throw error("data does not end with # EOF");
      case LINEBREAK:
        return;
      case TIMESTAMP: {
        hasExemplarTs = true;
        double sec = parseFloat(l.start + 1, l.i);
        if (Double.isNaN(sec) || Double.isInfinite(sec)) {
          throw error("invalid exemplar timestamp " + GoFloat.formatF(sec));
        }
        exemplarTs = (long) (sec * 1000);
        Token t3 = nextToken();
        if (t3 != Token.LINEBREAK) throw parseError("expected next entry after exemplar timestamp", t3);
        return;
      }
      default:
        throw parseError("expected timestamp or comment", t2);
    }
  }

  @Override
  public boolean exemplar(Exemplar into) {
    if (!hasExemplar) return false;
    Labels.Builder lb = Labels.builder();
    for (int k = 0; k + 3 < nEOffsets; k += 4) {
      // as Prometheus: exemplar label names and values are taken as written (no unescaping)
      lb.set(string(eOffsets[k], eOffsets[k + 1]), string(eOffsets[k + 2], eOffsets[k + 3]));
    }
    into.labels = lb.build();
    into.value = exemplarVal;
    into.hasTimestamp = hasExemplarTs;
    into.timestamp = hasExemplarTs ? exemplarTs : 0;
    hasExemplar = false;
    return true;
  }
}
