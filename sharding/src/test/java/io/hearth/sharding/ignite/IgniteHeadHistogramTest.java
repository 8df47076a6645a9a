package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadHistogramTest;
import io.hearth.sharding.head.HeadHistogramTest.Point;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native histogram samples over real embedded Ignite: segments, log replay and restart. */
class IgniteHeadHistogramTest {
  @TempDir Path dir;

  private IgniteSettings settings() throws IOException {
    return new IgniteSettings("test-node", dir.resolve("ignite"), "127.0.0.1", LoopbackPorts.free(),
        LoopbackPorts.free(), List.of(), 16, 1, 64L << 20, Durability.LOG_ONLY);
  }

  /** Series {@code s} holds histograms, except a run of floats in the middle for even {@code s}. */
  private static List<Point> points(int s, int from, int to) {
    List<Point> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      SplittableRandom r = new SplittableRandom(s * 100_000L + i); // per sample: any sub-range regenerates alike
      long t = i * 15_000L;
      boolean floats = s % 2 == 0 && i >= 100 && i < 160;
      out.add(floats ? new Point(t, s + i * 0.25, null) : new Point(t, 0, HeadHistogramTest.randomHistogram(r, i)));
    }
    return out;
  }

  private static void write(Head h, int series, int from, int to) {
    Appender a = h.appender();
    for (int s = 0; s < series; s++) {
      int ref = a.series(Labels.of("__name__", "h", "s", Integer.toString(s)));
      for (Point p : points(s, from, to)) {
        if (p.h() == null) a.append(ref, p.t(), p.v());
        else a.appendHistogram(ref, p.t(), p.h());
      }
    }
    a.commit();
  }

  private static List<Point> read(Head h, int series) {
    return HeadHistogramTest.readPoints(h, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.eq("__name__", "h"),
        Matcher.eq("s", Integer.toString(series)));
  }

  @Test
  void histogramsSurviveRestartFromSegmentsAndLog() throws Exception {
    IgniteSettings s = settings();
    HeadOptions opts = HeadOptions.defaults().withPartitions(16).withLogBytesPerCheckpoint(4_000);
    int series = 6;
    List<List<Point>> before = new ArrayList<>();
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, new IgnitePersistence(store));
      write(h, series, 0, 200);
      h.maintain(); // checkpoints: segments written, log truncated
      assertTrue(h.segmentCount() > 0, "segments written");
      write(h, series, 200, 260); // stays in the log only
      for (int i = 0; i < series; i++) before.add(read(h, i));
      h.close();                  // no flush: the newest samples come back from the log
    }
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, new IgnitePersistence(store));
      assertEquals(series, h.numSeries());
      for (int i = 0; i < series; i++) {
        List<Point> got = read(h, i);
        HeadHistogramTest.assertPoints(points(i, 0, 260), got);
        HeadHistogramTest.assertPointsExact(before.get(i), got); // counter reset hints included
      }
      // And it keeps going: a new histogram after the recovered ones.
      Appender a = h.appender();
      FloatHistogram next = HeadHistogramTest.randomHistogram(new SplittableRandom(1), 300);
      a.appendHistogram(a.series(Labels.of("__name__", "h", "s", "0")), 300 * 15_000L, next);
      a.commit();
      assertEquals(261, HeadHistogramTest.readPoints(h, 0, Long.MAX_VALUE, Matcher.eq("s", "0")).size());
      h.close();
    }
  }
}
