package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.LEN;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.sharding.wire.ProtoReader;
import io.hearth.sharding.api.text.MetricType;
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
  private final ProtoReader r = new ProtoReader(BadRequest::malformedProtobuf);
  private final SymbolTable symbols = new SymbolTable();
  private final SeriesLabels labels;
  private final DecodeTally tally = new DecodeTally();
  // TimeSeries{labels_refs=1, samples=2, histograms=3, exemplars=4, metadata=5, created_timestamp=6}
  private final TimeSeriesWalk walk = new TimeSeriesWalk(r, tally, 3, 4);
  private final Fields fields = new Fields();
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
          symbols.add(r.position(), end - r.position());
          r.position(end);
        } else if (field == 5) {
          r.expect(LEN, "Timeseries");
          r.position(r.readLengthEnd());
        } else {
          r.skip();
        }
      }
      r.position(off);
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

  /** 2.0's own fields of a {@code TimeSeries}: label references, metadata and created timestamp. */
  private final class Fields implements TimeSeriesWalk.Fields {
    boolean hasMetadata;
    long metaType;
    long helpRef;
    long unitRef;
    long created;

    void reset() {
      refN = 0;
      hasMetadata = false;
      metaType = 0;
      helpRef = 0;
      unitRef = 0;
      created = 0;
    }

    @Override
    public boolean field(int field, int tagAt) {
      switch (field) {
        case 1 -> labelRefs();
        case 5 -> metadata();
        case 6 -> {
          r.expect(VARINT, "CreatedTimestamp");
          created = r.readVarint();
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    private void metadata() {
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

    @Override
    public void exemplar(WriteSink sink) {
      RemoteWriteV2Decoder.this.exemplar(sink);
    }
  }

  private void timeSeries(WriteSink sink) {
    fields.reset();
    walk.scan(fields);
    String refError = checkRefs(fields.helpRef, fields.unitRef);
    if (refError != null) {
      tally.invalid(options, sink, InvalidSeriesReason.INVALID_SYMBOL_REFERENCE, refError, walk.samples, walk.histograms);
      return;
    }
    labels.reset(r.array(), symbols);
    for (int i = 0; i < refN; i += 2) {
      labels.addSymbols(refs[i], refs[i + 1]);
    }
    InvalidSeriesReason invalid = labels.validate();
    if (invalid != null) {
      tally.invalid(options, sink, invalid, labels.message(), walk.samples, walk.histograms);
      return;
    }
    sink.series(labels.build());
    tally.series++;
    if (fields.created != 0) {
      sink.createdTimestamp(fields.created);
    }
    walk.deliver(sink, labels, fields);
    if (fields.hasMetadata) {
      sink.metadata(labels.metricName(), MetricType.ofNumber(fields.metaType), symbol(fields.helpRef), symbol(fields.unitRef));
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
    if (r.wireType() == VARINT) {
      addRef(r.readVarint32());
    } else if (r.wireType() == LEN) {
      int end = r.readLengthEnd();
      int old = r.limit();
      r.limit(end);
      while (r.more()) {
        addRef(r.readVarint32());
      }
      r.limit(old);
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
}
