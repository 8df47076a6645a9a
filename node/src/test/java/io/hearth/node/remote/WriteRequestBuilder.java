package io.hearth.node.remote;

import com.google.protobuf.CodedOutputStream;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds remote-write request bodies, 1.0 ({@code prometheus.WriteRequest}) and 2.0 ({@code
 * io.prometheus.write.v2.Request}), with protobuf-java's {@link CodedOutputStream}, for tests here
 * and elsewhere in the node.
 *
 * <pre>{@code
 * byte[] body = WriteRequestBuilder.v1()
 *     .series(Labels.of("__name__", "up", "job", "api")).sample(1000, 1).sample(2000, 0)
 *     .buildSnappy();
 * }</pre>
 *
 * <p>Labels are written exactly as given by {@link #series(String...)} and {@link
 * #seriesBytes(byte[]...)} (order, repeats, empty values, raw bytes), so bad requests can be made
 * too. Switches: {@link #packed(boolean)} (repeated scalars packed or one field per element, both
 * legal), {@link #unknownFields(boolean)} (unknown varint, length, fixed32, fixed64 and group fields
 * in every message), {@link #labelsLast(boolean)} (a series' labels after its samples). Not
 * thread-safe.
 */
public final class WriteRequestBuilder {
  /** An integer-count native histogram as senders write it: bucket counts as deltas. */
  public static final class IntHistogram {
    public int schema;
    public long count;
    public double sum;
    public double zeroThreshold;
    public long zeroCount;
    public int[] positiveSpans = new int[0];
    public long[] positiveDeltas = new long[0];
    public int[] negativeSpans = new int[0];
    public long[] negativeDeltas = new long[0];
    public double[] customValues = new double[0];
    /** 0 unknown, 1 reset, 2 no reset, 3 gauge. */
    public int resetHint;
  }

  private record Sample(long t, double v) {}

  private record Hist(long t, FloatHistogram f, IntHistogram i) {}

  private record Exemplar(byte[][] labels, double v, long t) {}

  private record Meta(String family, MetricType type, String help, String unit) {}

  private static final class Series {
    final byte[][] labels;
    final List<Object> items = new ArrayList<>();
    final List<Exemplar> exemplars = new ArrayList<>();
    Meta meta;
    long created;
    int[] rawRefs;

    Series(byte[][] labels) {
      this.labels = labels;
    }
  }

  private final boolean v2;
  private final List<Series> series = new ArrayList<>();
  private final List<Meta> metadata = new ArrayList<>();
  private final List<String> extraSymbols = new ArrayList<>();
  private boolean packed = true;
  private boolean unknown;
  private boolean labelsLast;
  private boolean symbolsLast;

  private WriteRequestBuilder(boolean v2) {
    this.v2 = v2;
  }

  public static WriteRequestBuilder v1() {
    return new WriteRequestBuilder(false);
  }

  public static WriteRequestBuilder v2() {
    return new WriteRequestBuilder(true);
  }

  public WriteRequestBuilder packed(boolean p) {
    this.packed = p;
    return this;
  }

  public WriteRequestBuilder unknownFields(boolean u) {
    this.unknown = u;
    return this;
  }

  public WriteRequestBuilder labelsLast(boolean l) {
    this.labelsLast = l;
    return this;
  }

  /** 2.0: write the symbols table after the series. */
  public WriteRequestBuilder symbolsLast(boolean s) {
    this.symbolsLast = s;
    return this;
  }

  /** Starts a series with these labels (sorted, as {@link Labels} keeps them). */
  public WriteRequestBuilder series(Labels labels) {
    String[] nv = new String[labels.size() * 2];
    for (int i = 0; i < labels.size(); i++) {
      nv[2 * i] = labels.name(i);
      nv[2 * i + 1] = labels.value(i);
    }
    return series(nv);
  }

  /** Starts a series with labels written exactly as given: alternating names and values. */
  public WriteRequestBuilder series(String... nameValues) {
    byte[][] b = new byte[nameValues.length][];
    for (int i = 0; i < b.length; i++) {
      b[i] = nameValues[i].getBytes(StandardCharsets.UTF_8);
    }
    return seriesBytes(b);
  }

  /** Starts a series with raw label bytes (for invalid UTF-8). */
  public WriteRequestBuilder seriesBytes(byte[]... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + nameValues.length);
    }
    series.add(new Series(nameValues));
    return this;
  }

  /** 2.0: writes these label references verbatim instead of the symbolized labels. */
  public WriteRequestBuilder rawLabelRefs(int... refs) {
    current().rawRefs = refs;
    return this;
  }

  /** 2.0: adds a symbol that no label uses (to make references past the labels legal). */
  public WriteRequestBuilder symbol(String s) {
    extraSymbols.add(s);
    return this;
  }

  public WriteRequestBuilder sample(long t, double v) {
    current().items.add(new Sample(t, v));
    return this;
  }

  /** A float-count histogram ({@code count_float}, absolute {@code *_counts}). */
  public WriteRequestBuilder histogram(long t, FloatHistogram h) {
    current().items.add(new Hist(t, h.copy(), null));
    return this;
  }

  /** An integer-count histogram ({@code count_int}, delta-encoded {@code *_deltas}). */
  public WriteRequestBuilder intHistogram(long t, IntHistogram h) {
    current().items.add(new Hist(t, null, h));
    return this;
  }

  public WriteRequestBuilder exemplar(double v, long t, String... labelNameValues) {
    byte[][] b = new byte[labelNameValues.length][];
    for (int i = 0; i < b.length; i++) {
      b[i] = labelNameValues[i].getBytes(StandardCharsets.UTF_8);
    }
    current().exemplars.add(new Exemplar(b, v, t));
    return this;
  }

  /** 2.0: the current series' created timestamp. */
  public WriteRequestBuilder createdTimestamp(long ms) {
    current().created = ms;
    return this;
  }

  /** 1.0: a request-level metadata entry. 2.0: the current series' metadata ({@code family} unused). */
  public WriteRequestBuilder metadata(String family, MetricType type, String help, String unit) {
    Meta m = new Meta(family, type, help, unit);
    if (v2) {
      current().meta = m;
    } else {
      metadata.add(m);
    }
    return this;
  }

  private Series current() {
    if (series.isEmpty()) {
      throw new IllegalStateException("no series yet: call series(...) first");
    }
    return series.get(series.size() - 1);
  }

  /** The uncompressed protobuf body. */
  public byte[] build() {
    return v2 ? buildV2() : buildV1();
  }

  /** The snappy block-compressed body, as senders post it. */
  public byte[] buildSnappy() {
    byte[] raw = build();
    return RemoteWriteBody.compress(raw, 0, raw.length);
  }

  // ---- 1.0

  private byte[] buildV1() {
    return encode(out -> {
      junk(out);
      for (Series s : series) {
        out.writeByteArray(1, encode(ts -> v1Series(ts, s)));
      }
      for (Meta m : metadata) {
        out.writeByteArray(3, encode(mm -> {
          junk(mm);
          mm.writeEnum(1, m.type().number());
          mm.writeString(2, m.family());
          mm.writeString(4, m.help());
          mm.writeString(5, m.unit());
        }));
      }
    });
  }

  private void v1Series(CodedOutputStream ts, Series s) throws IOException {
    junk(ts);
    if (!labelsLast) {
      v1Labels(ts, 1, s.labels);
    }
    for (Object item : s.items) {
      if (item instanceof Sample smp) {
        ts.writeByteArray(2, sample(smp));
      } else {
        ts.writeByteArray(4, histogram((Hist) item));
      }
    }
    for (Exemplar e : s.exemplars) {
      ts.writeByteArray(3, encode(ex -> {
        v1Labels(ex, 1, e.labels());
        ex.writeDouble(2, e.v());
        ex.writeInt64(3, e.t());
      }));
    }
    if (labelsLast) {
      v1Labels(ts, 1, s.labels);
    }
  }

  private void v1Labels(CodedOutputStream out, int field, byte[][] labels) throws IOException {
    for (int i = 0; i < labels.length; i += 2) {
      byte[] name = labels[i];
      byte[] value = labels[i + 1];
      out.writeByteArray(field, encode(l -> {
        junk(l);
        l.writeByteArray(1, name);
        l.writeByteArray(2, value);
      }));
    }
  }

  // ---- 2.0

  private byte[] buildV2() {
    List<byte[]> symbols = new ArrayList<>();
    Map<ByteBuffer, Integer> index = new HashMap<>();
    symbolize(symbols, index, new byte[0]);
    List<int[]> refs = new ArrayList<>();
    for (Series s : series) {
      if (s.rawRefs != null) {
        refs.add(s.rawRefs);
        continue;
      }
      int[] r = new int[s.labels.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = symbolize(symbols, index, s.labels[i]);
      }
      refs.add(r);
    }
    for (String x : extraSymbols) {
      symbolize(symbols, index, x.getBytes(StandardCharsets.UTF_8));
    }
    for (Series s : series) {
      for (Exemplar e : s.exemplars) {
        for (byte[] l : e.labels()) symbolize(symbols, index, l);
      }
    }
    Map<Series, int[]> metaRefs = new HashMap<>();
    for (Series s : series) {
      if (s.meta != null) {
        metaRefs.put(s, new int[] {
            symbolize(symbols, index, s.meta.help().getBytes(StandardCharsets.UTF_8)),
            symbolize(symbols, index, s.meta.unit().getBytes(StandardCharsets.UTF_8))});
      }
    }
    return encode(out -> {
      junk(out);
      if (!symbolsLast) {
        for (byte[] sym : symbols) {
          out.writeByteArray(4, sym);
        }
      }
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        int[] r = refs.get(k);
        out.writeByteArray(5, encode(ts -> {
          junk(ts);
          if (!labelsLast) {
            uint32s(ts, 1, r);
          }
          for (Object item : s.items) {
            if (item instanceof Sample smp) {
              ts.writeByteArray(2, sample(smp));
            } else {
              ts.writeByteArray(3, histogram((Hist) item));
            }
          }
          for (Exemplar e : s.exemplars) {
            int[] er = new int[e.labels().length];
            for (int i = 0; i < er.length; i++) {
              er[i] = index.getOrDefault(ByteBuffer.wrap(e.labels()[i]), 0);
            }
            ts.writeByteArray(4, encode(ex -> {
              uint32s(ex, 1, er);
              ex.writeDouble(2, e.v());
              ex.writeInt64(3, e.t());
            }));
          }
          if (s.meta != null) {
            int[] mr = metaRefs.get(s);
            ts.writeByteArray(5, encode(m -> {
              junk(m);
              m.writeEnum(1, s.meta.type().number());
              m.writeUInt32(3, mr[0]);
              m.writeUInt32(4, mr[1]);
            }));
          }
          if (s.created != 0) {
            ts.writeInt64(6, s.created);
          }
          if (labelsLast) {
            uint32s(ts, 1, r);
          }
        }));
      }
      if (symbolsLast) {
        for (byte[] sym : symbols) {
          out.writeByteArray(4, sym);
        }
      }
    });
  }

  private static int symbolize(List<byte[]> symbols, Map<ByteBuffer, Integer> index, byte[] s) {
    return index.computeIfAbsent(ByteBuffer.wrap(s), k -> {
      symbols.add(s);
      return symbols.size() - 1;
    });
  }

  private void uint32s(CodedOutputStream out, int field, int[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    if (packed) {
      int size = 0;
      for (int v : values) {
        size += CodedOutputStream.computeUInt32SizeNoTag(v);
      }
      out.writeTag(field, 2);
      out.writeUInt32NoTag(size);
      for (int v : values) {
        out.writeUInt32NoTag(v);
      }
    } else {
      for (int v : values) {
        out.writeUInt32(field, v);
      }
    }
  }

  // ---- shared messages

  private byte[] sample(Sample s) {
    return encode(out -> {
      junk(out);
      out.writeDouble(1, s.v());
      out.writeInt64(2, s.t());
    });
  }

  private byte[] histogram(Hist h) {
    return encode(out -> {
      junk(out);
      if (h.i() != null) {
        IntHistogram ih = h.i();
        out.writeUInt64(1, ih.count);
        out.writeDouble(3, ih.sum);
        out.writeSInt32(4, ih.schema);
        out.writeDouble(5, ih.zeroThreshold);
        out.writeUInt64(6, ih.zeroCount);
        spans(out, 8, ih.negativeSpans);
        sint64s(out, 9, ih.negativeDeltas);
        spans(out, 11, ih.positiveSpans);
        sint64s(out, 12, ih.positiveDeltas);
        out.writeEnum(14, ih.resetHint);
        out.writeInt64(15, h.t());
        doubles(out, 16, ih.customValues);
      } else {
        FloatHistogram f = h.f();
        out.writeDouble(2, f.count);
        out.writeDouble(3, f.sum);
        out.writeSInt32(4, f.schema);
        out.writeDouble(5, f.zeroThreshold);
        out.writeDouble(7, f.zeroCount);
        spans(out, 8, f.negativeSpans);
        doubles(out, 10, f.negativeBuckets);
        spans(out, 11, f.positiveSpans);
        doubles(out, 13, f.positiveBuckets);
        out.writeEnum(14, f.counterResetHint.ordinal());
        out.writeInt64(15, h.t());
        doubles(out, 16, f.customValues);
      }
    });
  }

  private void spans(CodedOutputStream out, int field, int[] spans) throws IOException {
    for (int i = 0; i < spans.length; i += 2) {
      int offset = spans[i];
      int length = spans[i + 1];
      out.writeByteArray(field, encode(s -> {
        junk(s);
        s.writeSInt32(1, offset);
        s.writeUInt32(2, length);
      }));
    }
  }

  private void sint64s(CodedOutputStream out, int field, long[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    if (packed) {
      int size = 0;
      for (long v : values) {
        size += CodedOutputStream.computeSInt64SizeNoTag(v);
      }
      out.writeTag(field, 2);
      out.writeUInt32NoTag(size);
      for (long v : values) {
        out.writeSInt64NoTag(v);
      }
    } else {
      for (long v : values) {
        out.writeSInt64(field, v);
      }
    }
  }

  private void doubles(CodedOutputStream out, int field, double[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    if (packed) {
      out.writeTag(field, 2);
      out.writeUInt32NoTag(8 * values.length);
      for (double v : values) {
        out.writeDoubleNoTag(v);
      }
    } else {
      for (double v : values) {
        out.writeDouble(field, v);
      }
    }
  }

  /** Unknown fields of every wire type, including a group, when switched on. */
  private void junk(CodedOutputStream out) throws IOException {
    if (!unknown) {
      return;
    }
    out.writeUInt64(100, 42);
    out.writeByteArray(101, new byte[] {1, 2, 3});
    out.writeFixed32(102, 7);
    out.writeFixed64(103, -1L);
    out.writeTag(104, 3);
    out.writeUInt64(1, 5);
    out.writeTag(104, 4);
  }

  @FunctionalInterface
  interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  /**
   * A 1.0 request of one series {@code up} whose one sample is {@code sample} as it is: the raw
   * bytes of a {@code Sample} message, for the decoder's handling of odd or broken samples.
   */
  static byte[] upWithRawSample(byte[] sample) {
    byte[] label = encode(out -> {
      out.writeString(1, "__name__");
      out.writeString(2, "up");
    });
    byte[] ts = encode(out -> {
      out.writeByteArray(1, label);
      out.writeByteArray(2, sample);
    });
    return encode(out -> out.writeByteArray(1, ts));
  }

  /** Encodes one message body with a fresh {@link CodedOutputStream}. */
  static byte[] encode(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
