package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class HeadTest {
  public static List<long[]> read(Head h, long mint, long maxt, Matcher... m) {
    List<long[]> out = new ArrayList<>();
    try (Querier q = h.querier(mint, maxt)) {
      SeriesSet ss = q.select(true, m);
      while (ss.next()) {
        SampleIterator it = ss.at().iterator(null);
        while (it.next() == ValueType.FLOAT) out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atV())});
      }
    }
    return out;
  }

  @Test
  void appendedSamplesAreReadBackInOrderAcrossChunks() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    int r = a.series(Labels.of("__name__", "up", "job", "a"));
    for (int i = 0; i < 1000; i++) assertEquals(AppendStatus.OK, a.append(r, i * 15_000L, i));
    a.commit();
    List<long[]> got = read(h, 0, Long.MAX_VALUE, Matcher.eq("job", "a"));
    assertEquals(1000, got.size());
    for (int i = 0; i < 1000; i++) assertEquals(i * 15_000L, got.get(i)[0]);
    assertEquals(10, read(h, 15_000, 150_000, Matcher.eq("__name__", "up")).size());
  }

  @Test
  void logBytesCountTheIngestLogWrittenSinceTheLastCheckpoint() {
    MemoryPersistence persistence = new MemoryPersistence();
    Head h = Head.open(HeadOptions.defaults(), persistence, () -> 3_600_000L);
    assertEquals(0, h.logBytes());
    long written = 0;
    for (int batch = 0; batch < 3; batch++) {
      Appender a = h.appender();
      for (int s = 0; s < 50; s++) a.append(a.series(Labels.of("__name__", "m", "s", Integer.toString(s))), batch * 15_000L, s);
      a.commit();
      assertTrue(h.logBytes() > written, "batch " + batch + " adds log bytes");
      written = h.logBytes();
    }
    assertEquals(h.metrics().logBytesWritten.sum(), h.logBytes(), "nothing truncated yet");
    h.flush();
    assertEquals(0, h.logBytes(), "a checkpoint of every partition truncates all of it");
    h.close();
  }

  /**
   * A thread's commits reuse their per-sample arrays: a smaller batch after a larger one must group
   * only its own samples (stale entries past its end would bring in the earlier batch's series).
   */
  @Test
  void aSmallerCommitAfterALargerOneOnTheSameThreadStoresExactlyItsOwnSamples() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender big = h.appender();
    for (int s = 0; s < 3000; s++) big.append(big.series(Labels.of("__name__", "big", "s", Integer.toString(s))), 1000, s);
    big.commit();
    Appender small = h.appender();
    int x = small.series(Labels.of("__name__", "small", "s", "x"));
    int y = small.series(Labels.of("__name__", "small", "s", "y"));
    // Arrival order interleaves the two series: the commit must still keep each series' samples in time order.
    small.append(x, 2000, 1);
    small.append(y, 2000, 2);
    small.append(x, 3000, 3);
    small.append(y, 3000, 4);
    small.commit();
    assertEquals(3000, read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "big")).size(), "the large batch, once");
    List<long[]> xs = read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "x"));
    assertEquals(List.of(2000L, 3000L), xs.stream().map(p -> p[0]).toList());
    assertEquals(List.of(1.0, 3.0), xs.stream().map(p -> Double.longBitsToDouble(p[1])).toList());
    List<long[]> ys = read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "y"));
    assertEquals(List.of(2.0, 4.0), ys.stream().map(p -> Double.longBitsToDouble(p[1])).toList());
    for (long[] p : read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "big"))) assertEquals(1000L, p[0]);
  }

  @Test
  void appendRejectsOutOfOrderAndConflictingDuplicate() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    int r = a.series(Labels.of("__name__", "x"));
    a.append(r, 1000, 1);
    a.commit();
    Appender b = h.appender();
    int r2 = b.series(Labels.of("__name__", "x"));
    assertEquals(AppendStatus.OUT_OF_ORDER, b.append(r2, 999, 1));
    assertEquals(AppendStatus.DUPLICATE_IGNORED, b.append(r2, 1000, 1));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, b.append(r2, 1000, 2));
    assertEquals(AppendStatus.OK, b.append(r2, 1001, StaleNaN.VALUE));
    b.commit();
    List<long[]> got = read(h, 0, 10_000, Matcher.eq("__name__", "x"));
    assertEquals(2, got.size());
    assertEquals(StaleNaN.BITS, got.get(1)[1]);
  }

  @Test
  void matchersSelectLikePrometheus() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    a.append(a.series(Labels.of("__name__", "m", "a", "1")), 1, 1);
    a.append(a.series(Labels.of("__name__", "m", "a", "2", "b", "x")), 1, 1);
    a.append(a.series(Labels.of("__name__", "m")), 1, 1);
    a.commit();
    Matcher name = Matcher.eq("__name__", "m");
    assertEquals(3, read(h, 0, 10, name).size());
    assertEquals(1, read(h, 0, 10, name, Matcher.eq("b", "x")).size());
    assertEquals(2, read(h, 0, 10, name, Matcher.eq("b", "")).size());
    assertEquals(2, read(h, 0, 10, name, Matcher.of(Matcher.Type.RE, "a", "1|2")).size());
    assertEquals(2, read(h, 0, 10, name, Matcher.of(Matcher.Type.NEQ, "a", "1")).size());
    assertEquals(1, read(h, 0, 10, name, Matcher.of(Matcher.Type.NRE, "a", "1|2")).size());
    assertEquals(0, read(h, 0, 10, name, Matcher.of(Matcher.Type.NRE, "a", ".*")).size());
    try (Querier q = h.querier(0, 10)) {
      assertEquals(List.of("1", "2"), q.labelValues("a"));
      assertEquals(List.of("__name__", "a", "b"), q.labelNames());
      assertEquals(List.of("2"), q.labelValues("a", Matcher.eq("b", "x")));
    }
    assertTrue(h.numSeries() == 3);
  }
}
