package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.text.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteWriteV2DecoderTest {
  private static RecordingSink decode(byte[] body) {
    RecordingSink sink = new RecordingSink();
    new RemoteWriteV2Decoder().decode(body, 0, body.length, sink);
    return sink;
  }

  @ParameterizedTest(name = "packed={0} unknownFields={1} symbolsLast={2} labelsLast={3}")
  @CsvSource({"true,false,false,false", "false,true,true,true", "true,true,false,true", "false,false,true,false"})
  void decodesSymbolsSeriesAndSamplesInAnyLayout(boolean packed, boolean unknown, boolean symbolsLast, boolean labelsLast) {
    byte[] body = WriteRequestBuilder.v2().packed(packed).unknownFields(unknown).symbolsLast(symbolsLast).labelsLast(labelsLast)
        .series(Labels.of("__name__", "up", "job", "api")).sample(1000, 1).sample(2000, StaleNaN.VALUE)
        .series(Labels.of("__name__", "up", "job", "db")).sample(1000, 0.5)
        .build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteV2Decoder().decode(body, 0, body.length, sink);

    assertEquals(List.of(Labels.of("__name__", "up", "job", "api"), Labels.of("__name__", "up", "job", "db")),
        sink.series.stream().map(s -> s.labels).toList());
    assertEquals(List.of(1000L, 2000L), sink.series.get(0).ts);
    assertEquals(StaleNaN.BITS, (long) sink.series.get(0).valueBits.get(1));
    assertEquals(0.5, sink.series.get(1).value(0));
    assertEquals(new DecodeResult(2, 3, 0, 0, 0, 0, 0, 0, null), r);
  }

  @Test
  void sharedSymbolsBecomeTheSameStrings() {
    byte[] body = WriteRequestBuilder.v2()
        .series(Labels.of("__name__", "up", "job", "api")).sample(1, 1)
        .series(Labels.of("__name__", "up", "job", "db")).sample(1, 1).build();
    RecordingSink sink = decode(body);
    assertTrue(sink.series.get(0).labels.metricName() == sink.series.get(1).labels.metricName());
  }

  @Test
  void metadataAndCreatedTimestampComeWithTheirSeries() {
    byte[] body = WriteRequestBuilder.v2().unknownFields(true)
        .series(Labels.of("__name__", "http_requests_total", "code", "200")).createdTimestamp(500).sample(1000, 7)
        .metadata("ignored", MetricType.COUNTER, "Requests served.", "requests")
        .build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteV2Decoder().decode(body, 0, body.length, sink);
    assertEquals(500, sink.series.get(0).created);
    assertEquals(List.of("series http_requests_total{code=\"200\"}", "created", "sample", "metadata"), sink.events);
    assertEquals(List.of(new RecordingSink.Meta("http_requests_total", MetricType.COUNTER, "Requests served.", "requests")), sink.metadata);
    assertEquals(1, r.metadata());
  }

  @Test
  void histogramsDecodeAsIn1_0() {
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    ih.schema = 3;
    ih.count = 9;
    ih.sum = 1.5;
    ih.zeroCount = 1;
    ih.positiveSpans = new int[] {-1, 3};
    ih.positiveDeltas = new long[] {2, 2, -1};
    ih.resetHint = 1;
    FloatHistogram f = new FloatHistogram();
    f.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    f.count = 4;
    f.sum = 2;
    f.positiveSpans = new int[] {0, 2};
    f.positiveBuckets = new double[] {1.5, 2.5};
    f.customValues = new double[] {1, 2};
    byte[] body = WriteRequestBuilder.v2().packed(false)
        .series(Labels.of("__name__", "h")).intHistogram(10, ih).histogram(20, f).build();
    RecordingSink.Series s = decode(body).series.get(0);
    assertEquals(List.of(10L, 20L), s.histTs);
    FloatHistogram h0 = s.histograms.get(0);
    assertArrayEquals(new double[] {2, 4, 3}, h0.positiveBuckets);
    assertArrayEquals(new int[] {-1, 3}, h0.positiveSpans);
    assertEquals(9, h0.count);
    assertEquals(1, h0.zeroCount);
    assertEquals(FloatHistogram.CounterResetHint.COUNTER_RESET, h0.counterResetHint);
    assertEquals(f, s.histograms.get(1));
  }

  @Test
  void invalidSeriesAreSkippedAndTheirMessagesJoinedForA400() {
    byte[] body = WriteRequestBuilder.v2()
        .series(Labels.of("__name__", "ok")).sample(1, 1)
        .series("job", "x").sample(1, 1).sample(2, 2)
        .series("__name__", "up", "a", "1", "a", "2").sample(1, 1)
        .series(Labels.of("__name__", "ok2")).sample(1, 1)
        .build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteV2Decoder().decode(body, 0, body.length, sink);
    assertEquals(2, sink.series.size());
    assertEquals(2, r.invalidSeries());
    assertEquals(3, r.invalidSeriesSamples());
    assertEquals("invalid metric name or labels, got {job=\"x\"}\n"
        + "invalid labels for series, labels {__name__=\"up\", a=\"1\", a=\"2\"}, duplicated label a", r.invalidSeriesMessage());
  }

  @Test
  void joinedMessageIsCappedWithACountOfTheRest() {
    WriteRequestBuilder b = WriteRequestBuilder.v2();
    for (int i = 0; i < DecodeTally.MAX_MESSAGES + 5; i++) {
      b.series("job", "j" + i).sample(1, 1);
    }
    byte[] body = b.build();
    DecodeResult r = new RemoteWriteV2Decoder().decode(body, 0, body.length, new RecordingSink());
    assertEquals(DecodeTally.MAX_MESSAGES + 5, r.invalidSeries());
    assertTrue(r.invalidSeriesMessage().endsWith("\n(and 5 more invalid series)"), r.invalidSeriesMessage());
  }

  @Test
  void exemplarsAreDeliveredWithTheirSymbolsResolved() {
    byte[] body = WriteRequestBuilder.v2().series(Labels.of("__name__", "up", "job", "j")).sample(1, 1)
        .exemplar(1.5, 1, "trace_id", "t").build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteV2Decoder().decode(body, 0, body.length, sink);
    assertEquals(1, r.exemplars());
    assertEquals(List.of("series up{job=\"j\"}", "sample", "exemplar {trace_id=\"t\"} 1.5 1"), sink.events);
    assertNull(r.invalidSeriesMessage());
  }

  @Test
  void a1_0BodyReadAs2_0IsEmptyAsTheSpecIntends() {
    byte[] v1 = WriteRequestBuilder.v1().series(Labels.of("__name__", "up")).sample(1, 1).build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteV2Decoder().decode(v1, 0, v1.length, sink);
    assertEquals(0, r.series());
    assertTrue(sink.events.isEmpty());
  }

  @Test
  void decoderIsReusableAcrossRequests() {
    RemoteWriteV2Decoder d = new RemoteWriteV2Decoder();
    byte[] a = WriteRequestBuilder.v2().series(Labels.of("__name__", "a", "x", "1")).sample(1, 1).build();
    byte[] b = WriteRequestBuilder.v2().series(Labels.of("__name__", "b")).sample(2, 2).build();
    RecordingSink s1 = new RecordingSink();
    RecordingSink s2 = new RecordingSink();
    d.decode(a, 0, a.length, s1);
    d.decode(b, 0, b.length, s2);
    assertEquals(Labels.of("__name__", "b"), s2.series.get(0).labels);
  }
}
