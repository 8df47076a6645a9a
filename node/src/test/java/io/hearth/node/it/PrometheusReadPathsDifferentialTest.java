package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.hearth.node.remote.ChunkedReadFrames;
import io.hearth.node.remote.PromChunkDecoder;
import io.hearth.node.remote.PromHistogramChunk;
import io.hearth.node.remote.PromXorChunk;
import io.hearth.node.remote.RemoteWriteBody;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth's read paths against Debian's Prometheus 2.42 holding the same data (the seeded {@link
 * SyntheticWorkload} plus integer native histograms, counter and gauge, remote-written to both):
 *
 * <ul>
 *   <li>{@code /federate} bodies, text and delimited protobuf, equal Prometheus's for several
 *       selectors, with external labels that some series also carry (theirs win);
 *   <li>a STREAMED_XOR_CHUNKS remote read answers both: the test decodes Prometheus's frames and
 *       chunks with an independent decoder, finds exactly the written samples, and Hearth's XOR and
 *       histogram encoders re-encode every Prometheus chunk to the same bytes; Hearth's answer
 *       decodes to the same samples, per query and series;
 *   <li>a second Prometheus with an empty TSDB and {@code remote_read} to Hearth ({@code
 *       read_recent: true}; 2.42 asks for SAMPLES) answers PromQL (selectors with every matcher
 *       type, rate, sum, histogram_quantile over classic histograms, instant and range) as Hearth's
 *       own API and as the Prometheus holding the data do.
 * </ul>
 *
 * Federation evaluates at the wall clock, so those tests run first, while the newest samples are
 * within the lookback.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusReadPathsDifferentialTest {
  private static final long SEED = 0x5EED_2024L;
  private static final long MIN = 60_000;
  private static final String FEDERATE_EXTERNAL = "{cluster: eu1, env: ext}";
  private static final String READ_EXTERNAL = "{cluster: eu1}";
  private static final String PROTO_ACCEPT = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

  @TempDir static Path dir;
  private static PrometheusFixture store;
  private static HearthFixture hearth;
  private static SyntheticWorkload data;
  private static long t0;
  private static String external = FEDERATE_EXTERNAL;

  @BeforeAll
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  static void startBothAndWriteTheSameRequests() throws Exception {
    t0 = System.currentTimeMillis() / MIN * MIN - 50 * MIN;
    data = new SyntheticWorkload(t0, SEED);
    store = PrometheusFixture.start(dir.resolve("store"), PrometheusFixture.reservePort(), config(external),
        List.of("--enable-feature=native-histograms"));
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-readpaths", LoopbackPorts.freePair(), List.of(), 1, config(external));
    List<byte[]> requests = new ArrayList<>(data.requests());
    requests.addAll(nativeHistograms());
    PromApiClient.remoteWriteAll(requests, Map.entry("prometheus", store.api()), Map.entry("hearth", hearth.api()));
  }

  @AfterAll
  static void stopAll() {
    try {
      if (store != null) store.close();
    } finally {
      if (hearth != null) hearth.close();
    }
  }

  private static String config(String externalLabels) {
    return "global:\n  scrape_interval: 15s\n  external_labels: " + externalLabels + "\n";
  }

  /** Both servers get {@code labels} as external labels (a reload only when they change). */
  private static void useExternalLabels(String labels) throws IOException {
    if (labels.equals(external)) return;
    store.reload(config(labels));
    Files.writeString(dir.resolve("hearth").resolve("hearth.yml"), config(labels));
    PromApiClient.Reply r = hearth.api().post("/-/reload");
    assertEquals(200, r.status(), "hearth reload: " + r.body());
    external = labels;
  }

  /**
   * Integer native histograms every 15 s over the workload's time: a counter whose bucket layout
   * grows at sample 80, and a gauge histogram without an instance label. (A counter reset inside the data makes Prometheus
   * 2.42's streamed read fail: "detected unexpected counter reset in histogram".)
   */
  private static final int WIDEN_AT = 80;

  private static List<byte[]> nativeHistograms() {
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < 200; from += 50) {
      WriteRequestBuilder b = WriteRequestBuilder.v1();
      b.series(Labels.of("__name__", "rpc_duration_seconds", "job", "nh", "instance", "h1"));
      for (int i = from; i < from + 50; i++) {
        WriteRequestBuilder.IntHistogram h = new WriteRequestBuilder.IntHistogram();
        int k = i;
        h.schema = 1;
        h.zeroThreshold = Math.scalb(1.0, -128);
        h.zeroCount = k;
        boolean wide = WIDEN_AT >= 0 && i >= WIDEN_AT;
        h.positiveSpans = wide ? new int[] {0, 3, 2, 1} : new int[] {0, 3};
        h.positiveDeltas = wide ? new long[] {k, 1, 2, -1} : new long[] {k, 1, 2};
        long buckets = wide ? 4L * k + 6 : 3L * k + 4; // absolute: k, k+1, k+3 (, k+2)
        h.count = buckets + h.zeroCount;
        h.sum = 0.25 * k * k + 0.1 * k;
        b.intHistogram(t0 + 15_000L * i + 417, h);
      }
      b.series(Labels.of("__name__", "queue_depth", "job", "nh")); // no instance: federation adds instance=""
      for (int i = from; i < from + 50; i++) {
        WriteRequestBuilder.IntHistogram h = new WriteRequestBuilder.IntHistogram();
        int depth = i / 9; // never down: 2.42's streamed read fails on a gauge histogram that goes down
        h.schema = 0;
        h.positiveSpans = new int[] {1, 2};
        h.positiveDeltas = new long[] {depth, 2 - depth};
        h.count = depth + 2;
        h.sum = 3.5 * depth;
        h.resetHint = 3;
        b.intHistogram(t0 + 15_000L * i + 419, h);
      }
      out.add(b.buildSnappy());
    }
    return out;
  }

  // ---- federation

  private static final List<List<String>> FEDERATE_SELECTORS = List.of(
      List.of("{job=\"api\"}"),
      List.of("http_requests_total{code=\"500\"}", "{__name__=~\"flappy.*\"}"),
      List.of("{__name__=~\".+\"}"),
      List.of("request_duration_seconds_bucket{le=\"+Inf\"}", "request_duration_seconds_bucket{job=\"db\"}"),
      List.of("{job=\"nh\"}"),
      List.of("weird_values"),
      List.of("node_temperature_celsius{sensor!=\"cpu\"}", "{job=~\"cache.*|batch\",env!~\"prod\"}"),
      List.of("nonexistent_metric"));

  private static PromApiClient.BinaryReply get(PromApiClient api, List<String> selectors, String accept) {
    StringBuilder q = new StringBuilder("/federate?");
    for (String s : selectors) q.append("match[]=").append(PromApiClient.enc(s)).append('&');
    return accept == null ? api.sendBinary("GET", q.toString(), null) : api.sendBinary("GET", q.toString(), null, "Accept", accept);
  }

  @Test
  @Order(1)
  void federateTextMatchesPrometheusWithExternalLabelsThatDoNotOverrideSeriesLabels() throws Exception {
    useExternalLabels(FEDERATE_EXTERNAL);
    List<String> problems = new ArrayList<>();
    int lines = 0;
    boolean sawOwnEnvKept = false;
    for (List<String> sel : FEDERATE_SELECTORS) {
      PromApiClient.BinaryReply p = get(store.api(), sel, null);
      PromApiClient.BinaryReply h = get(hearth.api(), sel, null);
      String pt = new String(p.bytes(), StandardCharsets.UTF_8);
      String ht = new String(h.bytes(), StandardCharsets.UTF_8);
      if (p.status() != h.status() || !p.contentType().equals(h.contentType())) {
        problems.add(sel + ": status/content type " + p.status() + " " + p.contentType() + " vs " + h.status() + " " + h.contentType());
      }
      if (!textFamilies(pt).equals(textFamilies(ht))) {
        problems.add(sel + ":\n  prometheus:\n" + pt + "\n  hearth:\n" + ht);
      }
      lines += pt.split("\n").length;
      sawOwnEnvKept |= ht.contains("env=\"prod\"") && ht.contains("env=\"ext\"");
    }
    assertTrue(problems.isEmpty(), "federate text differs from prometheus 2.42:\n" + String.join("\n", problems));
    assertTrue(lines > 100, "too few lines to mean anything: " + lines);
    assertTrue(sawOwnEnvKept, "the data must have series with their own env and series that get the external one");
  }

  @Test
  @Order(2)
  void federateProtobufMatchesPrometheusIncludingNativeHistograms() throws Exception {
    useExternalLabels(FEDERATE_EXTERNAL);
    List<String> problems = new ArrayList<>();
    int histogramFamilies = 0;
    for (List<String> sel : FEDERATE_SELECTORS) {
      PromApiClient.BinaryReply p = get(store.api(), sel, PROTO_ACCEPT);
      PromApiClient.BinaryReply h = get(hearth.api(), sel, PROTO_ACCEPT);
      if (!p.contentType().equals(h.contentType())) problems.add(sel + ": content type " + p.contentType() + " vs " + h.contentType());
      List<String> pf = protoFamilies(p.bytes());
      List<String> hf = protoFamilies(h.bytes());
      if (!pf.equals(hf)) problems.add(sel + ":\n  prometheus: " + pf + "\n  hearth:     " + hf);
      histogramFamilies += (int) pf.stream().filter(f -> f.contains("type=4") || f.contains("type=5")).count();
    }
    assertTrue(problems.isEmpty(), "federate protobuf differs from prometheus 2.42:\n" + String.join("\n", problems));
    assertTrue(histogramFamilies >= 2, "native histogram families expected, got " + histogramFamilies);
  }

  /** Families in order, each as its header and its sample lines sorted (Prometheus's sort by name is not stable). */
  private static List<String> textFamilies(String body) {
    List<String> out = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    String header = null;
    for (String line : body.split("\n")) {
      if (line.isEmpty()) continue;
      if (line.startsWith("#")) {
        if (header != null) out.add(header + " " + sorted(lines));
        header = line;
        lines = new ArrayList<>();
      } else {
        lines.add(line);
      }
    }
    if (header != null) out.add(header + " " + sorted(lines));
    return out;
  }

  private static List<String> sorted(List<String> l) {
    List<String> c = new ArrayList<>(l);
    c.sort(null);
    return c;
  }

  /** Delimited MetricFamily messages: name, help, type, and each Metric's exact bytes (sorted). */
  private static List<String> protoFamilies(byte[] body) throws IOException {
    List<String> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(body);
    while (!in.isAtEnd()) {
      CodedInputStream f = CodedInputStream.newInstance(in.readByteArray());
      StringBuilder head = new StringBuilder();
      List<String> metrics = new ArrayList<>();
      for (int tag = f.readTag(); tag != 0; tag = f.readTag()) {
        switch (tag >>> 3) {
          case 1 -> head.append("name=").append(f.readString());
          case 2 -> head.append(" help=").append(f.readString());
          case 3 -> head.append(" type=").append(f.readEnum());
          case 4 -> metrics.add(HexFormat.of().formatHex(f.readByteArray()));
          default -> f.skipField(tag);
        }
      }
      out.add(head + " " + sorted(metrics));
    }
    return out;
  }

  // ---- streamed remote read

  record Query(long start, long end, int[][] matcherTypes, String[][] matchers) {}

  static byte[] readRequest(List<Query> queries, int... accepted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (Query q : queries) {
        ByteArrayOutputStream qb = new ByteArrayOutputStream();
        CodedOutputStream qo = CodedOutputStream.newInstance(qb);
        qo.writeInt64(1, q.start());
        qo.writeInt64(2, q.end());
        for (int i = 0; i < q.matchers().length; i++) {
          ByteArrayOutputStream mb = new ByteArrayOutputStream();
          CodedOutputStream mo = CodedOutputStream.newInstance(mb);
          mo.writeEnum(1, q.matcherTypes()[i][0]);
          mo.writeString(2, q.matchers()[i][0]);
          mo.writeString(3, q.matchers()[i][1]);
          mo.flush();
          qo.writeByteArray(3, mb.toByteArray());
        }
        qo.flush();
        out.writeByteArray(1, qb.toByteArray());
      }
      for (int a : accepted) out.writeEnum(2, a);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    byte[] raw = bytes.toByteArray();
    return RemoteWriteBody.compress(raw, 0, raw.length);
  }

  static PromApiClient.BinaryReply postRead(PromApiClient api, byte[] body) {
    return api.remoteRead(body);
  }

  /** query index → series → samples within the query's range, from a streamed answer. */
  private static Map<Long, Map<Labels, List<String>>> samples(List<ChunkedReadFrames.Frame> frames, List<Query> queries) {
    Map<Long, Map<Labels, List<String>>> out = new TreeMap<>();
    for (ChunkedReadFrames.Frame f : frames) {
      Query q = queries.get((int) f.queryIndex());
      for (int s = 0; s < f.series().size(); s++) {
        List<String> list = out.computeIfAbsent(f.queryIndex(), k -> new TreeMap<>()).computeIfAbsent(f.series().get(s), k -> new ArrayList<>());
        for (ChunkedReadFrames.Chunk c : f.chunks().get(s)) {
          for (PromChunkDecoder.Sample x : PromChunkDecoder.decode(c.type(), c.data())) {
            if (x.t() < q.start() || x.t() > q.end()) continue;
            list.add(x.h() == null ? x.toString() : x.t() + "=" + normalized(x.h()));
          }
        }
      }
    }
    return out;
  }

  /**
   * A histogram by value, not layout: Prometheus re-codes a chunk to a wider layout when buckets
   * appear (older samples get empty buckets), Hearth cuts a new chunk. The counter reset hint
   * depends on chunk boundaries and is left out.
   */
  private static String normalized(FloatHistogram h) {
    return "{schema:" + h.schema + " count:" + h.count + " sum:" + h.sum + " zero:" + h.zeroCount + "/" + h.zeroThreshold
        + " pos:" + buckets(h.positiveSpans, h.positiveBuckets) + " neg:" + buckets(h.negativeSpans, h.negativeBuckets) + "}";
  }

  private static Map<Integer, Double> buckets(int[] spans, double[] counts) {
    Map<Integer, Double> m = new TreeMap<>();
    int idx = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1]; j++, idx++, k++) {
        if (counts[k] != 0) m.put(idx, counts[k]);
      }
    }
    return m;
  }

  @Test
  @Order(3)
  void streamedChunksCarryPrometheusSamplesAndPrometheusChunkBytes() throws Exception {
    useExternalLabels(READ_EXTERNAL);
    int eq = 0;
    int neq = 1;
    int re = 2;
    int nre = 3;
    long end = t0 + 55 * MIN;
    List<Query> queries = List.of(
        new Query(t0 - MIN, end, new int[][] {{re}}, new String[][] {{"__name__", ".+"}}),
        new Query(t0 + 10 * MIN + 1, t0 + 20 * MIN, new int[][] {{eq}, {neq}, {re}},
            new String[][] {{"__name__", "http_requests_total"}, {"job", "api"}, {"code", "5.."}}),
        new Query(t0, end, new int[][] {{eq}}, new String[][] {{"job", "nh"}}),
        new Query(t0 + 30 * MIN, end, new int[][] {{re}, {nre}}, new String[][] {{"__name__", "node_.*"}, {"sensor", "cpu|gpu"}}));
    byte[] request = readRequest(queries, 1);
    PromApiClient.BinaryReply p = postRead(store.api(), request);
    PromApiClient.BinaryReply h = postRead(hearth.api(), request);
    assertEquals(200, p.status(), new String(p.bytes(), StandardCharsets.UTF_8));
    assertEquals(200, h.status(), new String(h.bytes(), StandardCharsets.UTF_8));
    assertEquals(p.contentType(), h.contentType());
    List<ChunkedReadFrames.Frame> pf = ChunkedReadFrames.read(p.bytes(), 2 << 20);
    List<ChunkedReadFrames.Frame> hf = ChunkedReadFrames.read(h.bytes(), 2 << 20);

    // The decoder reads Prometheus's own chunks back to exactly what was written.
    Map<Long, Map<Labels, List<String>>> ps = samples(pf, queries);
    int checked = 0;
    for (SyntheticWorkload.SeriesData s : data.series()) {
      List<String> want = new ArrayList<>();
      for (int i = 0; i < s.t().length; i++) want.add(new PromChunkDecoder.Sample(s.t()[i], s.v()[i], null).toString());
      Labels withExternal = s.labels().toBuilder().set("cluster", "eu1").build();
      assertEquals(want, ps.get(0L).get(withExternal), "prometheus's chunks of " + s.labels() + " through the test decoder");
      checked++;
    }
    assertTrue(checked > 50, "too few series: " + checked);

    // Hearth's encoders re-encode every Prometheus chunk to the same bytes.
    int xorChunks = 0;
    int histogramChunks = 0;
    PromXorChunk xor = new PromXorChunk();
    PromHistogramChunk hist = new PromHistogramChunk();
    for (ChunkedReadFrames.Frame f : pf) {
      for (List<ChunkedReadFrames.Chunk> cs : f.chunks()) {
        for (ChunkedReadFrames.Chunk c : cs) {
          List<PromChunkDecoder.Sample> decoded = PromChunkDecoder.decode(c.type(), c.data());
          byte[] again;
          if (c.type() == PromXorChunk.ENCODING) {
            xor.reset();
            for (PromChunkDecoder.Sample x : decoded) xor.append(x.t(), x.v());
            again = Arrays.copyOf(xor.bytes(), xor.size());
            xorChunks++;
          } else {
            hist.reset();
            for (PromChunkDecoder.Sample x : decoded) hist.append(x.t(), x.h());
            again = Arrays.copyOf(hist.bytes(), hist.size());
            assertEquals(c.type(), hist.encoding(), "histogram chunk encoding");
            histogramChunks++;
          }
          assertEquals(HexFormat.of().formatHex(c.data()), HexFormat.of().formatHex(again),
              "re-encoding prometheus's chunk [" + c.minT() + ", " + c.maxT() + "] of " + f.series());
        }
      }
    }
    assertTrue(xorChunks > 100 && histogramChunks >= 4, "chunks compared: " + xorChunks + " xor, " + histogramChunks + " histogram");

    // Hearth's streamed answer holds the same samples, per query and series.
    Map<Long, Map<Labels, List<String>>> hs = samples(hf, queries);
    assertEquals(ps.keySet(), hs.keySet(), "queries answered");
    for (Long q : ps.keySet()) {
      assertEquals(ps.get(q).keySet(), hs.get(q).keySet(), "series of query " + q);
      for (Labels l : ps.get(q).keySet()) assertEquals(ps.get(q).get(l), hs.get(q).get(l), "query " + q + " series " + l);
    }
  }

  @Test
  @Order(5)
  void unsupportedResponseTypeIsRefusedWithPrometheusText() throws Exception {
    useExternalLabels(READ_EXTERNAL);
    byte[] request = readRequest(List.of(new Query(t0, t0 + MIN, new int[][] {{0}}, new String[][] {{"job", "api"}})), 7);
    PromApiClient.BinaryReply p = postRead(store.api(), request);
    PromApiClient.BinaryReply h = postRead(hearth.api(), request);
    assertEquals(p.status(), h.status());
    assertEquals(new String(p.bytes(), StandardCharsets.UTF_8).replace("STREAMED_XOR_CHUNKS:{} ", "").replace(" STREAMED_XOR_CHUNKS:{}", ""),
        new String(h.bytes(), StandardCharsets.UTF_8).replace("STREAMED_XOR_CHUNKS:{} ", "").replace(" STREAMED_XOR_CHUNKS:{}", ""));
  }

  /** A SAMPLES read request with hints {@code {step_ms, func, start_ms, end_ms}} on every query. */
  private static byte[] samplesRequestWithHints(List<Query> queries, long[][] hintRanges, String[] funcs) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (int k = 0; k < queries.size(); k++) {
      Query q = queries.get(k);
      ByteArrayOutputStream qb = new ByteArrayOutputStream();
      CodedOutputStream qo = CodedOutputStream.newInstance(qb);
      qo.writeInt64(1, q.start());
      qo.writeInt64(2, q.end());
      for (int i = 0; i < q.matchers().length; i++) {
        ByteArrayOutputStream mb = new ByteArrayOutputStream();
        CodedOutputStream mo = CodedOutputStream.newInstance(mb);
        mo.writeEnum(1, q.matcherTypes()[i][0]);
        mo.writeString(2, q.matchers()[i][0]);
        mo.writeString(3, q.matchers()[i][1]);
        mo.flush();
        qo.writeByteArray(3, mb.toByteArray());
      }
      ByteArrayOutputStream hb = new ByteArrayOutputStream();
      CodedOutputStream ho = CodedOutputStream.newInstance(hb);
      ho.writeInt64(1, 60_000);
      ho.writeString(2, funcs[k]);
      ho.writeInt64(3, hintRanges[k][0]);
      ho.writeInt64(4, hintRanges[k][1]);
      ho.flush();
      qo.writeByteArray(4, hb.toByteArray());
      qo.flush();
      out.writeByteArray(1, qb.toByteArray());
    }
    out.flush();
    byte[] raw = bytes.toByteArray();
    return RemoteWriteBody.compress(raw, 0, raw.length);
  }

  /** A SAMPLES answer as query → series → samples ("t=v" floats, "t=h{count,sum}" histograms). */
  private static List<Map<Labels, List<String>>> decodeSamples(byte[] snappy) throws IOException {
    byte[] raw = RemoteWriteBody.decompress(snappy, 64 << 20);
    List<Map<Labels, List<String>>> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(raw);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      Map<Labels, List<String>> result = new TreeMap<>();
      CodedInputStream r = CodedInputStream.newInstance(in.readByteArray());
      for (int t = r.readTag(); t != 0; t = r.readTag()) {
        CodedInputStream ts = CodedInputStream.newInstance(r.readByteArray());
        Labels.Builder lb = Labels.builder();
        List<String> samples = new ArrayList<>();
        for (int u = ts.readTag(); u != 0; u = ts.readTag()) {
          CodedInputStream m = CodedInputStream.newInstance(ts.readByteArray());
          if (u >>> 3 == 1) {
            String name = "";
            String value = "";
            for (int v = m.readTag(); v != 0; v = m.readTag()) {
              if (v >>> 3 == 1) name = m.readString();
              else if (v >>> 3 == 2) value = m.readString();
              else m.skipField(v);
            }
            lb.set(name, value);
          } else if (u >>> 3 == 2) {
            double value = 0;
            long time = 0;
            for (int v = m.readTag(); v != 0; v = m.readTag()) {
              if (v >>> 3 == 1) value = m.readDouble();
              else if (v >>> 3 == 2) time = m.readInt64();
              else m.skipField(v);
            }
            samples.add(time + "=" + Long.toHexString(Double.doubleToRawLongBits(value)));
          } else if (u >>> 3 == 4) {
            long time = 0;
            double count = 0;
            double sum = 0;
            for (int v = m.readTag(); v != 0; v = m.readTag()) {
              switch (v >>> 3) {
                case 1 -> count = m.readUInt64();
                case 2 -> count = m.readDouble();
                case 3 -> sum = m.readDouble();
                case 15 -> time = m.readInt64();
                default -> m.skipField(v);
              }
            }
            samples.add(time + "=h{" + count + "," + sum + "}");
          }
        }
        result.put(lb.build(), samples);
      }
      out.add(result);
    }
    return out;
  }

  @Test
  @Order(4)
  void samplesAnswerHonoursHintsAsPrometheus() throws Exception {
    useExternalLabels(READ_EXTERNAL);
    long end = t0 + 55 * MIN;
    List<Query> queries = List.of(
        new Query(t0, end, new int[][] {{0}}, new String[][] {{"job", "db"}}),
        new Query(t0, end, new int[][] {{0}, {3}}, new String[][] {{"__name__", "http_requests_total"}, {"code", "2..|4.."}}),
        new Query(t0, end, new int[][] {{0}}, new String[][] {{"job", "nh"}}));
    long[][] hints = {{t0 + 10 * MIN, t0 + 12 * MIN}, {t0, end}, {t0 + 30 * MIN + 1, t0 + 31 * MIN}};
    String[] funcs = {"rate", "series", "histogram_quantile"};
    byte[] request = samplesRequestWithHints(queries, hints, funcs);
    PromApiClient.BinaryReply p = postRead(store.api(), request);
    PromApiClient.BinaryReply h = postRead(hearth.api(), request);
    assertEquals(200, p.status(), new String(p.bytes(), StandardCharsets.UTF_8));
    assertEquals(200, h.status(), new String(h.bytes(), StandardCharsets.UTF_8));
    assertEquals(p.contentType(), h.contentType());
    List<Map<Labels, List<String>>> ps = decodeSamples(p.bytes());
    List<Map<Labels, List<String>>> hs = decodeSamples(h.bytes());
    assertEquals(ps.subList(0, 2), hs.subList(0, 2));
    assertTrue(ps.get(0).values().stream().allMatch(l -> l.size() == 8), "two minutes of 15 s samples per series: " + ps.get(0));
    assertTrue(!ps.get(1).isEmpty() && ps.get(1).values().stream().allMatch(List::isEmpty), "func=series: series without samples");
    // Prometheus 2.42's SAMPLES answer stops a series at its first non-float sample (3.x sends
    // histograms): the same series, and Hearth's carry the histograms within the hinted minute.
    assertEquals(ps.get(2).keySet(), hs.get(2).keySet());
    assertEquals(2, hs.get(2).size(), "both native histogram series");
    assertTrue(hs.get(2).values().stream().allMatch(l -> l.size() == 4 && l.stream().allMatch(x -> x.contains("=h{"))),
        "one minute of 15 s native histograms per series: " + hs.get(2));
  }

  // ---- PromQL through a Prometheus that reads from Hearth

  private static final List<String> PROMQL = List.of(
      "http_requests_total{job=\"api\"}",
      "http_requests_total{job!=\"api\",code=\"500\"}",
      "http_requests_total{job=~\"api|db\",method=\"POST\"}",
      "http_requests_total{job=~\"a.*\",code!~\"2..\"}",
      "sum by (job) (rate(http_requests_total[5m]))",
      "rate(http_requests_total{code!=\"200\"}[2m])",
      "histogram_quantile(0.9, sum by (le, job) (rate(request_duration_seconds_bucket[5m])))",
      "histogram_quantile(0.5, rate(request_duration_seconds_bucket{job=~\"db|cache-east\"}[3m]))",
      "node_temperature_celsius{sensor!=\"cpu\"}",
      "max_over_time(node_temperature_celsius[10m])",
      "count by (__name__) ({__name__=~\"flappy_up|batch_.*\"})");

  @Test
  @Order(6)
  void promqlThroughRemoteReadMatchesHearthAndThePrometheusHoldingTheData() throws Exception {
    useExternalLabels(READ_EXTERNAL);
    String cfg = config(READ_EXTERNAL) + "remote_read:\n  - url: http://127.0.0.1:" + hearth.port() + "/api/v1/read\n"
        + "    read_recent: true\n";
    try (PrometheusFixture reader = PrometheusFixture.start(dir.resolve("reader"), PrometheusFixture.reservePort(), cfg)) {
      List<String> problems = new ArrayList<>();
      int nonEmpty = 0;
      int compared = 0;
      for (String q : PROMQL) {
        for (long t : new long[] {t0 + 7 * MIN, t0 + 21 * MIN + 30_000, t0 + 49 * MIN}) {
          var params = List.of(Map.entry("query", q), Map.entry("time", PromApiClient.time(t)));
          nonEmpty += compare(reader, "/api/v1/query", params, false, problems);
          compared++;
        }
        // From t0+8m every window lies inside the data: at its start 2.42 and 3.x extrapolate differently.
        var params = List.of(Map.entry("query", q), Map.entry("start", PromApiClient.time(t0 + 8 * MIN)),
            Map.entry("end", PromApiClient.time(t0 + 48 * MIN)), Map.entry("step", "60s"));
        nonEmpty += compare(reader, "/api/v1/query_range", params, true, problems);
        compared++;
      }
      assertTrue(problems.isEmpty(), problems.size() + " of " + compared + " queries differ:\n\n" + String.join("\n\n", problems));
      assertTrue(nonEmpty > compared * 3 / 4, "too few non-empty answers to mean anything: " + nonEmpty + " of " + compared);
    }
  }

  private static int compare(PrometheusFixture reader, String path, List<Map.Entry<String, String>> params, boolean range,
      List<String> problems) {
    PromApiClient.Reply r = reader.api().get(path, params);
    PromApiClient.Reply h = hearth.api().get(path, params);
    PromApiClient.Reply s = store.api().get(path, params);
    if (r.status() != 200 || r.json() == null || !"success".equals(r.json().path("status").asText()) || r.json().has("warnings")) {
      problems.add(path + " " + params + ": the reading prometheus failed: " + r.status() + " " + r.body());
      return 0;
    }
    List<String> d = PromqlAnswerDiff.diff(r, h, false, range);
    if (!d.isEmpty()) problems.add(path + " " + params + " reader vs hearth:\n    " + String.join("\n    ", d));
    List<String> d2 = PromqlAnswerDiff.diff(s, r, false, range);
    if (!d2.isEmpty()) problems.add(path + " " + params + " store vs reader:\n    " + String.join("\n    ", d2));
    return r.json().path("data").path("result").size() > 0 ? 1 : 0;
  }
}
