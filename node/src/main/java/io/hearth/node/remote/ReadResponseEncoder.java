package io.hearth.node.remote;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.wire.ProtoReader;

/**
 * Encodes a remote-read SAMPLES answer, {@code prometheus.ReadResponse{results=1:
 * QueryResult{timeseries=1: TimeSeries{labels=1, samples=2, histograms=4}}}}, from series the caller
 * streams in, then snappy-compresses it.
 *
 * <p>Use: for each query in request order {@link #startResult()}; for each series {@link
 * #series(Labels)}, then its {@link #sample}s in time order and {@link #histogram}s; finally {@link
 * #toSnappy()} (or {@link #toByteArray()}). Each call closes what came before: no explicit ends.
 * Fields are written in ascending number with proto3 defaults left out, as Prometheus's gogo
 * marshaller does, except that a sample value of negative zero keeps its sign (any bit pattern but
 * +0.0 is written, so stale NaN survives). Histograms go out as float histograms, as Prometheus's
 * {@code FromFloatHistogram}. Reusable after {@link #reset()}; not thread-safe.
 */
public final class ReadResponseEncoder {
  private final ProtoWriter out = new ProtoWriter(4096);
  private final ProtoWriter result = new ProtoWriter(4096);
  private final ProtoWriter head = new ProtoWriter(256);
  private final ProtoWriter samples = new ProtoWriter(1024);
  private final ProtoWriter histograms = new ProtoWriter(256);
  private final ProtoWriter scratch = new ProtoWriter(256);
  private final ProtoWriter span = new ProtoWriter(16);
  private boolean inResult;
  private boolean inSeries;
  private int results;

  public void reset() {
    out.reset();
    result.reset();
    head.reset();
    samples.reset();
    histograms.reset();
    inResult = false;
    inSeries = false;
    results = 0;
  }

  /** Opens the answer to the next query (answers must follow the request's query order). */
  public void startResult() {
    closeResult();
    inResult = true;
    results++;
  }

  /** Opens a series in the current result. */
  public void series(Labels labels) {
    if (!inResult) {
      throw new IllegalStateException("series outside a query result: call startResult() first");
    }
    closeSeries();
    inSeries = true;
    for (int i = 0; i < labels.size(); i++) {
      scratch.reset();
      scratch.stringField(1, labels.name(i));
      scratch.stringField(2, labels.value(i));
      head.message(1, scratch);
    }
  }

  public void sample(long t, double v) {
    checkSeries();
    long bits = Double.doubleToRawLongBits(v);
    int len = (bits != 0 ? 9 : 0) + (t != 0 ? 1 + varintSize(t) : 0);
    samples.tag(2, ProtoReader.LEN);
    samples.varint(len);
    if (bits != 0) {
      samples.tag(1, ProtoReader.FIXED64);
      samples.fixed64(bits);
    }
    if (t != 0) {
      samples.tag(2, ProtoReader.VARINT);
      samples.varint(t);
    }
  }

  public void histogram(long t, FloatHistogram h) {
    checkSeries();
    ProtoWriter w = scratch;
    w.reset();
    w.doubleField(2, h.count);
    if (h.sum != 0 || Double.isNaN(h.sum)) {
      w.doubleField(3, h.sum);
    }
    if (h.schema != 0) {
      w.sint32Field(4, h.schema);
    }
    if (h.zeroThreshold != 0) {
      w.doubleField(5, h.zeroThreshold);
    }
    w.doubleField(7, h.zeroCount);
    spans(w, 8, h.negativeSpans);
    w.packedDoubles(10, h.negativeBuckets);
    spans(w, 11, h.positiveSpans);
    w.packedDoubles(13, h.positiveBuckets);
    if (h.counterResetHint != FloatHistogram.CounterResetHint.UNKNOWN) {
      w.tag(14, ProtoReader.VARINT);
      w.varint(h.counterResetHint.ordinal());
    }
    if (t != 0) {
      w.tag(15, ProtoReader.VARINT);
      w.varint(t);
    }
    w.packedDoubles(16, h.customValues);
    histograms.message(4, w);
  }

  private void spans(ProtoWriter w, int field, int[] spans) {
    for (int i = 0; i + 1 < spans.length; i += 2) {
      span.reset();
      if (spans[i] != 0) {
        span.sint32Field(1, spans[i]);
      }
      if (spans[i + 1] != 0) {
        span.tag(2, ProtoReader.VARINT);
        span.varint(Integer.toUnsignedLong(spans[i + 1]));
      }
      w.message(field, span);
    }
  }

  /** The number of query results opened so far. */
  public int results() {
    return results;
  }

  /** The encoded {@code ReadResponse}, uncompressed. */
  public byte[] toByteArray() {
    closeResult();
    return out.toByteArray();
  }

  /** The encoded {@code ReadResponse}, snappy block-compressed: the HTTP body. */
  public byte[] toSnappy() {
    closeResult();
    return RemoteWriteBody.compress(out.array(), 0, out.size());
  }

  private void checkSeries() {
    if (!inSeries) {
      throw new IllegalStateException("sample outside a series: call series(labels) first");
    }
  }

  private void closeSeries() {
    if (!inSeries) {
      return;
    }
    result.tag(1, ProtoReader.LEN);
    result.varint((long) head.size() + samples.size() + histograms.size());
    result.append(head);
    result.append(samples);
    result.append(histograms);
    head.reset();
    samples.reset();
    histograms.reset();
    inSeries = false;
  }

  private void closeResult() {
    if (!inResult) {
      return;
    }
    closeSeries();
    out.message(1, result);
    result.reset();
    inResult = false;
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
