package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.SettledData;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The head's {@link SettledData}: what results caches rely on. Live samples leave the epoch alone;
 * a sample behind the settle delay, retention and a partition changing hands move it.
 */
class SettledDataTest {
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

  private Head open(HeadOptions o) {
    return Head.open(o, new MemoryPersistence(), clock::get);
  }

  private static void write(Head h, long t, String pod) {
    Appender a = h.appender();
    a.append(a.series(Labels.of("__name__", "up", "pod", pod)), t, 1);
    a.commit();
  }

  @Test
  void liveSamplesLeaveTheEpochAndSettledUntilTrailsTheClockBySettleDelay() {
    Head h = open(HeadOptions.defaults().withPartitions(4));
    SettledData s = h.settledData();
    assertEquals(clock.get() - SettledTracker.SETTLE_MS, s.state().settledUntil());
    long e = s.state().epoch();
    write(h, clock.get(), "a");
    write(h, clock.get() - SettledTracker.SETTLE_MS + 1, "a2");
    write(h, clock.get() + MIN, "b"); // ahead of the clock: not settled either
    assertEquals(e, s.state().epoch());
  }

  @Test
  void aSampleAtOrBehindTheSettleDelayMovesTheEpoch() {
    Head h = open(HeadOptions.defaults().withPartitions(4));
    SettledData s = h.settledData();
    long e = s.state().epoch();
    write(h, clock.get() - SettledTracker.SETTLE_MS, "late");
    assertNotEquals(e, s.state().epoch(), "a sample exactly at the settled bound");
    long e2 = s.state().epoch();
    write(h, clock.get() - 3 * HOUR, "backfill");
    assertNotEquals(e2, s.state().epoch(), "a backfilled sample");
  }

  @Test
  void aWallClockSteppingBackDoesNotMoveTheSettledBoundBack() {
    Head h = open(HeadOptions.defaults().withPartitions(4));
    SettledData s = h.settledData();
    long before = s.state().settledUntil();
    clock.addAndGet(-2 * MIN);
    assertEquals(before, s.state().settledUntil());
    long e = s.state().epoch();
    // At the bound a reader saw, 3 minutes behind the stepped-back clock: still a change.
    write(h, before, "x");
    assertNotEquals(e, s.state().epoch());
  }

  @Test
  void retentionDeletingDataMovesTheEpochAndNothingElseDoes() {
    Head h = open(HeadOptions.defaults().withPartitions(4).withLogBytesPerCheckpoint(4 << 10).withRetention(2 * HOUR, 0));
    SettledData s = h.settledData();
    long t0 = clock.get();
    int moves = 0;
    for (long t = t0; t < t0 + 6 * HOUR; t += 15_000) {
      clock.set(t);
      long e = s.state().epoch();
      long deleted = h.metrics().segmentsDeleted.sum() + h.metrics().blocksDeleted.sum();
      write(h, t, "a");
      h.maintain();
      boolean moved = s.state().epoch() != e;
      assertEquals(h.metrics().segmentsDeleted.sum() + h.metrics().blocksDeleted.sum() != deleted, moved, "epoch moved at +" + (t - t0) / MIN + " min");
      if (moved) moves++;
    }
    assertTrue(moves > 0, "retention deleted segments");
  }

  @Test
  void aPartitionReleasedOrLoadedMovesTheEpoch() {
    Head h = open(HeadOptions.defaults().withPartitions(4));
    SettledData s = h.settledData();
    long e = s.state().epoch();
    h.releasePartition(1);
    assertNotEquals(e, s.state().epoch(), "released");
    long e2 = s.state().epoch();
    h.loadPartition(1);
    assertNotEquals(e2, s.state().epoch(), "loaded");
  }
}
