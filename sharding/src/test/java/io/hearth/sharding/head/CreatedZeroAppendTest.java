package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.ValueType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Appender#appendCreatedZero} on the head: Prometheus's {@code AppendCTZeroSample} rules. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CreatedZeroAppendTest {
  static final Labels C = Labels.of("__name__", "c_total");

  @Test
  void zeroSampleIsStagedAtTheCreatedTimeBeforeTheFirstSample() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    int r = a.series(C);
    assertEquals(AppendStatus.OK, a.appendCreatedZero(r, 1_000, 5_000, null));
    assertEquals(AppendStatus.OK, a.append(r, 5_000, 7));
    a.commit();
    List<long[]> got = HeadTest.read(h, 0, 10_000, Matcher.eq("__name__", "c_total"));
    assertEquals(2, got.size());
    assertEquals(1_000, got.get(0)[0]);
    assertEquals(0.0, Double.longBitsToDouble(got.get(0)[1]));
    assertEquals(5_000, got.get(1)[0]);
  }

  @Test
  void notStagedWhenCreatedIsNotBeforeTheSample() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    int r = a.series(C);
    assertEquals(AppendStatus.OUT_OF_ORDER, a.appendCreatedZero(r, 5_000, 5_000, null));
    assertEquals(AppendStatus.OUT_OF_ORDER, a.appendCreatedZero(r, 6_000, 5_000, null));
    a.append(r, 5_000, 7);
    a.commit();
    assertEquals(1, HeadTest.read(h, 0, 10_000, Matcher.eq("__name__", "c_total")).size());
  }

  @Test
  void notStagedAtOrBeforeTheStoredNewestEvenInsideTheOutOfOrderWindowAndNotCounted() {
    Head h = Head.inMemory(HeadOptions.defaults().withOutOfOrderWindow(3_600_000));
    Appender a = h.appender();
    int r = a.series(C);
    a.append(r, 10_000, 3);
    a.commit();
    long oooBefore = h.metrics().samplesOutOfOrder.sum();
    Appender b = h.appender();
    int r2 = b.series(C);
    assertEquals(AppendStatus.OUT_OF_ORDER, b.appendCreatedZero(r2, 10_000, 20_000, null), "equal to the stored newest");
    assertEquals(AppendStatus.OUT_OF_ORDER, b.appendCreatedZero(r2, 5_000, 20_000, null), "inside the out-of-order window");
    assertEquals(AppendStatus.OK, b.append(r2, 20_000, 4));
    b.commit();
    assertEquals(oooBefore, h.metrics().samplesOutOfOrder.sum(), "a skipped zero sample is no rejection");
    List<long[]> got = HeadTest.read(h, 0, 30_000, Matcher.eq("__name__", "c_total"));
    assertEquals(List.of(10_000L, 20_000L), got.stream().map(s -> s[0]).toList());
  }

  @Test
  void histogramZeroIsAnEmptyHistogramOfTheSameSchema() {
    Head h = Head.inMemory(HeadOptions.defaults());
    FloatHistogram first = new FloatHistogram();
    first.schema = 2;
    first.zeroThreshold = 0.001;
    first.count = 3;
    first.sum = 4.5;
    first.positiveSpans = new int[] {0, 1};
    first.positiveBuckets = new double[] {3};
    Appender a = h.appender();
    int r = a.series(Labels.of("__name__", "lat"));
    assertEquals(AppendStatus.OK, a.appendCreatedZero(r, 1_000, 2_000, first));
    assertEquals(AppendStatus.OK, a.appendHistogram(r, 2_000, first));
    a.commit();
    try (Querier q = h.querier(0, 10_000)) {
      SeriesSet ss = q.select(true, Matcher.eq("__name__", "lat"));
      assertTrue(ss.next());
      SampleIterator it = ss.at().iterator(null);
      assertEquals(ValueType.HISTOGRAM, it.next());
      assertEquals(1_000, it.atT());
      FloatHistogram z = it.atHistogram(null);
      assertEquals(0.0, z.count);
      assertEquals(0.0, z.sum);
      assertEquals(2, z.schema);
      assertEquals(0.001, z.zeroThreshold);
      assertEquals(ValueType.HISTOGRAM, it.next());
      assertEquals(3.0, it.atHistogram(null).count);
    }
  }
}
