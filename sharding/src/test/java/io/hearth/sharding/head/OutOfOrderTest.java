package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code storage.tsdb.out_of_order_time_window}: late float samples inside the window are taken,
 * durable and read merged with in-order data; exact duplicates are accepted, another value at a
 * stored timestamp is refused; outside the window (and with the window at 0) late samples are
 * refused as out of order.
 */
class OutOfOrderTest {
  static final long MIN = 60_000L;
  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  final MemoryPersistence store = new MemoryPersistence();
  static final Labels SERIES = Labels.of("__name__", "late", "job", "x");

  Head open(long windowMs) {
    return Head.open(HeadOptions.defaults().withPartitions(2).withLogBytesPerCheckpoint(2 << 10).withOutOfOrderWindow(windowMs),
        store, clock::get);
  }

  static AppendStatus write(Head h, long t, double v) {
    Appender a = h.appender();
    AppendStatus s = a.append(a.series(SERIES), t, v);
    a.commit();
    return s;
  }

  static TreeMap<Long, Double> read(Head h) {
    TreeMap<Long, Double> out = new TreeMap<>();
    List<Long> order = new ArrayList<>();
    for (long[] p : HeadTest.read(h, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.eq("job", "x"))) {
      order.add(p[0]);
      out.put(p[0], Double.longBitsToDouble(p[1]));
    }
    assertEquals(order.size(), out.size(), "one sample per timestamp");
    for (int i = 1; i < order.size(); i++) assertEquals(true, order.get(i) > order.get(i - 1), "time order");
    return out;
  }

  @Test
  void lateSamplesInsideTheWindowAreReadMergedInTimeOrder() {
    long t0 = clock.get() - 60 * MIN;
    Head h = open(30 * MIN);
    TreeMap<Long, Double> want = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      assertEquals(AppendStatus.OK, write(h, t0 + i * 15_000L, i));
      want.put(t0 + i * 15_000L, (double) i);
    }
    long newest = t0 + 199 * 15_000L;
    // 100 late samples between the in-order ones, all within 30 minutes of the newest.
    for (int i = 0; i < 100; i++) {
      long t = newest - 29 * MIN + i * 15_000L + 7_500;
      assertEquals(AppendStatus.OK, write(h, t, -i), "late sample " + i);
      want.put(t, (double) -i);
    }
    assertEquals(want, read(h));
    h.flush();
    assertEquals(want, read(h), "after the late samples went to segments");
  }

  @Test
  void lateSamplesOutsideTheWindowOrWithNoWindowAreRefused() {
    long t0 = clock.get() - 60 * MIN;
    Head h = open(10 * MIN);
    for (int i = 0; i < 200; i++) write(h, t0 + i * 15_000L, i);
    long newest = t0 + 199 * 15_000L;
    assertEquals(AppendStatus.OUT_OF_ORDER, write(h, newest - 11 * MIN + 1, 1));
    assertEquals(AppendStatus.OK, write(h, newest - 9 * MIN + 1, 1));
    Head noWindow = Head.open(HeadOptions.defaults().withPartitions(2), new MemoryPersistence(), clock::get);
    write(noWindow, t0, 1);
    assertEquals(AppendStatus.OUT_OF_ORDER, write(noWindow, t0 - 1, 1), "window 0: Prometheus's default, nothing late");
  }

  @Test
  void exactDuplicateIsAcceptedAndAnotherValueAtAStoredTimestampIsRefused() {
    long t0 = clock.get() - 60 * MIN;
    Head h = open(30 * MIN);
    for (int i = 0; i < 100; i++) write(h, t0 + i * 15_000L, i);
    assertEquals(AppendStatus.DUPLICATE_IGNORED, write(h, t0 + 90 * 15_000L, 90), "same value at an in-order timestamp");
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, write(h, t0 + 90 * 15_000L, 91));
    long late = t0 + 90 * 15_000L + 1;
    assertEquals(AppendStatus.OK, write(h, late, 5));
    assertEquals(AppendStatus.DUPLICATE_IGNORED, write(h, late, 5), "same value at an out-of-order timestamp");
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, write(h, late, 6));
    Appender a = h.appender();
    int r = a.series(SERIES);
    assertEquals(AppendStatus.OK, a.append(r, late + 1, 7));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, a.append(r, late + 1, 8), "against a staged late sample");
    a.commit();
    assertEquals(5.0, read(h).get(late));
    assertEquals(90.0, read(h).get(t0 + 90 * 15_000L));
  }

  @Test
  void lateSamplesSurviveARestartAtEveryStage() {
    long t0 = clock.get() - 60 * MIN;
    Head h = open(30 * MIN);
    for (int i = 0; i < 200; i++) write(h, t0 + i * 15_000L, i);
    long newest = t0 + 199 * 15_000L;
    for (int i = 0; i < 50; i++) write(h, newest - 20 * MIN + i * 15_000L + 1, -i); // 32 sealed, 18 buffered
    TreeMap<Long, Double> before = read(h);
    assertEquals(250, before.size());
    assertEquals(before, read(open(30 * MIN)), "replayed from the log");
    h.maintain();
    h.flush();
    for (int i = 50; i < 60; i++) write(h, newest - 20 * MIN + i * 15_000L + 1, -i);
    TreeMap<Long, Double> after = read(h);
    assertEquals(260, after.size());
    Head reopened = open(30 * MIN);
    assertEquals(after, read(reopened), "from segments, the snapshot and the log, no sample twice");
  }

  @Test
  void lateHistogramsAreRefused() {
    long t0 = clock.get() - 60 * MIN;
    Head h = open(30 * MIN);
    Appender a = h.appender();
    int r = a.series(SERIES);
    a.appendHistogram(r, t0, HeadHistogramTest.counter(1, 1));
    a.commit();
    Appender b = h.appender();
    assertEquals(AppendStatus.OUT_OF_ORDER, b.appendHistogram(b.series(SERIES), t0 - 1, HeadHistogramTest.counter(1, 1)));
    b.rollback();
  }
}
