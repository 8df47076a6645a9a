package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.remote.ChunkedReadEncoder;
import io.hearth.node.remote.PromXorChunk;
import io.hearth.node.remote.ReadRequest;
import io.hearth.node.remote.ReadRequestDecoder;
import io.hearth.node.remote.ReadResponseEncoder;
import io.hearth.node.remote.ReadResponseType;
import io.hearth.node.remote.RemoteProtocolException;
import io.hearth.node.remote.RemoteWriteBody;
import io.hearth.node.remote.RemoteWriteHeaders;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.ValueType;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/read}: Prometheus remote read, both response types.
 *
 * <p>SAMPLES: one snappy-compressed {@code ReadResponse} built in memory (bounded by {@link
 * #MAX_READ_SAMPLES}). STREAMED_XOR_CHUNKS: frames of {@code ChunkedReadResponse} written to the
 * connection as they are made ({@link ChunkedReadEncoder}), float samples re-encoded as Prometheus
 * XOR chunks of at most 120 samples ({@link PromXorChunk}); memory holds one frame. The first
 * accepted response type this server supports wins; SAMPLES when the client lists none.
 *
 * <p>As Prometheus's read handler: the external labels are added to every series (a series' own
 * label of the same name wins), an equality matcher on an external label with its value is dropped,
 * and the query's hints narrow the time range ({@code start_ms}/{@code end_ms}) or, with {@code
 * func="series"}, ask for series without samples. {@code step_ms} needs no action: Hearth returns
 * raw samples, as Prometheus does. Reads go through the node's {@link Queryable}, in a cluster
 * the one that gathers from every partition owner.
 */
public final class ReadApi {
  static final long MAX_READ_SAMPLES = 50_000_000L;
  /** Prometheus's head cuts XOR chunks at this many samples; so does this encoder. */
  static final int SAMPLES_PER_CHUNK = 120;
  private static final EnumSet<ReadResponseType> SUPPORTED = EnumSet.of(ReadResponseType.SAMPLES, ReadResponseType.STREAMED_XOR_CHUNKS);

  private final Queryable storage;
  private final Supplier<Labels> externalLabels;
  private final int maxBytesInFrame;

  /**
   * @param externalLabels the configuration's {@code global.external_labels}, read per request
   * @param maxBytesInFrame the STREAMED_XOR_CHUNKS frame budget ({@link
   *     ChunkedReadEncoder#DEFAULT_MAX_BYTES_IN_FRAME} as Prometheus)
   */
  public ReadApi(Queryable storage, Supplier<Labels> externalLabels, int maxBytesInFrame) {
    this.storage = storage;
    this.externalLabels = externalLabels;
    this.maxBytesInFrame = maxBytesInFrame;
  }

  public ApiResponse read(ApiRequest r) {
    ReadRequest req;
    ReadResponseType type;
    try {
      byte[] raw = RemoteWriteBody.decompress(r.body(), 256 << 20);
      req = ReadRequestDecoder.decode(raw, 0, raw.length);
      type = req.negotiate(SUPPORTED);
    } catch (RemoteProtocolException e) {
      throw ApiException.text(e.httpStatus(), e.getMessage());
    }
    Labels external = externalLabels.get();
    List<Selection> selections = new ArrayList<>(req.queries().size());
    for (ReadRequest.Query q : req.queries()) selections.add(Selection.of(q, external));
    if (type == ReadResponseType.STREAMED_XOR_CHUNKS) {
      return ApiResponse.streamed(200, RemoteWriteHeaders.STREAMED_PROTOBUF, out -> streamChunks(selections, external, out));
    }
    return samples(selections, external);
  }

  /** One query as it reaches storage: the range after hints, the matchers after external labels. */
  record Selection(long mint, long maxt, Matcher[] matchers, boolean seriesOnly) {
    static Selection of(ReadRequest.Query q, Labels external) {
      long mint = q.startMs();
      long maxt = q.endMs();
      boolean seriesOnly = false;
      if (q.hints() != null) {
        mint = Math.max(mint, q.hints().startMs());
        maxt = Math.min(maxt, q.hints().endMs());
        seriesOnly = "series".equals(q.hints().func());
      }
      List<Matcher> ms = new ArrayList<>(q.matchers().size());
      for (Matcher m : q.matchers()) {
        String ext = external.get(m.name());
        boolean isExternal = external.has(m.name());
        if (isExternal && m.type() == Matcher.Type.EQ && m.value().equals(ext)) continue;
        ms.add(m);
      }
      return new Selection(mint, maxt, ms.toArray(new Matcher[0]), seriesOnly);
    }

    boolean empty() {
      return mint > maxt || matchers.length == 0;
    }
  }

  private ApiResponse samples(List<Selection> selections, Labels external) {
    ReadResponseEncoder enc = new ReadResponseEncoder();
    long samples = 0;
    FloatHistogram h = new FloatHistogram();
    for (Selection q : selections) {
      enc.startResult();
      if (q.empty()) continue;
      try (Querier querier = storage.querier(q.mint(), q.maxt())) {
        SeriesSet ss = querier.select(true, q.matchers());
        SampleIterator it = null;
        while (ss.next()) {
          enc.series(withExternal(ss.at().labels(), external));
          if (q.seriesOnly()) continue;
          it = ss.at().iterator(it);
          for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
            if (vt == ValueType.FLOAT) enc.sample(it.atT(), it.atV());
            else enc.histogram(it.atT(), it.atHistogram(h));
            if (++samples > MAX_READ_SAMPLES) {
              throw ApiException.text(400, "exceeded sample limit (" + MAX_READ_SAMPLES + ")");
            }
          }
        }
      }
    }
    ApiResponse resp = new ApiResponse(200, RemoteWriteHeaders.PROTOBUF, enc.toSnappy());
    RemoteWriteHeaders.readSamplesResponse().forEach(resp::header);
    return resp;
  }

  private void streamChunks(List<Selection> selections, Labels external, OutputStream out) throws Exception {
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, maxBytesInFrame);
    SeriesChunker chunker = new SeriesChunker(enc, SAMPLES_PER_CHUNK);
    for (int i = 0; i < selections.size(); i++) {
      Selection q = selections.get(i);
      if (q.empty() || q.seriesOnly()) continue; // a series without chunks has no frame, as in Prometheus
      try (Querier querier = storage.querier(q.mint(), q.maxt())) {
        SeriesSet ss = querier.select(true, q.matchers());
        SampleIterator it = null;
        while (ss.next()) {
          it = ss.at().iterator(it);
          enc.series(withExternal(ss.at().labels(), external), i);
          chunker.write(it);
          enc.endSeries();
        }
      }
    }
  }

  /** Prometheus's {@code MergeLabels}: the series' labels plus external ones it does not have. */
  static Labels withExternal(Labels series, Labels external) {
    if (external.isEmpty()) return series;
    Labels.Builder b = null;
    for (int i = 0; i < external.size(); i++) {
      if (series.has(external.name(i))) continue;
      if (b == null) b = series.toBuilder();
      b.set(external.name(i), external.value(i));
    }
    return b == null ? series : b.build();
  }
}
