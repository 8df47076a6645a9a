package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.wire.SeriesCache;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static RecordingSink decode(byte[] body, DecodeOptions options, SeriesCache cache) {
    RecordingSink sink = new RecordingSink();
    new RemoteWriteDecoder(options, cache).decode(body, 0, body.length, sink);
    return sink;
  }

  private static RecordingSink decode(byte[] body, SeriesCache cache) {
    return decode(body, DecodeOptions.DEFAULT, cache);
  }

  @Test
  void aSeriesSentAgainGetsTheSameLabelsInstanceWithTheSameSamples() {
    SeriesCache cache = new SeriesCache(1024);
    Labels up = Labels.of("__name__", "up", "job", "api");
    Labels rate = Labels.of("__name__", "http_requests_total", "code", "200", "instance", "é:9090");
    byte[] first = WriteRequestBuilder.v1().series(up).sample(1000, 1).series(rate).sample(1000, 5).build();
    byte[] second = WriteRequestBuilder.v1().series(rate).sample(2000, 6).series(up).sample(2000, 0).build();

    RecordingSink a = decode(first, cache);
    RecordingSink b = decode(second, cache);

    assertEquals(up, a.series.get(0).labels);
    assertEquals(rate, a.series.get(1).labels);
    assertSame(a.series.get(1).labels, b.series.get(0).labels, "second request reuses the first's labels");
    assertSame(a.series.get(0).labels, b.series.get(1).labels);
    assertEquals(List.of(2000L), b.series.get(0).ts);
    assertEquals(6.0, b.series.get(0).value(0));
    assertEquals(0.0, b.series.get(1).value(0));
  }

  @Test
  void anInvalidSeriesIsNeverCachedAndIsReportedEveryTime() {
    SeriesCache cache = new SeriesCache(1024);
    byte[] body = WriteRequestBuilder.v1().series("job", "x").sample(1, 1).series(Labels.of("__name__", "ok")).sample(1, 1).build();
    for (int i = 0; i < 3; i++) {
      RecordingSink sink = decode(body, cache);
      assertEquals(1, sink.invalid.size(), "round " + i);
      assertEquals(InvalidSeriesReason.MISSING_METRIC_NAME, sink.invalid.get(0).reason());
      assertEquals(1, sink.series.size());
    }
  }

  @Test
  void labelsSplitBySamplesDecodeTheSameWithoutTheCache() {
    SeriesCache cache = new SeriesCache(1024);
    // name, sample, value: labels that are not one run of bytes are decoded every time.
    byte[] name = WriteRequestBuilder.encode(out -> {
      out.writeString(1, "__name__");
      out.writeString(2, "up");
    });
    byte[] job = WriteRequestBuilder.encode(out -> {
      out.writeString(1, "job");
      out.writeString(2, "x");
    });
    byte[] sample = WriteRequestBuilder.encode(out -> {
      out.writeDouble(1, 4);
      out.writeInt64(2, 9);
    });
    byte[] ts = WriteRequestBuilder.encode(out -> {
      out.writeByteArray(1, name);
      out.writeByteArray(2, sample);
      out.writeByteArray(1, job);
    });
    byte[] body = WriteRequestBuilder.encode(out -> out.writeByteArray(1, ts));
    RecordingSink a = decode(body, cache);
    RecordingSink b = decode(body, cache);
    assertEquals(Labels.of("__name__", "up", "job", "x"), a.series.get(0).labels);
    assertEquals(a.series.get(0).labels, b.series.get(0).labels);
    assertNotSame(a.series.get(0).labels, b.series.get(0).labels, "not cached");
    assertEquals(List.of(9L), b.series.get(0).ts);
  }

  @Test
  void aCollidingSlotNeverYieldsAnotherSeriesLabels() {
    SeriesCache one = new SeriesCache(1);
    assertEquals(1, one.capacity());
    Labels a = Labels.of("__name__", "a");
    Labels b = Labels.of("__name__", "b");
    byte[] bodyA = WriteRequestBuilder.v1().series(a).sample(1, 1).build();
    byte[] bodyB = WriteRequestBuilder.v1().series(b).sample(1, 1).build();
    for (int i = 0; i < 3; i++) {
      assertEquals(a, decode(bodyA, one).series.get(0).labels);
      assertEquals(b, decode(bodyB, one).series.get(0).labels);
    }
    // Same hash slot and same length, other bytes: a miss.
    byte[] x = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] y = "abd".getBytes(StandardCharsets.US_ASCII);
    one.put(SeriesCache.hash(x, 0, 3), x, 0, 3, a);
    assertSame(a, one.get(SeriesCache.hash(x, 0, 3), x, 0, 3));
    assertNull(one.get(SeriesCache.hash(x, 0, 3), y, 0, 3), "equal hash given, other bytes");
  }

  @Test
  void aCacheBelongsToItsOptions() {
    // Legacy validation refuses what the default accepts: each options' cache decides for itself.
    byte[] body = WriteRequestBuilder.v1().series("__name__", "http_requests", "service.name", "api").sample(1, 1).build();
    SeriesCache utf8 = new SeriesCache(64);
    assertEquals(1, decode(body, utf8).series.size());
    RecordingSink legacy = decode(body, DecodeOptions.DEFAULT.withNameValidation(DecodeOptions.NameValidation.LEGACY), new SeriesCache(64));
    assertEquals(0, legacy.series.size());
    assertEquals(InvalidSeriesReason.INVALID_LABEL_NAME, legacy.invalid.get(0).reason());
  }

  @Test
  void capacityIsAPowerOfTwoSizedFromTheHeapWithinBounds() {
    assertEquals(0, SeriesCache.NONE.capacity());
    assertEquals(1024, new SeriesCache(1000).capacity());
    assertEquals(1024, new SeriesCache(1024).capacity());
    assertEquals(1 << 14, SeriesCache.sizedForHeap(64L << 20).capacity());
    assertEquals(1 << 19, SeriesCache.sizedForHeap(6L << 30).capacity());
    assertEquals(1 << 20, SeriesCache.sizedForHeap(64L << 30).capacity());
  }

  @Test
  void aCachedSeriesIsStillNamedInItsHistogramsError() {
    SeriesCache cache = new SeriesCache(1024);
    Labels h = Labels.of("__name__", "h", "job", "api");
    WriteRequestBuilder.IntHistogram good = new WriteRequestBuilder.IntHistogram();
    good.count = 1;
    good.positiveSpans = new int[] {0, 1};
    good.positiveDeltas = new long[] {1};
    WriteRequestBuilder.IntHistogram bad = new WriteRequestBuilder.IntHistogram();
    bad.count = 2;
    bad.positiveSpans = new int[] {0, 3};
    bad.positiveDeltas = new long[] {1, 0};
    decode(WriteRequestBuilder.v1().series(h).intHistogram(1, good).build(), cache);
    assertSame(decode(WriteRequestBuilder.v1().series(h).sample(2, 1).build(), cache).series.get(0).labels,
        decode(WriteRequestBuilder.v1().series(h).sample(3, 1).build(), cache).series.get(0).labels, "cached");

    byte[] body = WriteRequestBuilder.v1().series(h).intHistogram(4, bad).build();
    RemoteProtocolException.BadRequest e = org.junit.jupiter.api.Assertions.assertThrows(
        RemoteProtocolException.BadRequest.class, () -> decode(body, cache));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().endsWith("for series {__name__=\"h\", job=\"api\"}"),
        e.getMessage());
  }
}
