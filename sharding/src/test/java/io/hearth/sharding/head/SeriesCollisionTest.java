package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.wire.ByteSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two label sets whose 64-bit ids collide stay two series: the later one takes the next free id,
 * its definition keeps them apart, and both read back their own samples, also after a restart.
 */
class SeriesCollisionTest {
  @Test
  void collidingSeriesIdsAreKeptApartNeverMerged() {
    Labels a = Labels.of("__name__", "m", "who", "a");
    Labels b = Labels.of("__name__", "m", "who", "b");
    // A real XXH3 collision cannot be produced on demand: store 'a' under b's id, as a collision would.
    long collidingId = b.hash64();
    HeadOptions opts = HeadOptions.defaults();
    MemoryPersistence p = new MemoryPersistence();
    p.seedSeries(collidingId, a);
    ByteSink batch = new ByteSink(64);
    LogRecords.begin(batch);
    LogRecords.writeSeries(batch, collidingId, new long[] {1000}, new double[] {1.0}, new io.hearth.sharding.api.FloatHistogram[1], new int[] {0}, 0, 1);
    p.seedLog(Partitioning.partition(a, opts.partitions()), batch.toByteArray());

    Head h = Head.open(opts, p);
    assertEquals(1, h.numSeries());
    Appender app = h.appender();
    app.append(app.series(b), 1000, 2.0);
    app.commit();
    assertEquals(2, h.numSeries(), "b must not be merged into a");
    assertValue(h, "a", 1.0);
    assertValue(h, "b", 2.0);
    assertNotEquals(h.getOrCreate(a).id, h.getOrCreate(b).id);

    Head reopened = Head.open(opts, p);
    assertEquals(2, reopened.numSeries());
    assertValue(reopened, "a", 1.0);
    assertValue(reopened, "b", 2.0);
  }

  private static void assertValue(Head h, String who, double v) {
    List<long[]> got = HeadTest.read(h, 0, 10_000, Matcher.eq("who", who));
    assertEquals(1, got.size(), who);
    assertEquals(v, Double.longBitsToDouble(got.get(0)[1]), who);
  }
}
