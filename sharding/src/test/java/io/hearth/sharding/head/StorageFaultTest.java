package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every step of the write, flush, checkpoint, truncation and retention paths fails on command
 * while samples keep arriving; the failure is counted and retried, readiness turns false while it
 * persists, and once the fault clears a restart finds every acknowledged sample.
 */
class StorageFaultTest {
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  static final int SERIES = 6;

  @ParameterizedTest
  @EnumSource(FaultyPersistence.Op.class)
  void everyAcknowledgedSampleSurvivesAFaultAndARestart(FaultyPersistence.Op op) {
    AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    MemoryPersistence store = new MemoryPersistence();
    FaultyPersistence faulty = new FaultyPersistence(store);
    // Retention of 2 h over 5 h of data so that retention deletes segments and blocks during the run.
    HeadOptions opts = HeadOptions.defaults().withPartitions(2).withLogBytesPerCheckpoint(2 << 10)
        .withRetention(2 * HOUR, 0).withSeriesLifecycle(10 * MIN, 20 * MIN);
    Head h = Head.open(opts, faulty, clock::get);
    long t0 = clock.get() - 6 * HOUR;
    List<long[]> acked = new ArrayList<>(); // {series, t}
    int refusedCommits = 0;
    boolean sawUnhealthy = false;
    for (long t = t0; t < t0 + 5 * HOUR; t += 15_000) {
      long phase = t - t0;
      if (phase == HOUR) faulty.fail(op);
      if (phase == 3 * HOUR) faulty.heal();
      clock.set(t + 60 * MIN);
      Appender a = h.appender();
      // Series 5 stops after the first half hour, so that it leaves the head (truncation) during the fault.
      int n = phase < 30 * MIN ? SERIES : SERIES - 1;
      for (int s = 0; s < n; s++) a.append(a.series(series(s)), t, s * 1000 + (phase / 15_000));
      try {
        a.commit();
        for (int s = 0; s < n; s++) acked.add(new long[] {s, t});
      } catch (StorageException e) {
        refusedCommits++;
      }
      h.maintain();
      sawUnhealthy |= !h.healthy();
    }
    assertTrue(faulty.faults > 0 || op == FaultyPersistence.Op.SYNC, op + " was exercised");
    assertTrue(h.metrics().storageErrors.sum() > 0 || op == FaultyPersistence.Op.LOG_APPEND || op == FaultyPersistence.Op.SYNC,
        "background failures are counted");
    if (op == FaultyPersistence.Op.LOG_APPEND) {
      assertTrue(refusedCommits > 0, "a commit whose log append failed is refused, not acknowledged");
    } else if (op != FaultyPersistence.Op.SYNC) {
      assertEquals(0, refusedCommits, "background faults do not refuse writes");
      assertTrue(sawUnhealthy, "readiness turns false while the fault persists");
    }
    // After the fault: maintenance catches up.
    for (int i = 0; i < 20; i++) {
      clock.addAndGet(61_000);
      h.maintain();
    }
    assertTrue(h.healthy(), "healthy again once the fault cleared: " + h.lastStorageError());
    if (op == FaultyPersistence.Op.SYNC) {
      faulty.fail(op);
      assertThrows(StorageException.class, h::flush, "a failing sync is reported to the caller of flush");
      assertTrue(faulty.faults > 0, op + " was exercised");
      faulty.heal();
    }
    h.flush();
    Head reopened = Head.open(opts, store, clock::get);
    long cutoff = reopened.retentionCutoff();
    for (long[] a : acked) {
      if (a[1] < cutoff) continue;
      assertTrue(has(reopened, (int) a[0], a[1]), op + ": acknowledged sample of series " + a[0] + " at +" + (a[1] - t0) / 1000 + "s is there");
    }
    assertFalse(acked.isEmpty());
  }

  static Labels series(int s) {
    return Labels.of("__name__", "m", "s", Integer.toString(s));
  }

  private final java.util.Map<Integer, java.util.Set<Long>> read = new java.util.HashMap<>();

  private boolean has(Head h, int s, long t) {
    java.util.Set<Long> ts = read.computeIfAbsent(s, k -> {
      java.util.Set<Long> out = new java.util.HashSet<>();
      for (long[] p : HeadTest.read(h, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.eq("s", Integer.toString(s)))) out.add(p[0]);
      return out;
    });
    return ts.contains(t);
  }
}
