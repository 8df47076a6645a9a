package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.LEN;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.sharding.api.text.MetricType;
import io.hearth.sharding.wire.ProtoReader;
import io.hearth.sharding.wire.SeriesCache;

/**
 * Decodes a Prometheus remote-write 1.0 body ({@code prometheus.WriteRequest}, already
 * decompressed) into a {@link WriteSink}, streaming, with no object per sample.
 *
 * <p>Wire: {@code WriteRequest{timeseries=1, metadata=3}}, {@code TimeSeries{labels=1, samples=2,
 * exemplars=3, histograms=4}}, {@code Label{name=1, value=2}}, {@code Sample{value=1 double,
 * timestamp=2 int64}}, {@code MetricMetadata{type=1, metric_family_name=2, help=4, unit=5}}.
 * Unknown fields are skipped; fields may come in any order (each series is read twice over its own
 * bytes: labels first, then samples).
 *
 * <p>What is refused, and how, as Prometheus 3.x:
 * <ul>
 *   <li>A body that does not parse: {@link BadRequest} ({@code MALFORMED_PROTOBUF}, HTTP 400) with
 *       gogo-protobuf's text (see {@link ProtoReader}); the whole request fails and the caller rolls
 *       back what the sink staged.
 *   <li>A series with invalid labels (see {@link SeriesLabels}): per series. Under {@link
 *       DecodeOptions#DEFAULT} it is skipped and reported to {@link WriteSink#invalidSeries}, and
 *       the request goes on; Prometheus 3.x then still answers 204. Under {@code REJECT_REQUEST} the
 *       whole request fails with 400.
 *   <li>A native histogram whose spans and buckets disagree: whole request, 400, text of
 *       Prometheus's {@code histogram.Validate} plus {@code " for series {...}"} (Prometheus fails
 *       such a request at append time, with a 500; a client error is the truer answer).
 * </ul>
 * Exemplars ({@code Exemplar{labels=1, value=2 double, timestamp=3 int64}}) are delivered after
 * the series started, in wire order. Reusable for request after request; not thread-safe (one per
 * thread).
 */
public final class RemoteWriteDecoder {
  private final DecodeOptions options;
  private final SeriesCache cache;
  private final ProtoReader r = new ProtoReader(BadRequest::malformedProtobuf);
  private final SeriesLabels labels;
  private final DecodeTally tally = new DecodeTally();
  // TimeSeries{labels=1, samples=2, exemplars=3, histograms=4}
  private final TimeSeriesWalk walk = new TimeSeriesWalk(r, tally, 4, 3);
  private final Fields fields = new Fields();
  private final ExemplarFields exemplar = new ExemplarFields();
  private final ExemplarFields.LabelsField readExemplarLabel = this::exemplarLabel;
  private io.hearth.sharding.api.Labels.Builder exemplarLabels;

  public RemoteWriteDecoder() {
    this(DecodeOptions.DEFAULT);
  }

  public RemoteWriteDecoder(DecodeOptions options) {
    this(options, SeriesCache.NONE);
  }

  /**
   * A decoder that looks each series' label bytes up in {@code cache} (which must belong to these
   * {@code options}) before decoding them, and stores the labels of each valid series it decodes.
   */
  public RemoteWriteDecoder(DecodeOptions options, SeriesCache cache) {
    this.options = options;
    this.cache = cache;
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
    labels.reset(buf, null);
    tally.reset();
    try {
      while (r.more()) {
        int field = r.readTag("WriteRequest");
        if (field == 1) {
          r.expect(LEN, "Timeseries");
          int old = r.enter();
          timeSeries(sink);
          r.leave(old);
        } else if (field == 3) {
          r.expect(LEN, "Metadata");
          int old = r.enter();
          metadata(sink);
          r.leave(old);
        } else {
          r.skip();
        }
      }
      return tally.result();
    } finally {
      r.release();
      labels.release();
    }
  }

  /** 1.0's own fields of a {@code TimeSeries}: its labels (field 1), whose bytes key the series cache. */
  private final class Fields implements TimeSeriesWalk.Fields {
    // The label fields' bytes, when they come one after another (as every client sends them).
    int labelsFrom;
    int labelsTo;
    boolean contiguous;

    void reset() {
      labelsFrom = -1;
      labelsTo = -1;
      contiguous = true;
    }

    /** Notes where the label fields lie and skips them: their bytes are parsed only for a series the cache lacks. */
    @Override
    public boolean field(int field, int tagAt) {
      if (field != 1) return false;
      r.expect(LEN, "Labels");
      if (labelsFrom < 0) labelsFrom = tagAt;
      else if (labelsTo != tagAt) contiguous = false;
      r.position(r.readLengthEnd());
      labelsTo = r.position();
      return true;
    }

    @Override
    public void exemplar(WriteSink sink) {
      RemoteWriteDecoder.this.exemplar(sink);
    }
  }

  /**
   * One series. Its label bytes are looked up in the cache before they are parsed: bytes equal to
   * an entry's were parsed and validated when the entry was made, so a hit skips both. A series
   * with histograms has its labels parsed anyway, since they name it in a histogram's error.
   */
  private void timeSeries(WriteSink sink) {
    labels.reset(r.array(), null);
    fields.reset();
    int start = r.position();
    walk.scan(fields);
    int labelsFrom = fields.labelsFrom;
    boolean cacheable = fields.contiguous && labelsFrom >= 0;
    int rawLen = fields.labelsTo - labelsFrom;
    long h = cacheable ? SeriesCache.hash(r.array(), labelsFrom, rawLen) : 0;
    io.hearth.sharding.api.Labels series = cacheable ? cache.get(h, r.array(), labelsFrom, rawLen) : null;
    if (series == null || walk.histograms > 0) parseLabels(start);
    if (series == null) {
      InvalidSeriesReason invalid = labels.validate();
      if (invalid != null) {
        tally.invalid(options, sink, invalid, labels.message(), walk.samples, walk.histograms);
        return;
      }
      series = labels.build();
      if (cacheable) cache.put(h, r.array(), labelsFrom, rawLen, series);
    }
    sink.series(series);
    tally.series++;
    walk.deliver(sink, labels, fields);
  }

  /** Parses every label field of the series that starts at {@code start} into {@link #labels}, in wire order. */
  private void parseLabels(int start) {
    int end = r.position();
    r.position(start);
    while (r.more()) {
      int field = r.readTag("TimeSeries");
      if (field == 1) {
        int old = r.enter();
        label();
        r.leave(old);
      } else {
        r.skip();
      }
    }
    r.position(end);
  }

  private void label() {
    int nOff = 0;
    int nLen = 0;
    int vOff = 0;
    int vLen = 0;
    while (r.more()) {
      int field = r.readTag("Label");
      if (field == 1) {
        r.expect(LEN, "Name");
        int end = r.readLengthEnd();
        nOff = r.position();
        nLen = end - r.position();
        r.position(end);
      } else if (field == 2) {
        r.expect(LEN, "Value");
        int end = r.readLengthEnd();
        vOff = r.position();
        vLen = end - r.position();
        r.position(end);
      } else {
        r.skip();
      }
    }
    labels.add(nOff, nLen, vOff, vLen);
  }

  /** Only bodies with exemplars come here: the labels are built as strings, once per exemplar. */
  private void exemplar(WriteSink sink) {
    exemplarLabels = io.hearth.sharding.api.Labels.builder();
    exemplar.read(r, readExemplarLabel);
    sink.exemplar(exemplarLabels.build(), exemplar.value, exemplar.timestamp);
    tally.exemplars++;
  }

  /** One {@code Label{name=1, value=2}} of an exemplar into {@link #exemplarLabels}. */
  private void exemplarLabel() {
    r.expect(LEN, "Labels");
    int old = r.enter();
    String name = "";
    String value = "";
    while (r.more()) {
      int f = r.readTag("Label");
      if (f == 1) name = lenientString("Name");
      else if (f == 2) value = lenientString("Value");
      else r.skip();
    }
    r.leave(old);
    exemplarLabels.set(name, value);
  }

  private void metadata(WriteSink sink) {
    long type = 0;
    String family = "";
    String help = "";
    String unit = "";
    while (r.more()) {
      int field = r.readTag("MetricMetadata");
      switch (field) {
        case 1 -> {
          r.expect(VARINT, "Type");
          type = r.readVarint32();
        }
        case 2 -> family = lenientString("MetricFamilyName");
        case 4 -> help = lenientString("Help");
        case 5 -> unit = lenientString("Unit");
        default -> r.skip();
      }
    }
    sink.metadata(family, MetricType.ofNumber(type), help, unit);
    tally.metadata++;
  }

  private String lenientString(String field) {
    r.expect(LEN, field);
    int end = r.readLengthEnd();
    String s = Utf8.decodeLenient(r.array(), r.position(), end - r.position());
    r.position(end);
    return s;
  }
}
