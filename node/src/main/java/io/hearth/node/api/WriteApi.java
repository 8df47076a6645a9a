package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.metrics.NodeMetrics;
import io.hearth.node.remote.ContentNegotiation;
import io.hearth.node.remote.DecodeResult;
import io.hearth.node.remote.RemoteProtocolException;
import io.hearth.node.remote.RemoteWriteBody;
import io.hearth.node.remote.RemoteWriteDecoder;
import io.hearth.node.remote.RemoteWriteHeaders;
import io.hearth.node.remote.RemoteWriteV2Decoder;
import io.hearth.node.remote.RemoteWriteVersion;
import io.hearth.node.remote.WriteSink;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.text.MetricType;

/**
 * {@code POST /api/v1/write}: Prometheus remote write 1.0 and 2.0.
 *
 * <p>The request is decoded as a stream into one appender. A request that fails to decode applies
 * nothing (rollback). Samples that storage rejects one by one (out of order, duplicate timestamp,
 * too old) and series with invalid labels are left out while the valid rest is committed, and the
 * answer is then 400 naming the counts and the first offender (so a sender does not retry what it
 * cannot fix). 204 is sent only after the commit made the samples durable.
 *
 * <p>With HA deduplication on ({@link #haDedup}), a request from a replica of an HA pair that is not
 * its cluster's elected one stores nothing and is answered 202; one from the elected replica is
 * stored without the replica label.
 */
public final class WriteApi {
  private static final int MAX_DECODED_BYTES = 256 << 20;
  private final Appendable storage;
  private final NodeMetrics metrics;
  private final ContentNegotiation negotiation = new ContentNegotiation();

  /** Receives remote-written metric metadata: (family, type as Prometheus names it, help, unit). */
  @FunctionalInterface
  public interface MetadataListener {
    void metadata(String family, String type, String help, String unit);
  }

  private final MetadataListener metadataListener;
  /** The storage's future bound, named in the answer when a sample is refused for it (0: none). */
  private final long maxFutureMs;
  /** Decoded payload bytes held at once by all remote-write requests of this node. */
  private final io.hearth.node.http.ByteBudget decoded;
  private final io.hearth.node.remote.DecodeOptions decodeOptions;
  /** Remote write 1.0's label bytes to the labels they decoded to, for {@link #decodeOptions}. */
  private final io.hearth.sharding.wire.SeriesCache seriesCache =
      io.hearth.sharding.wire.SeriesCache.sizedForHeap(Runtime.getRuntime().maxMemory());
  /** The active-series limit the storage enforces, named in the 429. */
  private volatile long maxSeries;

  /** HA pair deduplication ({@code --remote-write.ha-dedup}); null when off. */
  private volatile io.hearth.node.ha.HaDedup haDedup;

  /** {@code --enable-feature=created-timestamp-zero-ingestion}: a 2.0 series' created timestamp becomes a zero sample. */
  private volatile boolean createdZero;

  /**
   * Turns created-timestamp zero ingestion on or off for the requests that follow: with it, a remote
   * write 2.0 series with a created timestamp gets a zero sample there before its first sample of
   * the request, when Prometheus would add one ({@link Appender#appendCreatedZero}); one that cannot
   * be added is skipped without a trace in the answer.
   */
  public void createdZero(boolean on) {
    createdZero = on;
  }

  /** Turns HA pair deduplication on for the requests that follow (null: off). */
  public void haDedup(io.hearth.node.ha.HaDedup d) {
    haDedup = d;
  }

  /** The active-series limit to name in answers (the storage enforces it). */
  public void maxSeries(long n) {
    maxSeries = n;
  }

  public WriteApi(Appendable storage, NodeMetrics metrics) {
    this(storage, metrics, null, io.hearth.sharding.head.HeadOptions.DEFAULT_MAX_FUTURE_MS, defaultDecodedBudget(),
        io.hearth.node.remote.DecodeOptions.DEFAULT);
  }

  /** A quarter of the heap, at least one largest request. */
  public static io.hearth.node.http.ByteBudget defaultDecodedBudget() {
    return new io.hearth.node.http.ByteBudget("decoded remote-write", Math.max(MAX_DECODED_BYTES, Runtime.getRuntime().maxMemory() / 4));
  }

  /**
   * @param metadataListener receives the metadata of requests that were committed; null for none
   * @param maxFutureMs the storage's future bound, for the message that names it
   */
  public WriteApi(Appendable storage, NodeMetrics metrics, MetadataListener metadataListener, long maxFutureMs,
      io.hearth.node.http.ByteBudget decoded, io.hearth.node.remote.DecodeOptions decodeOptions) {
    this.storage = storage;
    this.metrics = metrics;
    this.metadataListener = metadataListener;
    this.maxFutureMs = maxFutureMs;
    this.decoded = decoded;
    this.decodeOptions = decodeOptions;
  }

  public ApiResponse write(ApiRequest req) {
    if (!req.method().name().equals("POST")) throw ApiException.text(405, "Method Not Allowed");
    RemoteWriteVersion version;
    long declared;
    try {
      version = negotiation.negotiate(req.header(RemoteWriteHeaders.CONTENT_TYPE), req.header(RemoteWriteHeaders.CONTENT_ENCODING),
          req.header(RemoteWriteHeaders.VERSION));
      declared = req.body().length == 0 ? 0 : RemoteWriteBody.declaredLength(req.body(), 0, req.body().length);
    } catch (RemoteProtocolException e) {
      metrics.remoteWriteRequests("rejected").increment();
      throw ApiException.text(e.httpStatus(), e.getMessage());
    }
    // The decoded payload takes its share of the node's budget before it is allocated.
    long share = Math.min(declared, MAX_DECODED_BYTES);
    if (!decoded.tryAcquire(share)) {
      metrics.remoteWriteRequests("overloaded").increment();
      throw decoded.refusal(share);
    }
    try {
      return write(req, version);
    } finally {
      decoded.release(share);
    }
  }

  /** Each write thread decodes into its own buffer; bodies up to 4 MiB reuse it (Prometheus sends about 0.5 MiB). */
  private static final ThreadLocal<RemoteWriteBody.Scratch> SCRATCH = ThreadLocal.withInitial(() -> new RemoteWriteBody.Scratch(4 << 20));

  private ApiResponse write(ApiRequest req, RemoteWriteVersion version) {
    byte[] raw;
    int rawLength;
    try {
      RemoteWriteBody.Scratch scratch = SCRATCH.get();
      rawLength = RemoteWriteBody.decompressInto(req.body(), MAX_DECODED_BYTES, scratch);
      raw = scratch.bytes();
    } catch (RemoteProtocolException e) {
      metrics.remoteWriteRequests("rejected").increment();
      throw ApiException.text(e.httpStatus(), e.getMessage());
    }
    if (rawLength == 0) {
      // Prometheus answers the same: an empty body is not a snappy block.
      metrics.remoteWriteRequests("rejected").increment();
      throw ApiException.text(400, "empty request body: a remote-write request is a snappy-compressed protobuf message");
    }
    byte[] body = raw;
    int length = rawLength;
    return ingest(sink -> version == RemoteWriteVersion.V2
        ? new RemoteWriteV2Decoder(decodeOptions).decode(body, 0, length, sink)
        : new RemoteWriteDecoder(decodeOptions, seriesCache).decode(body, 0, length, sink), version == RemoteWriteVersion.V2);
  }

  /**
   * One request's decoding into storage: what {@code decode} delivers to the sink is staged in one
   * appender, committed when it returns and rolled back when it throws.
   */
  @FunctionalInterface
  public interface Decode {
    /**
     * @throws RemoteProtocolException for bad input (answered with its status)
     * @throws StorageException when storage refuses the request as a whole (answered 400)
     */
    DecodeResult decode(WriteSink sink);
  }

  /** The budget decoded payloads of this node's write requests share (OTLP takes its share too). */
  public io.hearth.node.http.ByteBudget decodedBudget() {
    return decoded;
  }

  /** The label limits series must keep, as remote write applies them. */
  public io.hearth.node.remote.DecodeOptions.LabelLimits labelLimits() {
    return decodeOptions.limits();
  }

  /**
   * Stages, commits and answers one decoded request as remote write does: 204 when every sample
   * was stored, 400 naming the samples storage refused (the rest stored), 429 over the active-series
   * limit, 503 when the commit failed; metadata goes to the listener after the commit.
   *
   * @param writtenHeaders add remote write 2.0's written-count headers
   */
  public ApiResponse ingest(Decode decode, boolean writtenHeaders) {
    Appender app = storage.appender();
    StagingSink sink = new StagingSink(app, maxFutureMs, createdZero);
    io.hearth.node.ha.HaDedup ha = haDedup;
    io.hearth.node.ha.ReplicaFilter filter = ha == null ? null : ha.filter(sink);
    WriteSink target = filter == null ? sink : filter;
    DecodeResult result;
    try {
      result = decode.decode(target);
    } catch (RemoteProtocolException e) {
      app.rollback();
      metrics.remoteWriteRequests("rejected").increment();
      throw ApiException.text(e.httpStatus(), e.getMessage());
    } catch (StorageException.Unavailable e) {
      // The HA election store (or storage) cannot answer now: the sender retries.
      app.rollback();
      metrics.remoteWriteRequests("failed").increment();
      throw ApiException.text(503, "samples not stored: " + e.getMessage());
    } catch (StorageException e) {
      app.rollback();
      metrics.remoteWriteRequests("rejected").increment();
      throw ApiException.text(400, e.getMessage());
    } catch (RuntimeException | Error e) {
      // Unexpected: nothing staged may stay behind; the edge answers 500, which the sender retries.
      app.rollback();
      metrics.remoteWriteRequests("failed").increment();
      throw e;
    }
    if (filter != null) {
      filter.finish();
      if (filter.dropped()) {
        // The other replica of an HA pair: its twin's copy is what is stored. 202 as Mimir answers;
        // Prometheus treats every 2xx as delivered and does not retry. 2.0: nothing of it was written.
        app.rollback();
        metrics.remoteWriteRequests("ha_deduplicated").increment();
        ApiResponse resp = ApiResponse.empty(202);
        if (writtenHeaders) RemoteWriteHeaders.written(0, 0, 0).forEach(resp::header);
        return resp;
      }
    }
    try {
      app.commit();
    } catch (StorageException.Overloaded e) {
      metrics.remoteWriteRequests("overloaded").increment();
      throw ApiException.text(503, "overloaded: " + e.getMessage());
    } catch (StorageException e) {
      metrics.remoteWriteRequests("failed").increment();
      throw ApiException.text(503, "samples not stored: " + e.getMessage());
    }
    if (app.checksAtCommit()) sink.merge(app.commitReport());
    if (metadataListener != null && sink.metadata != null) {
      for (String[] m : sink.metadata) metadataListener.metadata(m[0], m[1], m[2], m[3]);
    }
    metrics.samplesIngested.add(sink.accepted);
    metrics.histogramsIngested.add(sink.acceptedHistograms);
    metrics.rejected("out_of_order").add(sink.outOfOrder);
    metrics.rejected("duplicate_timestamp").add(sink.duplicateTs);
    metrics.rejected("too_old").add(sink.tooOld);
    metrics.rejected("series_limit").add(sink.seriesLimited);
    metrics.rejected("invalid_labels").add(result.invalidSeriesSamples() + result.invalidSeriesHistograms());
    StringBuilder problems = new StringBuilder();
    long rejected = sink.outOfOrder + sink.duplicateTs + sink.tooOld;
    if (rejected > 0) {
      problems.append(sink.firstReason).append(": ").append(rejected).append(" samples rejected (out of order: ")
          .append(sink.outOfOrder).append(", duplicate timestamp: ").append(sink.duplicateTs).append(", too old: ")
          .append(sink.tooOld).append("); first at series ").append(sink.firstSeries).append(" timestamp ").append(sink.firstT);
    }
    if (result.hasInvalidSeries()) {
      if (problems.length() > 0) problems.append('\n');
      problems.append(result.invalidSeriesMessage());
    }
    ApiResponse resp;
    if (sink.seriesLimited > 0) {
      // As Mimir answers a tenant over its series limit: retry later, when series have gone idle.
      metrics.remoteWriteRequests("series_limit").increment();
      if (problems.length() > 0) problems.insert(0, '\n');
      problems.insert(0, "per-node active series limit of " + maxSeries + " exceeded: " + sink.seriesLimited
          + " samples of new series refused, first series " + sink.firstLimited + " (the rest of the request was stored)");
      resp = ApiResponse.text(429, problems.append('\n').toString());
      resp.header("Retry-After", "30");
    } else if (problems.length() > 0) {
      metrics.remoteWriteRequests("partial").increment();
      resp = ApiResponse.text(400, problems.append('\n').toString());
    } else {
      metrics.remoteWriteRequests("ok").increment();
      resp = ApiResponse.empty(204);
    }
    if (writtenHeaders) {
      RemoteWriteHeaders.written(sink.accepted, sink.acceptedHistograms, sink.acceptedExemplars).forEach(resp::header);
    }
    return resp;
  }

  /** Stages decoded samples into the appender and tallies per-sample outcomes. */
  private static final class StagingSink implements WriteSink {
    private final Appender app;
    private int ref = -1;
    private Labels current;
    long accepted, acceptedHistograms, acceptedExemplars, outOfOrder, duplicateTs, tooOld, seriesLimited;
    Labels firstLimited;
    String firstReason;
    Labels firstSeries;
    long firstT;
    /** {family, type, help, unit} as decoded; applied only once the request committed. */
    java.util.List<String[]> metadata;

    private final long maxFutureMs;
    private final boolean createdZero;
    /** The current series' created timestamp, until its first sample; 0: none (or the feature is off). */
    private long pendingCreated;

    StagingSink(Appender app, long maxFutureMs, boolean createdZero) {
      this.app = app;
      this.maxFutureMs = maxFutureMs;
      this.createdZero = createdZero;
    }

    @Override
    public void series(Labels labels) {
      current = labels;
      ref = app.series(labels);
      pendingCreated = 0;
    }

    @Override
    public void createdTimestamp(long createdMs) {
      if (createdZero) pendingCreated = createdMs;
    }

    /**
     * Before the series' first sample: its created timestamp's zero sample, as Prometheus's remote
     * write handler adds it (not for a first sample at timestamp 0). Whatever the appender answers
     * is ignored: the zero sample is never a reason to refuse, nor counted as written.
     */
    private void created(long t, FloatHistogram first) {
      long ct = pendingCreated;
      pendingCreated = 0;
      if (t != 0) app.appendCreatedZero(ref, ct, t, first);
    }

    @Override
    public void metadata(String metricFamilyName, MetricType type, String help, String unit) {
      if (metricFamilyName == null || metricFamilyName.isEmpty()) return;
      if (metadata == null) metadata = new java.util.ArrayList<>();
      metadata.add(new String[] {metricFamilyName, typeName(type), help == null ? "" : help, unit == null ? "" : unit});
    }

    /** Prometheus's names ({@code gaugehistogram}, {@code unknown}...). */
    private static String typeName(MetricType type) {
      return type == null ? "unknown" : type.text();
    }

    @Override
    public void sample(long t, double v) {
      if (pendingCreated != 0) created(t, null);
      tally(app.append(ref, t, v), t, false);
    }

    /**
     * As Prometheus: an exemplar storage refuses never fails the request. Those staged count as
     * written for 2.0's header (out-of-order ones are dropped at commit, counted by the store). A
     * timestamp of 0 is no timestamp, as Prometheus's remote-write and OTLP handlers read it.
     */
    @Override
    public void exemplar(Labels labels, double value, long timestamp) {
      io.hearth.sharding.api.ExemplarStatus s =
          app.appendExemplar(ref, current, new io.hearth.sharding.api.Exemplar(labels, value, timestamp, timestamp != 0));
      if (s == io.hearth.sharding.api.ExemplarStatus.OK) acceptedExemplars++;
    }

    @Override
    public void histogram(long t, FloatHistogram h) {
      if (pendingCreated != 0) created(t, h);
      tally(app.appendHistogram(ref, t, h), t, true);
    }

    private void tally(AppendStatus s, long t, boolean histogram) {
      switch (s) {
        case OK:
        case DUPLICATE_IGNORED:
          if (histogram) acceptedHistograms++;
          else accepted++;
          return;
        case OUT_OF_ORDER:
          outOfOrder++;
          first("out of order sample", t);
          return;
        case DUPLICATE_TIMESTAMP:
          duplicateTs++;
          first("duplicate sample for timestamp", t);
          return;
        case SERIES_LIMIT:
          seriesLimited++;
          if (firstLimited == null) firstLimited = current;
          return;
        case TOO_FAR_IN_FUTURE:
          tooOld++;
          first(futureReason(), t);
          return;
        default:
          tooOld++;
          first("out of bounds", t);
      }
    }

    /** Adds what a routing appender's owners rejected at commit (staging answered OK for every sample). */
    void merge(io.hearth.sharding.api.CommitReport r) {
      long rejectedFloatsAndHistograms = r.rejected();
      accepted = r.acceptedFloats();
      acceptedHistograms = r.acceptedHistograms();
      outOfOrder += r.outOfOrder();
      duplicateTs += r.duplicateTimestamp();
      tooOld += r.tooOld();
      seriesLimited += r.seriesLimited();
      if (r.seriesLimited() > 0 && firstLimited == null && r.firstStatus() == AppendStatus.SERIES_LIMIT) firstLimited = r.firstSeries();
      if (rejectedFloatsAndHistograms > 0 && firstReason == null && r.firstStatus() != null) {
        String reason = r.firstStatus() == AppendStatus.OUT_OF_ORDER ? "out of order sample"
            : r.firstStatus() == AppendStatus.DUPLICATE_TIMESTAMP ? "duplicate sample for timestamp"
            : r.firstStatus() == AppendStatus.TOO_FAR_IN_FUTURE ? futureReason() : "out of bounds";
        firstReason = reason;
        firstSeries = r.firstSeries();
        firstT = r.firstT();
      }
    }

    private String futureReason() {
      return "out of bounds: sample too far in the future (bound: now + " + maxFutureMs / 1000 + "s, now: "
          + System.currentTimeMillis() + ")";
    }

    private void first(String reason, long t) {
      if (firstReason == null) {
        firstReason = reason;
        firstSeries = current;
        firstT = t;
      }
    }
  }
}
