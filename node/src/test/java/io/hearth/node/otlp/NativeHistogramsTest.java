package io.hearth.node.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.sharding.api.FloatHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Buckets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exponential histogram data points as native histograms: index shift, downscaling, spans, refusal. */
class NativeHistogramsTest {
  static ExponentialHistogramDataPoint point(int scale, int offset, Long... counts) {
    return ExponentialHistogramDataPoint.newBuilder().setScale(scale).setCount(10).setSum(42).setZeroCount(1)
        .setZeroThreshold(1e-9).setPositive(Buckets.newBuilder().setOffset(offset).addAllBucketCounts(List.of(counts))).build();
  }

  @Test
  void otlpBucketIndexIsOneBelowTheNativeIndex() {
    FloatHistogram h = new FloatHistogram();
    assertNull(NativeHistograms.fill(point(3, -2, 1L, 2L, 3L), h));
    assertEquals(3, h.schema);
    assertArrayEquals(new int[] {-1, 3}, h.positiveSpans);
    assertArrayEquals(new double[] {1, 2, 3}, h.positiveBuckets);
    assertEquals(10, h.count);
    assertEquals(42, h.sum);
    assertEquals(1, h.zeroCount);
    assertEquals(0, h.negativeSpans.length);
  }

  @Test
  void scaleAboveEightIsDownscaledByMergingNeighbours() {
    FloatHistogram h = new FloatHistogram();
    // Scale 10 -> 8 merges four OTLP buckets into one: indices 0..7 -> (0..3>>2)=0, (4..7>>2)=1.
    assertNull(NativeHistograms.fill(point(10, 0, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L), h));
    assertEquals(8, h.schema);
    assertArrayEquals(new int[] {1, 2}, h.positiveSpans);
    assertArrayEquals(new double[] {4, 8}, h.positiveBuckets);
  }

  @Test
  void gapsOfMoreThanTwoEmptyBucketsStartANewSpan() {
    FloatHistogram h = new FloatHistogram();
    assertNull(NativeHistograms.fill(point(0, 0, 1L, 0L, 0L, 1L, 0L, 0L, 0L, 5L), h));
    assertArrayEquals(new int[] {1, 4, 3, 1}, h.positiveSpans);
    assertArrayEquals(new double[] {1, 0, 0, 1, 5}, h.positiveBuckets);
  }

  @Test
  void scaleBelowMinusFourIsRefusedWithPrometheusMessage() {
    assertEquals("cannot convert exponential to native histogram. Scale must be >= -4, was -5",
        NativeHistograms.fill(point(-5, 0, 1L), new FloatHistogram()));
  }
}
