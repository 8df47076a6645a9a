package io.hearth.sharding.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Created-timestamp zero samples on their way to an owner: they travel in a batch of their own
 * version, are applied when in order, and a skipped one is neither counted nor reported.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteBatchCreatedZeroTest {
  static final List<Labels> SERIES = List.of(Labels.of("__name__", "c_total"));

  static List<Long> times(Head h) {
    List<Long> out = new ArrayList<>();
    try (Querier q = h.querier(0, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, Matcher.eq("__name__", "c_total"));
      while (ss.next()) {
        SampleIterator it = ss.at().iterator(null);
        while (it.next() == ValueType.FLOAT) out.add(it.atT());
      }
    }
    return out;
  }

  /** Batch: zero sample at {@code ct} before a sample at {@code t} valued 5. */
  static byte[] batch(long ct, long t) {
    long none = Long.MIN_VALUE;
    return WriteBatch.encode(SERIES, new int[] {0, 0}, new long[] {ct, t}, new double[] {0, 5}, null, new long[] {t, none},
        new int[] {0, 1}).bytes();
  }

  @Test
  void zeroSampleIsAppliedByTheOwnerAndNotCountedAsWritten() {
    Head h = Head.inMemory(HeadOptions.defaults());
    byte[] b = batch(1_000, 5_000);
    assertEquals(2, b[0], "a batch holding a zero sample has the version older owners refuse");
    WriteBatch.Report r = WriteBatch.decodeReport(WriteBatch.applyTo(b, h));
    assertEquals(1, r.acceptedFloats());
    assertEquals(List.of(1_000L, 5_000L), times(h));
  }

  @Test
  void outOfOrderZeroSampleIsSkippedWithoutAReport() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    a.append(a.series(SERIES.get(0)), 3_000, 2);
    a.commit();
    WriteBatch.Report r = WriteBatch.decodeReport(WriteBatch.applyTo(batch(1_000, 5_000), h));
    assertEquals(0, r.outOfOrder() + r.duplicateTimestamp() + r.tooOld() + r.seriesLimited());
    assertNull(r.firstStatus());
    assertEquals(1, r.acceptedFloats());
    assertEquals(List.of(3_000L, 5_000L), times(h));
  }

  @Test
  void batchWithoutZeroSamplesKeepsVersionOne() {
    byte[] b = WriteBatch.encode(SERIES, new int[] {0}, new long[] {5_000}, new double[] {1}, null, new long[] {Long.MIN_VALUE},
        new int[] {0}).bytes();
    assertEquals(1, b[0]);
    assertEquals(1, WriteBatch.encode(SERIES, new int[] {0}, new long[] {5_000}, new double[] {1}, null, new int[] {0}).bytes()[0]);
  }
}
