package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.text.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteWriteDecoderTest {
  private static RecordingSink decode(byte[] body) {
    return decode(body, DecodeOptions.DEFAULT);
  }

  private static RecordingSink decode(byte[] body, DecodeOptions options) {
    RecordingSink sink = new RecordingSink();
    new RemoteWriteDecoder(options).decode(body, 0, body.length, sink);
    return sink;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodesSeriesAndSamplesInWireOrder(boolean unknownFields) {
    byte[] body = WriteRequestBuilder.v1().unknownFields(unknownFields)
        .series(Labels.of("__name__", "up", "job", "api")).sample(1000, 1).sample(2000, 0)
        .series(Labels.of("__name__", "http_requests_total", "code", "200", "instance", "é:9090")).sample(-5, 3.25)
        .build();

    RecordingSink sink = new RecordingSink();
    DecodeResult result = new RemoteWriteDecoder().decode(body, 0, body.length, sink);

    assertEquals(2, sink.series.size());
    assertEquals(Labels.of("__name__", "up", "job", "api"), sink.series.get(0).labels);
    assertEquals(List.of(1000L, 2000L), sink.series.get(0).ts);
    assertEquals(1.0, sink.series.get(0).value(0));
    assertEquals(0.0, sink.series.get(0).value(1));
    assertEquals(Labels.of("__name__", "http_requests_total", "code", "200", "instance", "é:9090"), sink.series.get(1).labels);
    assertEquals(List.of(-5L), sink.series.get(1).ts);
    assertEquals(3.25, sink.series.get(1).value(0));
    assertEquals(new DecodeResult(2, 3, 0, 0, 0, 0, 0, 0, null), result);
  }

  @Test
  void decodesFromAnOffsetIntoALargerBuffer() {
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "up")).sample(7, 8).build();
    byte[] padded = new byte[body.length + 10];
    System.arraycopy(body, 0, padded, 5, body.length);
    padded[4] = (byte) 0xff;
    padded[body.length + 5] = (byte) 0xff;
    RecordingSink sink = new RecordingSink();
    new RemoteWriteDecoder().decode(padded, 5, body.length, sink);
    assertEquals(List.of(7L), sink.series.get(0).ts);
  }

  @Test
  void staleNanAndOtherSpecialValuesKeepTheirBits() {
    double otherNan = Double.longBitsToDouble(0x7ff8000000000001L);
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "up"))
        .sample(1, StaleNaN.VALUE).sample(2, otherNan).sample(3, -0.0).sample(4, Double.NEGATIVE_INFINITY)
        .sample(5, Double.MIN_VALUE).build();
    RecordingSink.Series s = decode(body).series.get(0);
    assertEquals(StaleNaN.BITS, (long) s.valueBits.get(0));
    assertTrue(StaleNaN.is(s.value(0)));
    assertEquals(0x7ff8000000000001L, (long) s.valueBits.get(1));
    assertEquals(Double.doubleToRawLongBits(-0.0), (long) s.valueBits.get(2));
    assertEquals(Double.NEGATIVE_INFINITY, s.value(3));
    assertEquals(Double.MIN_VALUE, s.value(4));
  }

  @Test
  void labelsAfterSamplesStillComeFirstToTheSink() {
    byte[] body = WriteRequestBuilder.v1().labelsLast(true)
        .series(Labels.of("__name__", "up", "job", "x")).sample(1, 2).sample(3, 4).build();
    RecordingSink sink = decode(body);
    assertEquals(List.of("series up{job=\"x\"}", "sample", "sample"), sink.events);
  }

  @Test
  void missingSampleFieldsReadAsZero() {
    byte[] body = WriteRequestBuilder.upWithRawSample(new byte[0]);
    RecordingSink.Series s = decode(body).series.get(0);
    assertEquals(List.of(0L), s.ts);
    assertEquals(0L, (long) s.valueBits.get(0));
  }

  @Test
  void labelsWithEmptyValuesAreDropped() {
    byte[] body = WriteRequestBuilder.v1().series("__name__", "up", "env", "", "job", "x").sample(1, 1).build();
    assertEquals(Labels.of("__name__", "up", "job", "x"), decode(body).series.get(0).labels);
  }

  @Test
  void utf8NamesAreValidByDefaultAndRefusedUnderLegacyValidation() {
    byte[] body = WriteRequestBuilder.v1().series("__name__", "http_requests", "service.name", "api").sample(1, 1).build();
    assertEquals(Labels.of("__name__", "http_requests", "service.name", "api"), decode(body).series.get(0).labels);

    RecordingSink legacy = decode(body, DecodeOptions.DEFAULT.withNameValidation(DecodeOptions.NameValidation.LEGACY));
    assertEquals(0, legacy.series.size());
    assertEquals(InvalidSeriesReason.INVALID_LABEL_NAME, legacy.invalid.get(0).reason());
    assertEquals("invalid metric name or labels, got {__name__=\"http_requests\", \"service.name\"=\"api\"}", legacy.invalid.get(0).message());
  }

  @Test
  void legacyValidationRefusesAMetricNameWithADot() {
    byte[] body = WriteRequestBuilder.v1().series("__name__", "a.b").sample(1, 1).build();
    RecordingSink legacy = decode(body, DecodeOptions.DEFAULT.withNameValidation(DecodeOptions.NameValidation.LEGACY));
    assertEquals(InvalidSeriesReason.INVALID_METRIC_NAME, legacy.invalid.get(0).reason());
  }

  @Test
  void invalidSeriesIsSkippedAndTheRestDelivered() {
    byte[] body = WriteRequestBuilder.v1()
        .series(Labels.of("__name__", "ok1")).sample(1, 1)
        .series("job", "x").sample(1, 1).sample(2, 2).intHistogram(3, new WriteRequestBuilder.IntHistogram())
        .series(Labels.of("__name__", "ok2")).sample(5, 5)
        .build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteDecoder().decode(body, 0, body.length, sink);

    assertEquals(2, sink.series.size());
    assertEquals("ok2", sink.series.get(1).labels.metricName());
    assertEquals(List.of(new RecordingSink.Invalid(InvalidSeriesReason.MISSING_METRIC_NAME,
        "invalid metric name or labels, got {job=\"x\"}", 2, 1)), sink.invalid);
    assertEquals(1, r.invalidSeries());
    assertEquals(2, r.invalidSeriesSamples());
    assertEquals(1, r.invalidSeriesHistograms());
    assertEquals("invalid metric name or labels, got {job=\"x\"}", r.invalidSeriesMessage());
    assertEquals(2, r.samples());
  }

  @Test
  void rejectRequestPolicyThrowsAtTheFirstInvalidSeries() {
    byte[] body = WriteRequestBuilder.v1()
        .series(Labels.of("__name__", "ok1")).sample(1, 1)
        .series("__name__", "up", "a", "1", "a", "2").sample(1, 1)
        .build();
    var e = assertThrows(RemoteProtocolException.BadRequest.class, () -> decode(body,
        DecodeOptions.DEFAULT.withInvalidSeries(DecodeOptions.InvalidSeriesPolicy.REJECT_REQUEST)));
    assertEquals(RemoteProtocolException.BadRequest.Reason.INVALID_SERIES, e.reason());
    assertEquals(400, e.httpStatus());
    assertEquals("invalid labels for series, labels {__name__=\"up\", a=\"1\", a=\"2\"}, duplicated label a", e.getMessage());
  }

  @Test
  void unsortedLabelsAreSortedWhenAsked() {
    byte[] body = WriteRequestBuilder.v1().series("job", "x", "__name__", "up", "a", "1").sample(1, 1).build();
    RecordingSink refused = decode(body);
    assertEquals(InvalidSeriesReason.UNSORTED_LABEL_NAMES, refused.invalid.get(0).reason());

    RecordingSink sorted = decode(body, DecodeOptions.DEFAULT.withSortUnsortedLabels(true));
    assertEquals(Labels.of("__name__", "up", "a", "1", "job", "x"), sorted.series.get(0).labels);
  }

  @Test
  void unsortedInputWithARepeatedNameIsReportedAsDuplicate() {
    byte[] body = WriteRequestBuilder.v1().series("b", "1", "__name__", "up", "b", "2").sample(1, 1).build();
    RecordingSink sink = decode(body, DecodeOptions.DEFAULT.withSortUnsortedLabels(true));
    assertEquals("invalid labels for series, labels {__name__=\"up\", b=\"1\", b=\"2\"}, duplicated label b",
        sink.invalid.get(0).message());
  }

  @Test
  void namesBeyondTheBasicPlaneAreOrderedAsLabelsOrdersThem() {
    // Byte order (the wire's): U+FF21 (EF BC A1) < U+1F600 (F0 9F 98 80). UTF-16 order: the reverse.
    String fullwidthA = "\uFF21";
    String emoji = new String(Character.toChars(0x1F600));
    byte[] body = WriteRequestBuilder.v1().series("__name__", "up", fullwidthA, "1", emoji, "2").sample(1, 1).build();
    Labels got = decode(body).series.get(0).labels;
    assertEquals(Labels.of("__name__", "up", fullwidthA, "1", emoji, "2"), got);
    assertEquals("1", got.get(fullwidthA));
    assertEquals("2", got.get(emoji));
  }

  @Test
  void metadataReachesTheSink() {
    byte[] body = WriteRequestBuilder.v1().unknownFields(true)
        .series(Labels.of("__name__", "up")).sample(1, 1)
        .metadata("up", MetricType.GAUGE, "Whether the target is up.", "")
        .metadata("http_requests", MetricType.COUNTER, "Requests.", "requests")
        .build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteDecoder().decode(body, 0, body.length, sink);
    assertEquals(List.of(new RecordingSink.Meta("up", MetricType.GAUGE, "Whether the target is up.", ""),
        new RecordingSink.Meta("http_requests", MetricType.COUNTER, "Requests.", "requests")), sink.metadata);
    assertEquals(2, r.metadata());
  }

  @Test
  void exemplarsAreDeliveredAfterTheirSeriesWithEmptyLabelsDropped() {
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "up")).sample(1, 1)
        .exemplar(0.5, 1, "trace_id", "abc", "empty", "").exemplar(0.7, 2).build();
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteDecoder().decode(body, 0, body.length, sink);
    assertEquals(2, r.exemplars());
    assertEquals(List.of("series up{}", "sample", "exemplar {trace_id=\"abc\"} 0.5 1", "exemplar {} 0.7 2"), sink.events);
  }

  @Test
  void emptyBodyDeliversNothing() {
    RecordingSink sink = new RecordingSink();
    DecodeResult r = new RemoteWriteDecoder().decode(new byte[0], 0, 0, sink);
    assertEquals(0, r.series());
    assertTrue(sink.events.isEmpty());
    assertNull(r.invalidSeriesMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void integerHistogramDeltasBecomeAbsoluteCounts(boolean packed) {
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    ih.schema = 1;
    ih.count = 19;
    ih.sum = 42.5;
    ih.zeroThreshold = 0.001;
    ih.zeroCount = 2;
    ih.positiveSpans = new int[] {0, 2, 1, 2};
    ih.positiveDeltas = new long[] {1, 2, -1, 3};   // absolute 1, 3, 2, 5
    ih.negativeSpans = new int[] {-2, 1};
    ih.negativeDeltas = new long[] {6};
    ih.resetHint = 2;
    byte[] body = WriteRequestBuilder.v1().packed(packed).unknownFields(true)
        .series(Labels.of("__name__", "latency")).intHistogram(1234, ih).build();

    RecordingSink.Series s = decode(body).series.get(0);
    FloatHistogram h = s.histograms.get(0);
    assertEquals(1234L, (long) s.histTs.get(0));
    assertEquals(1, h.schema);
    assertEquals(19.0, h.count);
    assertEquals(42.5, h.sum);
    assertEquals(0.001, h.zeroThreshold);
    assertEquals(2.0, h.zeroCount);
    assertArrayEquals(new int[] {0, 2, 1, 2}, h.positiveSpans);
    assertArrayEquals(new double[] {1, 3, 2, 5}, h.positiveBuckets);
    assertArrayEquals(new int[] {-2, 1}, h.negativeSpans);
    assertArrayEquals(new double[] {6}, h.negativeBuckets);
    assertEquals(FloatHistogram.CounterResetHint.NOT_COUNTER_RESET, h.counterResetHint);
    assertEquals(0, h.customValues.length);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void floatHistogramRoundTrips(boolean packed) {
    FloatHistogram f = new FloatHistogram();
    f.schema = -2;
    f.count = 10.5;
    f.sum = -3.25;
    f.zeroThreshold = 1e-9;
    f.zeroCount = 0.5;
    f.positiveSpans = new int[] {3, 3};
    f.positiveBuckets = new double[] {1.5, 0, 8.5};
    f.negativeSpans = new int[0];
    f.negativeBuckets = new double[0];
    f.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    byte[] body = WriteRequestBuilder.v1().packed(packed).series(Labels.of("__name__", "h")).histogram(99, f).build();
    assertEquals(f, decode(body).series.get(0).histograms.get(0));
  }

  @Test
  void customBucketsHistogramKeepsItsBounds() {
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    ih.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    ih.count = 6;
    ih.sum = 10;
    ih.positiveSpans = new int[] {0, 2, 1, 1};
    ih.positiveDeltas = new long[] {1, 2, 0};
    ih.customValues = new double[] {0.1, 0.5, 1, 5};
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "nhcb")).intHistogram(5, ih).build();
    FloatHistogram h = decode(body).series.get(0).histograms.get(0);
    assertTrue(h.usesCustomBuckets());
    assertArrayEquals(new double[] {0.1, 0.5, 1, 5}, h.customValues);
    assertArrayEquals(new double[] {1, 3, 3}, h.positiveBuckets);
    assertArrayEquals(new int[] {0, 2, 1, 1}, h.positiveSpans);
  }

  @Test
  void histogramInstanceIsReusedAcrossCalls() {
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    ih.count = 3;
    ih.positiveSpans = new int[] {0, 2};
    ih.positiveDeltas = new long[] {1, 1};
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "h")).intHistogram(1, ih).intHistogram(2, ih).build();
    RecordingSink.Series s = decode(body).series.get(0);
    assertSame(s.histogramInstances.get(0), s.histogramInstances.get(1));
    assertEquals(s.histograms.get(0), s.histograms.get(1));
  }

  @Test
  void largestUnsignedCountWidensAsGoDoes() {
    assertEquals(18446744073709551615.0, HistogramDecoder.unsignedToDouble(-1L));
    assertEquals(9223372036854775808.0, HistogramDecoder.unsignedToDouble(Long.MIN_VALUE));
    assertEquals(5.0, HistogramDecoder.unsignedToDouble(5));
  }

  @Test
  void samplesAndHistogramsOfASeriesKeepWireOrder() {
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    byte[] body = WriteRequestBuilder.v1().series(Labels.of("__name__", "m")).sample(1, 1).intHistogram(2, ih).sample(3, 3).build();
    assertEquals(List.of("series m{}", "sample", "histogram", "sample"), decode(body).events);
  }
}
