package io.hearth.node.remote;

import static io.hearth.node.remote.ProtoReader.FIXED64;
import static io.hearth.node.remote.ProtoReader.LEN;
import static io.hearth.node.remote.ProtoReader.VARINT;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import java.util.Arrays;

/**
 * Decodes a Prometheus remote-write 2.0 body ({@code io.prometheus.write.v2.Request}, already
 * decompressed) into a {@link WriteSink}, streaming, with no object per sample.
 *
 * <p>Wire: {@code Request{symbols=4, timeseries=5}} (1 to 3 reserved), {@code
 * TimeSeries{labels_refs=1 packed uint32, samples=2, histograms=3, exemplars=4, metadata=5,
 * created_timestamp=6}}, {@code Sample{value=1, timestamp=2}}, {@code Metadata{type=1, help_ref=3,
 * unit_ref=4}}. The symbols are indexed in a first pass (they may follow the series on the wire),
 * and each symbol becomes a string at most once per request.
 *
 * <p>Refusals follow Prometheus 3.x's 2.0 handler, which allows partial writes: a series with
 * invalid labels is skipped (under {@link DecodeOptions#DEFAULT}) and its message, Prometheus's
 * text, is gathered in {@link DecodeResult#invalidSeriesMessage()}; the handler commits the rest and
 * answers 400 with that text and the written-count headers. Labels references that are odd in
 * number or point past the symbols table (Prometheus panics on those) and metadata references past
 * it are refused the same way, as {@link InvalidSeriesReason#INVALID_SYMBOL_REFERENCE}. A body that
 * does not parse, or an inconsistent native histogram, fails the whole request with 400 as in
 * {@link RemoteWriteDecoder}. Exemplars ({@code Exemplar{labels_refs=1
 * packed uint32, value=2 double, timestamp=3 int64}}) are delivered after the series started, in
 * wire order; an exemplar whose references are odd in number or out of range is dropped (counted by
 * nothing: exemplars are best effort). Reusable; not thread-safe.
 */
public final class RemoteWriteV2Decoder {
  private final DecodeOptions options;
  private final ProtoReader r = new ProtoReader();
  private final SymbolTable symbols = new SymbolTable();
  private final SeriesLabels labels;
  private final HistogramDecoder hist = new HistogramDecoder();
  private final DecodeTally tally = new DecodeTally();
  private final ExemplarFields exemplar = new ExemplarFields();
  private final ExemplarFields.LabelsField readLabelRefs = this::labelRefs;
  private int[] refs = new int[32];
  private int refN;

  public RemoteWriteV2Decoder() {
    this(DecodeOptions.DEFAULT);
  }

  public RemoteWriteV2Decoder(DecodeOptions options) {
    this.options = options;
    this.labels = new SeriesLabels(options);
  }

  /**
   * Decodes {@code buf[off, off+len)} into {@code sink}.
   *
   * @throws BadRequest when the body is malformed, a histogram is inconsistent, or (under {@code
   *     REJECT_REQUEST}) a series is invalid; the caller must then discard what the sink staged
   */
  public DecodeResult decode(byte[] buf, int off, int len, WriteSink sink) {
    r.reset(buf, off, len);
    symbols.reset(buf);
    tally.reset();
    try {
      while (r.more()) {
        int field = r.readTag("Request");
        if (field == 4) {
          r.expect(LEN, "Symbols");
          int end = r.readLengthEnd();
          symbols.add(r.pos, end - r.pos);
          r.pos = end;
        } else if (field == 5) {
          r.expect(LEN, "Timeseries");
          r.pos = r.readLengthEnd();
        } else {
          r.skip();
        }
      }
      r.pos = off;
      while (r.more()) {
        int field = r.readTag("Request");
        if (field == 5) {
          int old = r.enter();
          timeSeries(sink);
          r.leave(old);
        } else {
          r.skip();
        }
      }
      return tally.result();
    } finally {
      r.release();
      symbols.clear();
      labels.release();
    }
  }

  private void timeSeries(WriteSink sink) {
    int start = r.pos;
    refN = 0;
    int nSamples = 0;
    int nHistograms = 0;
    boolean hasMetadata = false;
    long metaType = 0;
    long helpRef = 0;
    long unitRef = 0;
    long created = 0;
    while (r.more()) {
      int field = r.readTag("TimeSeries");
      switch (field) {
        case 1 -> labelRefs();
        case 2 -> {
          r.expect(LEN, "Samples");
          r.pos = r.readLengthEnd();
          nSamples++;
        }
        case 3 -> {
          r.expect(LEN, "Histograms");
          r.pos = r.readLengthEnd();
          nHistograms++;
        }
        case 4 -> {
          r.expect(LEN, "Exemplars");
          r.pos = r.readLengthEnd();
        }
        case 5 -> {
          r.expect(LEN, "Metadata");
          hasMetadata = true;
          int old = r.enter();
          while (r.more()) {
            int f = r.readTag("Metadata");
            if (f == 1) {
              r.expect(VARINT, "Type");
              metaType = r.readVarint32();
            } else if (f == 3) {
              r.expect(VARINT, "HelpRef");
              helpRef = Integer.toUnsignedLong(r.readVarint32());
            } else if (f == 4) {
              r.expect(VARINT, "UnitRef");
              unitRef = Integer.toUnsignedLong(r.readVarint32());
            } else {
              r.skip();
            }
          }
          r.leave(old);
        }
        case 6 -> {
          r.expect(VARINT, "CreatedTimestamp");
          created = r.readVarint();
        }
        default -> r.skip();
      }
    }
    String refError = checkRefs(helpRef, unitRef);
    if (refError != null) {
      tally.invalid(options, sink, InvalidSeriesReason.INVALID_SYMBOL_REFERENCE, refError, nSamples, nHistograms);
      return;
    }
    labels.reset(r.buf, symbols);
    for (int i = 0; i < refN; i += 2) {
      labels.addSymbols(refs[i], refs[i + 1]);
    }
    InvalidSeriesReason invalid = labels.validate();
    if (invalid != null) {
      tally.invalid(options, sink, invalid, labels.message(), nSamples, nHistograms);
      return;
    }
    sink.series(labels.build());
    tally.series++;
    if (created != 0) {
      sink.createdTimestamp(created);
    }
    r.pos = start;
    while (r.more()) {
      int field = r.readTag("TimeSeries");
      if (field == 2) {
        int old = r.enter();
        sample(sink);
        r.leave(old);
      } else if (field == 3) {
        int old = r.enter();
        hist.decode(r);
        r.leave(old);
        String bad = hist.validate();
        if (bad != null) {
          throw new BadRequest(BadRequest.Reason.INVALID_HISTOGRAM, bad + " for series " + labels.text(), r.pos);
        }
        sink.histogram(hist.timestamp, hist.h);
        tally.histograms++;
      } else if (field == 4) {
        int old = r.enter();
        exemplar(sink);
        r.leave(old);
      } else {
        r.skip();
      }
    }
    if (hasMetadata) {
      sink.metadata(labels.metricName(), MetricType.ofNumber(metaType), symbol(helpRef), symbol(unitRef));
      tally.metadata++;
    }
  }

  /** A help or unit text; reference 0 into an empty table (a sender's omission) reads as empty. */
  private String symbol(long ref) {
    return ref < symbols.count() ? symbols.lenientString((int) ref) : "";
  }

  /** Only bodies with exemplars come here: the labels are built as strings, once per exemplar. */
  private void exemplar(WriteSink sink) {
    // The series' label references are used up (its labels were built): the array takes the exemplar's.
    refN = 0;
    exemplar.read(r, readLabelRefs);
    if ((refN & 1) != 0) return;
    io.hearth.sharding.api.Labels.Builder b = io.hearth.sharding.api.Labels.builder();
    for (int i = 0; i < refN; i += 2) {
      long name = Integer.toUnsignedLong(refs[i]);
      long value = Integer.toUnsignedLong(refs[i + 1]);
      if (name >= symbols.count() || value >= symbols.count()) return;
      b.set(symbols.lenientString((int) name), symbols.lenientString((int) value));
    }
    sink.exemplar(b.build(), exemplar.value, exemplar.timestamp);
    tally.exemplars++;
  }

  private void labelRefs() {
    if (r.wireType == VARINT) {
      addRef(r.readVarint32());
    } else if (r.wireType == LEN) {
      int end = r.readLengthEnd();
      int old = r.limit;
      r.limit = end;
      while (r.more()) {
        addRef(r.readVarint32());
      }
      r.limit = old;
    } else {
      throw r.wrongWireType("LabelsRefs");
    }
  }

  private void addRef(int ref) {
    if (refN == refs.length) {
      refs = Arrays.copyOf(refs, refN * 2);
    }
    refs[refN++] = ref;
  }

  private String checkRefs(long helpRef, long unitRef) {
    if ((refN & 1) != 0) {
      return "invalid labels_refs for series, got " + refN + " references, want an even number";
    }
    int n = symbols.count();
    for (int i = 0; i < refN; i++) {
      long ref = Integer.toUnsignedLong(refs[i]);
      if (ref >= n) {
        return "invalid labels_refs for series, symbol reference " + ref + " is out of range for " + n + " symbols";
      }
    }
    if (helpRef >= n && helpRef != 0) {
      return "invalid metadata help_ref for series, symbol reference " + helpRef + " is out of range for " + n + " symbols";
    }
    if (unitRef >= n && unitRef != 0) {
      return "invalid metadata unit_ref for series, symbol reference " + unitRef + " is out of range for " + n + " symbols";
    }
    return null;
  }

  private void sample(WriteSink sink) {
    double v = 0;
    long t = 0;
    while (r.more()) {
      int field = r.readTag("Sample");
      if (field == 1) {
        r.expect(FIXED64, "Value");
        v = r.readDouble();
      } else if (field == 2) {
        r.expect(VARINT, "Timestamp");
        t = r.readVarint();
      } else {
        r.skip();
      }
    }
    sink.sample(t, v);
    tally.samples++;
  }
}
