package io.hearth.scrape.textparse;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.wire.ProtoReader;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Prometheus protobuf exposition format ({@code application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited}): varint-length-delimited
 * {@code MetricFamily} messages, presented as the text parsers present text, as Prometheus 3.x's
 * ProtobufParser does.
 *
 * <p>Per family: a HELP entry (also for an empty help), a UNIT entry when a unit is set, a TYPE
 * entry, then its samples. Counters, gauges and untyped metrics give one SERIES each. A summary
 * gives {@code _count}, {@code _sum} and one series per quantile (label {@code quantile}). A
 * histogram with native data (spans, a zero threshold or a zero count) gives one
 * {@link Entry#HISTOGRAM} when native histograms are scraped, followed by its classic series when
 * classic histograms are kept too; otherwise (and for histograms without native data) it gives
 * {@code _count}, {@code _sum} and {@code _bucket} series (label {@code le}), ending at the
 * {@code +Inf} bucket, which is added when not exposed. Families without metrics are skipped.
 * Created timestamps never give {@code _created} series: {@link #createdTimestamp()} answers the
 * {@code created_timestamp} of the current counter, summary or (gauge) histogram metric, for each of
 * its entries, as Prometheus does; a {@code timestamp_ms} of 0 counts as none, as in
 * Prometheus. NaN values come out as Prometheus's normal NaN.
 *
 * <p>The body is walked in place: each family is scanned once for its name, help, unit, type and
 * the positions of its metrics, and each metric once for its labels and values, into reusable
 * arrays. The series key ({@link #seriesBytes()}) is built in a reused buffer from the raw label
 * bytes in exposition order, so nothing is allocated per sample unless {@link #labels()},
 * {@link #histogram()} or the metadata accessors are called. The native-histogram fields of a
 * histogram metric are read and turned into a histogram by {@link NativeHistogramFields}. Not
 * thread-safe.
 */
public final class ProtobufParser implements Parser {
  private static final int TYPE_COUNTER = 0;
  private static final int TYPE_GAUGE = 1;
  private static final int TYPE_SUMMARY = 2;
  private static final int TYPE_UNTYPED = 3;
  private static final int TYPE_HISTOGRAM = 4;
  private static final int TYPE_GAUGE_HISTOGRAM = 5;
  private static final String[] TYPE_NAMES = {"COUNTER", "GAUGE", "SUMMARY", "UNTYPED", "HISTOGRAM", "GAUGE_HISTOGRAM"};

  /** What {@link #next()} does next. */
  private static final int S_FAMILY = 0;
  private static final int S_UNIT = 1;
  private static final int S_TYPE = 2;
  private static final int S_METRIC = 3;
  private static final int S_FIELD = 4;
  private static final int S_EOF = 5;

  /** Positions within a summary or histogram metric; values >= 0 index quantiles or buckets. */
  private static final int F_NATIVE = -3;
  private static final int F_COUNT = -2;
  private static final int F_SUM = -1;

  private static final byte SEP = (byte) 0xff;

  private final boolean scrapeNative;
  private final boolean keepClassic;
  private final ProtoReader in = new ProtoReader(ProtobufParser::wireError);
  private final ProtoReader sub = new ProtoReader(ProtobufParser::wireError);
  private int state = S_FAMILY;

  // The current family.
  private int nameFrom;
  private int nameTo;
  private int helpFrom;
  private int helpTo;
  private int unitFrom;
  private int unitTo;
  private int type;
  /** [from, to) of each metric message of the family. */
  private int[] metrics = new int[32];
  private int nMetrics;
  private int metricIdx;

  // The current metric.
  /** [nameFrom, nameTo, valueFrom, valueTo] per label pair, in exposition order. */
  private int[] labelPos = new int[32];
  private int nLabelPos;
  private long timestampMs;
  /** The metric's created timestamp in ms, 0 when none. */
  private long createdMs;
  /** The range of the metric's value message for the family's type, or -1. */
  private int valueFrom;
  private int valueTo;
  private double simpleValue;
  private int exemplarFrom;
  private int exemplarTo;
  private long sampleCount;
  private double sampleCountFloat;
  private double sampleSum;
  /** [from, to) of each quantile or bucket message. */
  private int[] items = new int[32];
  private int nItems;
  private boolean isNative;
  private final NativeHistogramFields nativeFields = new NativeHistogramFields();
  /** [from, to) of each native histogram exemplar message. */
  private int[] nativeExemplars = new int[8];
  private int nNativeExemplars;

  // The current entry.
  private Entry entry;
  private int fieldPos;
  private boolean fieldsDone;
  private double val;
  private double magicValue;
  private String magicSuffix = "";
  private String magicLabel;
  private byte[] key = new byte[256];
  private int keyLen;
  private boolean exemplarReturned;

  /**
   * @param scrapeNative whether histograms with native data give native histogram entries
   *     ({@code scrape_native_histograms}); when not, they are read as classic histograms
   * @param keepClassic whether a histogram given as native also gives its classic series
   *     ({@code always_scrape_classic_histograms})
   */
  public ProtobufParser(boolean scrapeNative, boolean keepClassic) {
    this.scrapeNative = scrapeNative;
    this.keepClassic = keepClassic;
  }

  /** Starts over on {@code b[off, off+len)}. */
  public ProtobufParser reset(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off + len > b.length) throw new IllegalArgumentException("range out of bounds");
    in.reset(b, off, len);
    sub.reset(b, off, 0);
    state = S_FAMILY;
    entry = null;
    return this;
  }

  @Override
  public Entry next() {
    exemplarReturned = false;
    while (true) {
      switch (state) {
        case S_FAMILY:
          if (!in.more()) {
            state = S_EOF;
            return entry = Entry.EOF;
          }
          readFamily();
          if (nMetrics == 0) continue;
          validateFamily();
          state = unitFrom < unitTo ? S_UNIT : S_TYPE;
          return entry = Entry.HELP;
        case S_UNIT:
          state = S_TYPE;
          return entry = Entry.UNIT;
        case S_TYPE:
          metricIdx = 0;
          state = S_METRIC;
          return entry = Entry.TYPE;
        case S_METRIC:
          if (metricIdx == nMetrics) {
            state = S_FAMILY;
            continue;
          }
          readMetric(metrics[2 * metricIdx], metrics[2 * metricIdx + 1]);
          metricIdx++;
          fieldsDone = false;
          if (type == TYPE_SUMMARY || type == TYPE_HISTOGRAM || type == TYPE_GAUGE_HISTOGRAM) {
            fieldPos = (isNative && scrapeNative) ? F_NATIVE : F_COUNT;
            state = S_FIELD;
          } else {
            fieldPos = 0;
            fieldsDone = true;
            val = simpleValue;
            state = S_METRIC;
          }
          return emit();
        case S_FIELD:
          if (fieldsDone) {
            state = S_METRIC;
            continue;
          }
          fieldPos++;
          return emit();
        default:
          return entry = Entry.EOF;
      }
    }
  }

  /** Sets up the entry at {@link #fieldPos} of the current metric: value, name suffix, magic label and key. */
  private Entry emit() {
    magicSuffix = "";
    magicLabel = null;
    Entry e = Entry.SERIES;
    if (type == TYPE_SUMMARY) {
      summaryField();
    } else if (type == TYPE_HISTOGRAM || type == TYPE_GAUGE_HISTOGRAM) {
      if (fieldPos == F_NATIVE) {
        e = Entry.HISTOGRAM;
        // Classic series follow only when kept and exposed; fieldPos then steps on to F_COUNT.
        fieldsDone = !(keepClassic && nItems > 0);
      } else {
        histogramField();
      }
    }
    val = normal(val);
    buildKey();
    return entry = e;
  }

  private void summaryField() {
    if (fieldPos == F_COUNT) {
      magicSuffix = "_count";
      val = sampleCount;
    } else if (fieldPos == F_SUM) {
      magicSuffix = "_sum";
      val = sampleSum;
      fieldsDone = nItems == 0;
    } else {
      double q = 0;
      double v = 0;
      sub.reset(in.array(), items[2 * fieldPos], items[2 * fieldPos + 1] - items[2 * fieldPos]);
      while (sub.more()) {
        sub.readTag(null);
        switch (sub.field()) {
          case 1 -> q = sub.doubleField("Quantile");
          case 2 -> v = sub.doubleField("Value");
          default -> sub.skip();
        }
      }
      magicLabel = "quantile";
      magicValue = q;
      val = v;
      fieldsDone = fieldPos == nItems - 1;
    }
  }

  private void histogramField() {
    double count = sampleCountFloat != 0 ? sampleCountFloat : sampleCount;
    if (fieldPos == F_COUNT) {
      magicSuffix = "_count";
      val = count;
      return;
    }
    if (fieldPos == F_SUM) {
      magicSuffix = "_sum";
      val = sampleSum;
      return;
    }
    magicSuffix = "_bucket";
    magicLabel = "le";
    if (fieldPos >= nItems) {
      magicValue = Double.POSITIVE_INFINITY;
      val = count;
      fieldsDone = true;
      return;
    }
    long cum = 0;
    double cumFloat = 0;
    double upper = 0;
    sub.reset(in.array(), items[2 * fieldPos], items[2 * fieldPos + 1] - items[2 * fieldPos]);
    while (sub.more()) {
      sub.readTag(null);
      switch (sub.field()) {
        case 1 -> cum = sub.varintField("CumulativeCount");
        case 2 -> upper = sub.doubleField("UpperBound");
        case 4 -> cumFloat = sub.doubleField("CumulativeCountFloat");
        default -> sub.skip();
      }
    }
    magicValue = upper;
    val = cumFloat != 0 ? cumFloat : (double) cum;
    fieldsDone = upper == Double.POSITIVE_INFINITY;
  }

  // ---- reading the wire ----

  /** How the wire reader fails: a parse error whose column is the 1-based byte offset. */
  private static ParseException wireError(String message, int field, int offset) {
    return new ParseException(message, 0, offset + 1);
  }

  private void readFamily() {
    long len = in.readVarint();
    if (len < 0 || len > in.limit() - in.position()) {
      throw error("protobufparse: insufficient length of buffer, expected at least " + Long.toUnsignedString(len)
          + " bytes, got " + (in.limit() - in.position()) + " bytes");
    }
    int famEnd = in.position() + (int) len;
    nameFrom = nameTo = helpFrom = helpTo = unitFrom = unitTo = 0;
    type = TYPE_COUNTER;
    nMetrics = 0;
    int saved = in.limit();
    in.limit(famEnd);
    while (in.more()) {
      in.readTag(null);
      switch (in.field()) {
        case 1 -> {
          long r = in.lenField("Name");
          nameFrom = ProtoReader.rangeFrom(r);
          nameTo = ProtoReader.rangeTo(r);
        }
        case 2 -> {
          long r = in.lenField("Help");
          helpFrom = ProtoReader.rangeFrom(r);
          helpTo = ProtoReader.rangeTo(r);
        }
        case 3 -> type = (int) in.varintField("Type");
        case 4 -> metrics = addRange(metrics, nMetrics++, in.lenField("Metric"));
        case 5 -> {
          long r = in.lenField("Unit");
          unitFrom = ProtoReader.rangeFrom(r);
          unitTo = ProtoReader.rangeTo(r);
        }
        default -> in.skip();
      }
    }
    in.limit(saved);
  }

  /** Prometheus's checks of a family before its entries: name, help, type, unit. */
  private void validateFamily() {
    String name = str(nameFrom, nameTo);
    if (nameFrom == nameTo || !validUtf8(nameFrom, nameTo)) throw error("invalid metric name: " + name);
    if (!validUtf8(helpFrom, helpTo)) throw error("invalid help for metric " + GoQuote.quote(name) + ": " + str(helpFrom, helpTo));
    if (type < 0 || type > TYPE_GAUGE_HISTOGRAM) {
      throw error("unknown metric type for metric " + GoQuote.quote(name) + ": " + type);
    }
    if (unitFrom < unitTo) {
      String unit = str(unitFrom, unitTo);
      String base = name;
      String what = "metric";
      if (type == TYPE_COUNTER && name.endsWith("_total")) {
        base = name.substring(0, name.length() - 6);
        what = "counter";
      }
      if (!base.endsWith("_" + unit)) {
        throw error("unit " + GoQuote.quote(unit) + " not a suffix of " + what + " " + GoQuote.quote(name));
      }
    }
  }

  private void readMetric(int from, int to) {
    nLabelPos = 0;
    timestampMs = 0;
    valueFrom = valueTo = -1;
    int wanted = switch (type) {
      case TYPE_COUNTER -> 3;
      case TYPE_GAUGE -> 2;
      case TYPE_SUMMARY -> 4;
      case TYPE_UNTYPED -> 5;
      default -> 7;
    };
    sub.reset(in.array(), from, to - from);
    while (sub.more()) {
      sub.readTag(null);
      int f = sub.field();
      if (f == 1) {
        long r = sub.lenField("Label");
        readLabelPair(ProtoReader.rangeFrom(r), ProtoReader.rangeTo(r));
      } else if (f == 6) {
        timestampMs = sub.varintField("TimestampMs");
      } else if (f == wanted) {
        long r = sub.lenField(TYPE_NAMES[type]);
        valueFrom = ProtoReader.rangeFrom(r);
        valueTo = ProtoReader.rangeTo(r);
      } else {
        sub.skip();
      }
    }
    simpleValue = 0;
    exemplarFrom = exemplarTo = -1;
    sampleCount = 0;
    sampleCountFloat = 0;
    sampleSum = 0;
    nItems = 0;
    isNative = false;
    createdMs = 0;
    if (valueFrom < 0) return;
    sub.reset(in.array(), valueFrom, valueTo - valueFrom);
    switch (type) {
      case TYPE_COUNTER, TYPE_GAUGE, TYPE_UNTYPED -> readSimple();
      case TYPE_SUMMARY -> readSummary();
      default -> readHistogram();
    }
  }

  private void readLabelPair(int from, int to) {
    int saveEnd = sub.limit();
    int savePos = sub.position();
    sub.position(from);
    sub.limit(to);
    long name = 0;
    long value = 0;
    while (sub.more()) {
      sub.readTag(null);
      switch (sub.field()) {
        case 1 -> name = sub.lenField("Name");
        case 2 -> value = sub.lenField("Value");
        default -> sub.skip();
      }
    }
    sub.limit(saveEnd);
    sub.position(savePos);
    labelPos = grow(labelPos, nLabelPos + 4);
    labelPos[nLabelPos++] = ProtoReader.rangeFrom(name);
    labelPos[nLabelPos++] = ProtoReader.rangeTo(name);
    labelPos[nLabelPos++] = ProtoReader.rangeFrom(value);
    labelPos[nLabelPos++] = ProtoReader.rangeTo(value);
  }

  private void readSimple() {
    while (sub.more()) {
      sub.readTag(null);
      if (sub.field() == 1) {
        simpleValue = sub.doubleField("Value");
      } else if (sub.field() == 2 && type == TYPE_COUNTER) {
        long r = sub.lenField("Exemplar");
        exemplarFrom = ProtoReader.rangeFrom(r);
        exemplarTo = ProtoReader.rangeTo(r);
      } else if (sub.field() == 3 && type == TYPE_COUNTER) {
        createdMs = readTimestamp();
      } else {
        sub.skip();
      }
    }
  }

  private void readSummary() {
    while (sub.more()) {
      sub.readTag(null);
      switch (sub.field()) {
        case 1 -> sampleCount = sub.varintField("SampleCount");
        case 2 -> sampleSum = normal(sub.doubleField("SampleSum"));
        case 3 -> items = addRange(items, nItems++, sub.lenField("Quantile"));
        case 4 -> createdMs = readTimestamp();
        default -> sub.skip();
      }
    }
  }

  /** Stores {@code range} as the pair {@code n} of {@code a}, grown when needed. */
  private static int[] addRange(int[] a, int n, long range) {
    a = grow(a, 2 * n + 2);
    a[2 * n] = ProtoReader.rangeFrom(range);
    a[2 * n + 1] = ProtoReader.rangeTo(range);
    return a;
  }

  private void readHistogram() {
    nativeFields.clear();
    nNativeExemplars = 0;
    while (sub.more()) {
      sub.readTag(null);
      if (nativeFields.read(sub)) continue;
      switch (sub.field()) {
        case 1 -> sampleCount = sub.varintField("SampleCount");
        case 2 -> sampleSum = normal(sub.doubleField("SampleSum"));
        case 3 -> items = addRange(items, nItems++, sub.lenField("Bucket"));
        case 4 -> sampleCountFloat = sub.doubleField("SampleCountFloat");
        case 15 -> createdMs = readTimestamp();
        case 16 -> nativeExemplars = addRange(nativeExemplars, nNativeExemplars++, sub.lenField("Exemplars"));
        default -> sub.skip();
      }
    }
    isNative = nativeFields.present();
  }

  /** A {@code google.protobuf.Timestamp} field in ms, as Prometheus: {@code seconds * 1000 + nanos / 1e6}. */
  private long readTimestamp() {
    long r = sub.lenField("CreatedTimestamp");
    int saveEnd = sub.limit();
    sub.position(ProtoReader.rangeFrom(r));
    sub.limit(ProtoReader.rangeTo(r));
    long seconds = 0;
    long nanos = 0;
    while (sub.more()) {
      sub.readTag(null);
      switch (sub.field()) {
        case 1 -> seconds = sub.varintField("Seconds");
        case 2 -> nanos = (int) sub.varintField("Nanos");
        default -> sub.skip();
      }
    }
    sub.limit(saveEnd);
    return seconds * 1000 + nanos / 1_000_000;
  }

  // ---- the series key ----

  /** Name and suffix, then {@code 0xff name 0xff value} per label as exposed, then the magic label with its raw bits. */
  private void buildKey() {
    keyLen = 0;
    put(nameFrom, nameTo);
    for (int k = 0; k < magicSuffix.length(); k++) putByte((byte) magicSuffix.charAt(k));
    for (int k = 0; k < nLabelPos; k += 4) {
      putByte(SEP);
      put(labelPos[k], labelPos[k + 1]);
      putByte(SEP);
      put(labelPos[k + 2], labelPos[k + 3]);
    }
    if (magicLabel != null) {
      putByte(SEP);
      putByte((byte) magicLabel.charAt(0));
      putByte(SEP);
      long bits = Double.doubleToLongBits(magicValue);
      for (int k = 0; k < 8; k++) putByte((byte) (bits >>> (8 * k)));
    }
  }

  private void put(int from, int to) {
    int n = to - from;
    if (keyLen + n > key.length) key = Arrays.copyOf(key, Math.max(key.length * 2, keyLen + n));
    System.arraycopy(in.array(), from, key, keyLen, n);
    keyLen += n;
  }

  private void putByte(byte x) {
    if (keyLen == key.length) key = Arrays.copyOf(key, key.length * 2);
    key[keyLen++] = x;
  }

  // ---- accessors ----

  @Override
  public byte[] seriesBytes() {
    return key;
  }

  @Override
  public int seriesOffset() {
    return 0;
  }

  @Override
  public int seriesLength() {
    return keyLen;
  }

  @Override
  public double value() {
    return val;
  }

  @Override
  public boolean hasTimestamp() {
    return timestampMs != 0;
  }

  @Override
  public long timestamp() {
    return timestampMs;
  }

  @Override
  public Labels labels() {
    Labels.Builder lb = Labels.builder();
    lb.set(Labels.METRIC_NAME, str(nameFrom, nameTo) + magicSuffix);
    for (int k = 0; k < nLabelPos; k += 4) {
      String name = str(labelPos[k], labelPos[k + 1]);
      if (!lb.get(name).isEmpty() || name.equals(Labels.METRIC_NAME)
          || (magicLabel != null && name.equals(magicLabel))) {
        throw error("label name " + GoQuote.quote(name) + " is not unique: invalid sample");
      }
      lb.set(name, str(labelPos[k + 2], labelPos[k + 3]));
    }
    if (magicLabel != null) lb.set(magicLabel, GoFloat.formatOpenMetrics(magicValue));
    return lb.build();
  }

  @Override
  public FloatHistogram histogram() {
    if (entry != Entry.HISTOGRAM) throw new IllegalStateException("not on a native histogram");
    try {
      return nativeFields.build(sampleCount, sampleCountFloat, sampleSum, type == TYPE_GAUGE_HISTOGRAM);
    } catch (ParseException e) {
      state = S_EOF;
      throw e;
    }
  }

  @Override
  public boolean exemplar(Exemplar into) {
    if (exemplarReturned) return false;
    int from = -1;
    int to = -1;
    if (entry == Entry.SERIES && type == TYPE_COUNTER) {
      from = exemplarFrom;
      to = exemplarTo;
    } else if (entry == Entry.SERIES && (type == TYPE_HISTOGRAM || type == TYPE_GAUGE_HISTOGRAM)
        && fieldPos >= 0 && fieldPos < nItems) {
      long r = fieldRange(items[2 * fieldPos], items[2 * fieldPos + 1], 3);
      if (r >= 0) {
        from = (int) (r >>> 32);
        to = (int) r;
      }
    } else if (entry == Entry.HISTOGRAM) {
      // The exemplars list when given, else the buckets'; only exemplars with a timestamp.
      for (int k = 0; k < nNativeExemplars && from < 0; k++) {
        if (fieldRange(nativeExemplars[2 * k], nativeExemplars[2 * k + 1], 3) >= 0) {
          from = nativeExemplars[2 * k];
          to = nativeExemplars[2 * k + 1];
        }
      }
      for (int k = 0; nNativeExemplars == 0 && k < nItems && from < 0; k++) {
        long r = fieldRange(items[2 * k], items[2 * k + 1], 3);
        if (r >= 0 && fieldRange((int) (r >>> 32), (int) r, 3) >= 0) {
          from = (int) (r >>> 32);
          to = (int) r;
        }
      }
    }
    if (from < 0) return false;
    readExemplar(from, to, into);
    exemplarReturned = true;
    return true;
  }

  /** The range of the last length-delimited field {@code field} in a message, as {@code from << 32 | to}, or -1. */
  private long fieldRange(int from, int to, int field) {
    ProtoReader c = new ProtoReader(ProtobufParser::wireError);
    c.reset(in.array(), from, to - from);
    long found = -1;
    while (c.more()) {
      c.readTag(null);
      if (c.field() == field && c.wireType() == ProtoReader.LEN) {
        int e = c.readLengthEnd();
        found = ((long) c.position() << 32) | e;
        c.position(e);
      } else {
        c.skip();
      }
    }
    return found;
  }

  private void readExemplar(int from, int to, Exemplar into) {
    ProtoReader c = new ProtoReader(ProtobufParser::wireError);
    c.reset(in.array(), from, to - from);
    Labels.Builder lb = Labels.builder();
    into.value = 0;
    into.hasTimestamp = false;
    into.timestamp = 0;
    while (c.more()) {
      c.readTag(null);
      if (c.field() == 1 && c.wireType() == ProtoReader.LEN) {
        int e = c.readLengthEnd();
        long name = fieldRange(c.position(), e, 1);
        long value = fieldRange(c.position(), e, 2);
        lb.set(name < 0 ? "" : str((int) (name >>> 32), (int) name), value < 0 ? "" : str((int) (value >>> 32), (int) value));
        c.position(e);
      } else if (c.field() == 2 && c.wireType() == ProtoReader.FIXED64) {
        into.value = c.readDouble();
      } else if (c.field() == 3 && c.wireType() == ProtoReader.LEN) {
        int e = c.readLengthEnd();
        long seconds = 0;
        long nanos = 0;
        int saveEnd = c.limit();
        c.limit(e);
        while (c.more()) {
          c.readTag(null);
          if (c.field() == 1 && c.wireType() == ProtoReader.VARINT) seconds = c.readVarint();
          else if (c.field() == 2 && c.wireType() == ProtoReader.VARINT) nanos = (int) c.readVarint();
          else c.skip();
        }
        c.limit(saveEnd);
        into.hasTimestamp = true;
        into.timestamp = seconds * 1000 + nanos / 1_000_000;
      } else {
        c.skip();
      }
    }
    into.labels = lb.build();
  }

  @Override
  public long createdTimestamp() {
    return type == TYPE_GAUGE || type == TYPE_UNTYPED ? 0 : createdMs;
  }

  @Override
  public String metricFamily() {
    return str(nameFrom, nameTo);
  }

  @Override
  public MetricType type() {
    return switch (type) {
      case TYPE_COUNTER -> MetricType.COUNTER;
      case TYPE_GAUGE -> MetricType.GAUGE;
      case TYPE_SUMMARY -> MetricType.SUMMARY;
      case TYPE_HISTOGRAM -> MetricType.HISTOGRAM;
      case TYPE_GAUGE_HISTOGRAM -> MetricType.GAUGE_HISTOGRAM;
      default -> MetricType.UNKNOWN;
    };
  }

  @Override
  public String help() {
    return str(helpFrom, helpTo);
  }

  @Override
  public String unit() {
    return str(unitFrom, unitTo);
  }

  @Override
  public String comment() {
    return "";
  }

  /** Protobuf has no lines: always 0. */
  @Override
  public int line() {
    return 0;
  }

  // ---- helpers ----

  private String str(int from, int to) {
    return new String(in.array(), from, to - from, StandardCharsets.UTF_8);
  }

  private boolean validUtf8(int from, int to) {
    return TextParser.validUtf8(in.array(), from, to - from);
  }

  private ParseException error(String message) {
    state = S_EOF;
    return new ParseException(message, 0, 0);
  }

  private static double normal(double v) {
    return Double.isNaN(v) ? GoFloat.NORMAL_NAN : v;
  }

  private static int[] grow(int[] a, int need) {
    return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
  }
}
