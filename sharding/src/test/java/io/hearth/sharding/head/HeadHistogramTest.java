package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Native histogram samples in the head: staging, order rules, chunks, reading, durability. */
public class HeadHistogramTest {
  /** One sample read back: a float when {@code h} is null. */
  public record Point(long t, double v, FloatHistogram h) {
    public static Point of(long t, double v) {
      return new Point(t, v, null);
    }

    public static Point of(long t, FloatHistogram h) {
      return new Point(t, 0, h);
    }
  }

  /** Every sample of the series matching {@code m}, in iteration order (one series expected). */
  public static List<Point> readPoints(io.hearth.sharding.api.Queryable q, long mint, long maxt, Matcher... m) {
    List<Point> out = new ArrayList<>();
    try (Querier qr = q.querier(mint, maxt)) {
      SeriesSet ss = qr.select(true, m);
      while (ss.next()) {
        SampleIterator it = ss.at().iterator(null);
        FloatHistogram reuse = new FloatHistogram();
        for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
          if (vt == ValueType.FLOAT) out.add(Point.of(it.atT(), it.atV()));
          else out.add(Point.of(it.atT(), it.atHistogram(reuse).copy()));
        }
      }
    }
    return out;
  }

  /** A random exponential or custom-bucket histogram; the layout changes now and then. */
  public static FloatHistogram randomHistogram(SplittableRandom r, int i) {
    FloatHistogram h = new FloatHistogram();
    boolean custom = r.nextInt(5) == 0;
    h.schema = custom ? FloatHistogram.CUSTOM_BUCKETS_SCHEMA : r.nextInt(-4, 9);
    h.counterResetHint = CounterResetHint.values()[r.nextInt(4)];
    h.count = i * 10 + r.nextInt(10);
    h.sum = r.nextDouble() * 1000 - 100;
    h.zeroThreshold = custom ? 0 : (r.nextBoolean() ? 0 : 1e-128);
    h.zeroCount = custom ? 0 : r.nextInt(3);
    int pos = r.nextInt(0, 6);
    h.positiveSpans = pos == 0 ? new int[0] : new int[] {r.nextInt(-3, 3), pos};
    h.positiveBuckets = buckets(r, pos);
    if (custom) {
      h.customValues = new double[pos + 2];
      for (int k = 0; k < h.customValues.length; k++) h.customValues[k] = k * 0.5 + 0.1;
      h.positiveSpans = pos == 0 ? new int[0] : new int[] {0, pos};
    } else {
      int neg = r.nextInt(0, 3);
      h.negativeSpans = neg == 0 ? new int[0] : new int[] {r.nextInt(-2, 2), 1, 1, neg - 1};
      h.negativeBuckets = buckets(r, neg);
    }
    if (i % 17 == 3) h.sum = Double.NaN;
    return h;
  }

  private static double[] buckets(SplittableRandom r, int n) {
    double[] b = new double[n];
    for (int k = 0; k < n; k++) b[k] = r.nextInt(20) + (r.nextBoolean() ? 0.5 : 0);
    return b;
  }

  public static FloatHistogram simple(double count) {
    FloatHistogram h = new FloatHistogram();
    h.schema = 1;
    h.count = count;
    h.sum = count * 2;
    h.positiveSpans = new int[] {0, 2};
    h.positiveBuckets = new double[] {count / 2, count / 2};
    return h;
  }

  public static void assertSame(FloatHistogram want, FloatHistogram got, String what) {
    assertNotNull(got, what + ": expected a histogram, got a float");
    assertTrue(Histograms.sameBits(want, got), what + ": expected " + want + ", got " + got);
  }

  /**
   * Samples equal bit for bit, except the counter reset hints of histograms: the head stores the
   * hint Prometheus's TSDB would read back, not the appended one.
   */
  public static void assertPoints(List<Point> want, List<Point> got) {
    assertPoints(want, got, false);
  }

  /** As {@link #assertPoints(List, List)}, hints included. */
  public static void assertPointsExact(List<Point> want, List<Point> got) {
    assertPoints(want, got, true);
  }

  private static void assertPoints(List<Point> want, List<Point> got, boolean hints) {
    assertEquals(want.size(), got.size(), "number of samples");
    for (int i = 0; i < want.size(); i++) {
      Point w = want.get(i), g = got.get(i);
      assertEquals(w.t(), g.t(), "timestamp of sample " + i);
      if (w.h() == null) {
        assertNull(g.h(), "sample " + i + " should be a float");
        assertEquals(Double.doubleToRawLongBits(w.v()), Double.doubleToRawLongBits(g.v()), "value of sample " + i);
      } else if (hints) {
        assertSame(w.h(), g.h(), "sample " + i);
      } else {
        assertNotNull(g.h(), "sample " + i + " should be a histogram");
        assertSame(Histograms.withHint(w.h(), g.h().counterResetHint), g.h(), "sample " + i);
      }
    }
  }

  private static final Matcher NAME = Matcher.eq("__name__", "h");

  /** Appends {@code points} to series {@code h} in one commit and asserts each was accepted. */
  static void write(Head head, List<Point> points) {
    Appender a = head.appender();
    int ref = a.series(Labels.of("__name__", "h"));
    for (Point p : points) {
      AppendStatus s = p.h() == null ? a.append(ref, p.t(), p.v()) : a.appendHistogram(ref, p.t(), p.h());
      assertEquals(AppendStatus.OK, s, "append at " + p.t());
    }
    a.commit();
  }

  static List<Point> randomHistograms(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(Point.of(i * 15_000L, randomHistogram(r, i)));
    return out;
  }

  @Test
  void histogramsRoundTripAcrossChunksInMemory() {
    Head head = Head.inMemory(HeadOptions.defaults());
    List<Point> points = randomHistograms(700, 42);
    write(head, points.subList(0, 300));
    write(head, points.subList(300, 700));
    assertPoints(points, readPoints(head, Long.MIN_VALUE, Long.MAX_VALUE, NAME));
    assertTrue(head.metrics().chunksCut.sum() >= 5, "700 samples need several chunks");
    // A window inside the data: exactly the samples within it.
    assertPoints(points.subList(100, 201), readPoints(head, 100 * 15_000L, 200 * 15_000L, NAME));
    assertEquals(700, head.metrics().samplesAppended.sum());
  }

  @Test
  void appendedHistogramIsCopied() {
    Head head = Head.inMemory(HeadOptions.defaults());
    FloatHistogram h = simple(4);
    Appender a = head.appender();
    int ref = a.series(Labels.of("__name__", "h"));
    a.appendHistogram(ref, 1000, h);
    h.positiveBuckets[0] = 99;
    h.count = 99;
    a.commit();
    assertSame(simple(4), readPoints(head, 0, 2000, NAME).get(0).h(), "stored sample");
  }

  @Test
  void seriesSwitchesBetweenFloatsAndHistogramsWithOneChunkPerRun() {
    Head head = Head.inMemory(HeadOptions.defaults());
    List<Point> points = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 5; i++) points.add(Point.of(t += 1000, i));
    for (int i = 0; i < 5; i++) points.add(Point.of(t += 1000, simple(i)));
    points.add(Point.of(t += 1000, StaleNaN.VALUE));
    for (int i = 0; i < 3; i++) points.add(Point.of(t += 1000, simple(10 + i)));
    write(head, points);
    assertEquals(3, head.metrics().chunksCut.sum(), "float -> histogram -> float -> histogram cuts three chunks");
    assertPoints(points, readPoints(head, Long.MIN_VALUE, Long.MAX_VALUE, NAME));

    // Seek lands on the right kind on either side of a switch.
    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(false, NAME);
      assertTrue(ss.next());
      SampleIterator it = ss.at().iterator(null);
      assertEquals(ValueType.HISTOGRAM, it.seek(6000));
      assertEquals(6000, it.atT());
      assertEquals(ValueType.FLOAT, it.seek(10_500));
      assertEquals(11_000, it.atT());
      assertTrue(StaleNaN.is(it.atV()));
      assertEquals(ValueType.HISTOGRAM, it.next());
      assertSame(simple(10), it.atHistogram(null), "after the stale marker");
      assertEquals(ValueType.NONE, it.seek(100_000));
    }
  }

  @Test
  void orderRulesSpanBothKinds() {
    Head head = Head.inMemory(HeadOptions.defaults());
    write(head, List.of(Point.of(1000, 1.0), Point.of(2000, simple(2))));

    Appender a = head.appender();
    int ref = a.series(Labels.of("__name__", "h"));
    assertEquals(AppendStatus.DUPLICATE_IGNORED, a.appendHistogram(ref, 2000, simple(2)));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, a.appendHistogram(ref, 2000, simple(3)));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, a.append(ref, 2000, 0));
    assertEquals(AppendStatus.OUT_OF_ORDER, a.appendHistogram(ref, 1500, simple(2)));
    assertEquals(AppendStatus.OUT_OF_ORDER, a.append(ref, 500, 1));
    // Against staged samples of this appender.
    assertEquals(AppendStatus.OK, a.append(ref, 3000, 3));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, a.appendHistogram(ref, 3000, simple(3)));
    assertEquals(AppendStatus.OK, a.appendHistogram(ref, 4000, simple(4)));
    assertEquals(AppendStatus.DUPLICATE_IGNORED, a.appendHistogram(ref, 4000, simple(4)));
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, a.append(ref, 4000, 4));
    assertEquals(AppendStatus.OUT_OF_ORDER, a.appendHistogram(ref, 3500, simple(4)));
    a.commit();

    assertPoints(List.of(Point.of(1000, 1.0), Point.of(2000, simple(2)), Point.of(3000, 3.0), Point.of(4000, simple(4))),
        readPoints(head, 0, 10_000, NAME));
    // A float equal in bits to the last float is no duplicate of a histogram written after it.
    Appender b = head.appender();
    assertEquals(AppendStatus.DUPLICATE_TIMESTAMP, b.append(b.series(Labels.of("__name__", "h")), 4000, 3));
    b.rollback();
  }

  @Test
  void malformedHistogramIsRefusedBeforeStaging() {
    Head head = Head.inMemory(HeadOptions.defaults());
    Appender a = head.appender();
    int ref = a.series(Labels.of("__name__", "h"));
    FloatHistogram bad = simple(2);
    bad.positiveSpans = new int[] {0, 3};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.appendHistogram(ref, 1, bad));
    assertTrue(e.getMessage().contains("positive spans"), e.getMessage());
    FloatHistogram odd = simple(2);
    odd.negativeSpans = new int[] {1};
    assertThrows(IllegalArgumentException.class, () -> a.appendHistogram(ref, 1, odd));
    assertEquals(AppendStatus.OK, a.appendHistogram(ref, 1, simple(2)));
    a.commit();
    assertEquals(1, readPoints(head, 0, 10, NAME).size());
  }

  @Test
  void histogramsSurviveSegmentsAndLogReplay() {
    MemoryPersistence store = new MemoryPersistence();
    HeadOptions opts = HeadOptions.defaults().withPartitions(4);
    List<Point> points = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(7);
    long t = 0;
    for (int i = 0; i < 400; i++) {
      t += 10_000;
      // Runs of floats and histograms of varying length, stale markers between them.
      boolean histogram = (i / 37) % 2 == 0;
      if (i % 37 == 36) points.add(Point.of(t, StaleNaN.VALUE));
      else points.add(histogram ? Point.of(t, randomHistogram(r, i)) : Point.of(t, i * 1.5));
    }
    Head head = Head.open(opts, store);
    write(head, points.subList(0, 250));
    head.flush(); // into segments, log truncated
    assertTrue(store.segmentCount() > 0, "segments written");
    write(head, points.subList(250, 400)); // in the log only
    assertPoints(points, readPoints(head, Long.MIN_VALUE, Long.MAX_VALUE, NAME));
    List<Point> before = readPoints(head, Long.MIN_VALUE, Long.MAX_VALUE, NAME);
    Head reopened = Head.open(opts, store);
    assertEquals(1, reopened.numSeries());
    assertPoints(points, readPoints(reopened, Long.MIN_VALUE, Long.MAX_VALUE, NAME));
    // Replay derives the same counter reset hints as the first ingest did.
    assertPointsExact(before, readPoints(reopened, Long.MIN_VALUE, Long.MAX_VALUE, NAME));
    // The reopened head keeps appending after both kinds.
    write(reopened, List.of(Point.of(t + 1000, simple(1)), Point.of(t + 2000, 2.0)));
    assertEquals(402, readPoints(reopened, Long.MIN_VALUE, Long.MAX_VALUE, NAME).size());
    reopened.close();
  }

  static FloatHistogram counter(double count, double... buckets) {
    FloatHistogram h = new FloatHistogram();
    h.count = count;
    h.sum = count;
    h.positiveSpans = buckets.length == 0 ? new int[0] : new int[] {0, buckets.length};
    h.positiveBuckets = buckets;
    return h;
  }

  private static FloatHistogram hinted(FloatHistogram h, CounterResetHint hint) {
    h.counterResetHint = hint;
    return h;
  }

  /**
   * Appends one sample per row and reads the hints back as Prometheus's TSDB gives them: the first
   * sample of a chunk UNKNOWN (even after a reset), the rest NOT_COUNTER_RESET, gauges GAUGE.
   */
  @Test
  void counterResetHintsReadAsPrometheusTsdbGivesThem() {
    FloatHistogram finer = counter(20, 5, 5);
    finer.schema = 1;
    FloatHistogram stale = counter(0);
    stale.sum = io.hearth.sharding.api.StaleNaN.VALUE;
    Object[][] rows = {
      {counter(4, 1, 3), CounterResetHint.UNKNOWN},              // first sample of the series
      {counter(5, 2, 3), CounterResetHint.NOT_COUNTER_RESET},    // grows
      {counter(6, 2, 3, 1), CounterResetHint.NOT_COUNTER_RESET}, // a new bucket
      {counter(3, 1, 1, 1), CounterResetHint.UNKNOWN},           // count decreased: a new chunk
      {counter(4, 1, 1, 2), CounterResetHint.NOT_COUNTER_RESET},
      {counter(9, 0, 5, 2), CounterResetHint.UNKNOWN},           // a bucket decreased, the count did not
      {counter(10, 0, 5, 2, 0), CounterResetHint.NOT_COUNTER_RESET},
      {counter(11, 1, 6, 2), CounterResetHint.NOT_COUNTER_RESET}, // an empty bucket gone: no reset
      {hinted(counter(12, 1, 6, 3), CounterResetHint.COUNTER_RESET), CounterResetHint.UNKNOWN}, // explicit
      {hinted(counter(13, 1, 6, 4), CounterResetHint.NOT_COUNTER_RESET), CounterResetHint.NOT_COUNTER_RESET},
      {finer, CounterResetHint.UNKNOWN},                        // schema change
      {stale, CounterResetHint.NOT_COUNTER_RESET},              // a stale histogram continues...
      {counter(21, 6, 6), CounterResetHint.UNKNOWN},            // ...but nothing continues after it
      {hinted(counter(2, 1, 1), CounterResetHint.GAUGE), CounterResetHint.GAUGE},
      {hinted(counter(1, 1), CounterResetHint.GAUGE), CounterResetHint.GAUGE},
      {counter(30, 10, 10), CounterResetHint.UNKNOWN},          // a counter after gauges
      {counter(31, 10, 11), CounterResetHint.NOT_COUNTER_RESET},
      {1.0, null},                                             // a float in between
      {counter(40, 20, 10), CounterResetHint.UNKNOWN},          // first histogram after a float
      {hinted(counter(1, 1, 0), CounterResetHint.NOT_COUNTER_RESET), CounterResetHint.UNKNOWN}, // detected anyway
    };
    Head head = Head.inMemory(HeadOptions.defaults());
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      long t = (i + 1) * 1000L;
      points.add(rows[i][0] instanceof Double ? Point.of(t, (Double) rows[i][0]) : Point.of(t, (FloatHistogram) rows[i][0]));
    }
    write(head, points);
    List<Point> got = readPoints(head, 0, Long.MAX_VALUE, NAME);
    assertPoints(points, got);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i][1] == null) continue;
      assertEquals(rows[i][1], got.get(i).h().counterResetHint, "hint of row " + i + " " + rows[i][0]);
    }
  }

  @Test
  void aFullChunkStartsTheNextWithAnUnknownHint() {
    HeadOptions three = new HeadOptions(16, 3, 2 * 3600_000L, 256 * 1024, 16L << 20, 3, 0, 0, 512L << 20,
        HeadOptions.DEFAULT_MAX_FUTURE_MS, 15 * 60_000L, 30 * 60_000L, 0);
    Head head = Head.inMemory(three);
    write(head, List.of(Point.of(1000, counter(1, 1)), Point.of(2000, counter(2, 2)), Point.of(3000, counter(3, 3)),
        Point.of(4000, counter(4, 4)), Point.of(5000, counter(5, 5))));
    List<CounterResetHint> hints = new ArrayList<>();
    for (Point p : readPoints(head, 0, Long.MAX_VALUE, NAME)) hints.add(p.h().counterResetHint);
    assertEquals(List.of(CounterResetHint.UNKNOWN, CounterResetHint.NOT_COUNTER_RESET, CounterResetHint.NOT_COUNTER_RESET,
        CounterResetHint.UNKNOWN, CounterResetHint.NOT_COUNTER_RESET), hints);
    assertEquals(1, head.metrics().chunksCut.sum());
  }
}
