package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
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
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.TreeMap;

/**
 * {@code POST /api/v1/read} (Prometheus remote read, SAMPLES response type) and {@code GET
 * /federate} (the text exposition of the newest sample of every matching series, as Prometheus's
 * federation endpoint).
 */
public final class ReadApi {
  private static final long MAX_READ_SAMPLES = 50_000_000L;
  private final Queryable storage;
  private final long lookbackMs;
  private final java.util.function.LongSupplier clock;

  public ReadApi(Queryable storage, long lookbackMs, java.util.function.LongSupplier clock) {
    this.storage = storage;
    this.lookbackMs = lookbackMs;
    this.clock = clock;
  }

  public ApiResponse read(ApiRequest r) {
    ReadRequest req;
    byte[] raw;
    try {
      raw = RemoteWriteBody.decompress(r.body(), 256 << 20);
      req = ReadRequestDecoder.decode(raw, 0, raw.length);
      req.negotiate(EnumSet.of(ReadResponseType.SAMPLES));
    } catch (RemoteProtocolException e) {
      throw ApiException.text(e.httpStatus(), e.getMessage());
    }
    ReadResponseEncoder enc = new ReadResponseEncoder();
    long samples = 0;
    FloatHistogram h = new FloatHistogram();
    for (ReadRequest.Query q : req.queries()) {
      enc.startResult();
      try (Querier querier = storage.querier(q.startMs(), q.endMs())) {
        SeriesSet ss = querier.select(true, q.matchers().toArray(new Matcher[0]));
        SampleIterator it = null;
        while (ss.next()) {
          enc.series(ss.at().labels());
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

  public ApiResponse federate(ApiRequest r) {
    long now = Params.time(r, "time", clock.getAsLong());
    if (r.params("match[]").isEmpty()) throw ApiException.badData("no match[] parameter provided");
    TreeMap<Labels, long[]> latest = new TreeMap<>();
    TreeMap<Labels, Double> values = new TreeMap<>();
    try (Querier q = storage.querier(now - lookbackMs, now)) {
      for (String m : r.params("match[]")) {
        Matcher[] ms;
        try {
          ms = io.hearth.promql.parser.Parser.parseMetricSelector(m).toArray(new Matcher[0]);
        } catch (io.hearth.promql.engine.PromQLException e) {
          throw ApiException.badData(e.getMessage());
        }
        SeriesSet ss = q.select(false, ms);
        SampleIterator it = null;
        while (ss.next()) {
          it = ss.at().iterator(it);
          long t = Long.MIN_VALUE;
          double v = 0;
          for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
            if (vt == ValueType.FLOAT) {
              t = it.atT();
              v = it.atV();
            }
          }
          if (t == Long.MIN_VALUE || io.hearth.sharding.api.StaleNaN.is(v)) continue;
          latest.put(ss.at().labels(), new long[] {t});
          values.put(ss.at().labels(), v);
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    String lastName = null;
    for (var e : latest.entrySet()) {
      Labels l = e.getKey();
      String name = l.metricName();
      if (!name.equals(lastName)) {
        sb.append("# TYPE ").append(name).append(" untyped\n");
        lastName = name;
      }
      sb.append(name).append('{');
      boolean first = true;
      for (int i = 0; i < l.size(); i++) {
        if (l.name(i).equals(Labels.METRIC_NAME)) continue;
        if (!first) sb.append(',');
        first = false;
        sb.append(l.name(i)).append("=\"").append(l.value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
      }
      sb.append("} ").append(PromJson.formatFloatText(values.get(l))).append(' ').append(e.getValue()[0]).append('\n');
    }
    return new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
