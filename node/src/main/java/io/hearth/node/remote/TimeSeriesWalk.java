package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.FIXED64;
import static io.hearth.sharding.wire.ProtoReader.LEN;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.sharding.wire.ProtoReader;

/**
 * The walk over one remote-write {@code TimeSeries} message that 1.0 and 2.0 share: a first pass
 * that counts samples and histograms and hands the version's own fields (labels, label references,
 * metadata, created timestamp) to its {@link Fields}, and, once the version has started the series
 * in the sink, a second pass that delivers samples, native histograms and exemplars in wire order.
 * Samples are {@code Sample{value=1 double, timestamp=2 int64}} at field 2 in both versions; the
 * histogram and exemplar field numbers are the version's.
 *
 * <p>A native histogram whose spans and buckets disagree fails the request ({@link BadRequest},
 * {@code INVALID_HISTOGRAM}, Prometheus's {@code histogram.Validate} text plus {@code " for series
 * {...}"}). Reusable series after series over its decoder's reader; not thread-safe.
 */
final class TimeSeriesWalk {
  /** The version's part of a {@code TimeSeries}. */
  interface Fields {
    /**
     * Reads field {@code field} (tag already read, which started at {@code tagAt}) when it is one
     * of the version's own, and answers true; false leaves it to the walk, which skips it.
     */
    boolean field(int field, int tagAt);

    /** Reads one exemplar (the reader narrowed to its message) and gives it to {@code sink}. */
    void exemplar(WriteSink sink);
  }

  private static final int SAMPLES = 2;

  private final ProtoReader r;
  private final DecodeTally tally;
  private final int histogramsField;
  private final int exemplarsField;
  private final HistogramDecoder hist = new HistogramDecoder();
  private int start;
  /** Samples in the series, counted by {@link #scan}. */
  int samples;
  /** Native histograms in the series, counted by {@link #scan}. */
  int histograms;

  TimeSeriesWalk(ProtoReader r, DecodeTally tally, int histogramsField, int exemplarsField) {
    this.r = r;
    this.tally = tally;
    this.histogramsField = histogramsField;
    this.exemplarsField = exemplarsField;
  }

  /** The first pass, from the reader's position to its limit: counts, and the version's fields to {@code fields}. */
  void scan(Fields fields) {
    start = r.position();
    samples = 0;
    histograms = 0;
    while (r.more()) {
      int tagAt = r.position();
      int field = r.readTag("TimeSeries");
      if (field == SAMPLES) {
        r.expect(LEN, "Samples");
        r.position(r.readLengthEnd());
        samples++;
      } else if (field == histogramsField) {
        r.expect(LEN, "Histograms");
        r.position(r.readLengthEnd());
        histograms++;
      } else if (field == exemplarsField) {
        r.expect(LEN, "Exemplars");
        r.position(r.readLengthEnd());
      } else if (!fields.field(field, tagAt)) {
        r.skip();
      }
    }
  }

  /**
   * The second pass over the series {@link #scan} read: its samples, histograms and exemplars to
   * {@code sink}, whose current series it is ({@code labels} name it in a histogram's error).
   */
  void deliver(WriteSink sink, SeriesLabels labels, Fields fields) {
    r.position(start);
    while (r.more()) {
      int field = r.readTag("TimeSeries");
      if (field == SAMPLES) {
        int old = r.enter();
        sample(sink);
        r.leave(old);
      } else if (field == histogramsField) {
        int old = r.enter();
        hist.decode(r);
        r.leave(old);
        String bad = hist.validate();
        if (bad != null) {
          throw new BadRequest(BadRequest.Reason.INVALID_HISTOGRAM, bad + " for series " + labels.text(), r.position());
        }
        sink.histogram(hist.timestamp, hist.h);
        tally.histograms++;
      } else if (field == exemplarsField) {
        int old = r.enter();
        fields.exemplar(sink);
        r.leave(old);
      } else {
        r.skip();
      }
    }
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
