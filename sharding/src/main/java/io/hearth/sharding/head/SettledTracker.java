package io.hearth.sharding.head;

import io.hearth.sharding.api.SettledData;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The head's {@link SettledData}: samples more than {@link #SETTLE_MS} behind the wall clock are
 * settled, and the epoch moves when a commit makes such a sample visible (a backfill, a sender
 * catching up, an out-of-order sample) or when data goes (retention, a partition given up).
 *
 * <p>Live ingestion writes samples near the wall clock, so the epoch stays put and a dashboard's
 * settled steps stay cached; a backfill moves it on every commit, which is correct and only costs
 * cache hits. The clock is made monotonic here: a wall clock stepping back would otherwise let a
 * late commit look live to a reader that saw the later time.
 */
final class SettledTracker implements SettledData {
  /** How far behind the wall clock a sample must be to count as settled: 5 minutes. */
  static final long SETTLE_MS = 5 * 60_000L;

  private final LongSupplier clock;
  private final AtomicLong latestClock = new AtomicLong(Long.MIN_VALUE);
  /**
   * Starts at a random 64-bit number: a node's epochs before and after a restart are unrelated, so
   * a cluster's coordinator cannot take a restarted node's data for what it cached (but with odds
   * of 2^-64).
   */
  private final AtomicLong epoch = new AtomicLong(new SplittableRandom(System.nanoTime() ^ System.currentTimeMillis()).nextLong());

  SettledTracker(LongSupplier clock) {
    this.clock = clock;
  }

  private long now() {
    long c = clock.getAsLong();
    long seen = latestClock.get();
    if (c > seen) {
      latestClock.accumulateAndGet(c, Math::max);
      return c;
    }
    return seen;
  }

  @Override
  public State state() {
    long n = now(); // the bound before the epoch: a change the epoch does not show yet is newer than the bound
    return new State(n == Long.MIN_VALUE ? Long.MIN_VALUE : n - SETTLE_MS, epoch.get());
  }

  /** After a commit's samples are visible: {@code minT} is the oldest timestamp it wrote. */
  void committed(long minT) {
    if (minT <= now() - SETTLE_MS) epoch.incrementAndGet();
  }

  /** After data stopped being visible, or data of a newly served partition became visible. */
  void changed() {
    epoch.incrementAndGet();
  }
}
