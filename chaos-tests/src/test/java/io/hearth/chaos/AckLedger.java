package io.hearth.chaos;

import io.hearth.node.remote.WriteRequestBuilder;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was written and what was acknowledged, for one metric. Batch (round) r carries one sample
 * for every series s in [0, series): timestamp {@code t0 + r * stepMs}, value {@link #value(int, int)}.
 * A 204 acknowledges exactly the pairs (s, t0 + r * stepMs) for all s of that batch, so the ledger
 * records acknowledged rounds; every series has label {@code series="s"} and {@code g="s % GROUPS"}.
 */
public final class AckLedger {
  public static final int GROUPS = 8;
  public final String metric;
  public final int series;
  public final long t0;
  public final long stepMs;
  public final int maxRounds;
  private final BitSet acked = new BitSet();
  private final BitSet attempted = new BitSet();
  private final AtomicLong ackedSamples = new AtomicLong();
  private final AtomicLong attemptedSamples = new AtomicLong();

  /**
   * Timestamps start two hours before now and advance 250 ms per round, so a test can write up
   * to 24,000 rounds (100 minutes of data) and still end in the past.
   */
  public static AckLedger startingTwoHoursAgo(String metric, int series) {
    long now = System.currentTimeMillis() / 1000 * 1000;
    return new AckLedger(metric, series, now - 2 * 3600_000L, 250, 24_000);
  }

  public AckLedger(String metric, int series, long t0, long stepMs, int maxRounds) {
    this.metric = metric;
    this.series = series;
    this.t0 = t0;
    this.stepMs = stepMs;
    this.maxRounds = maxRounds;
  }

  public long timestamp(int round) {
    return t0 + round * stepMs;
  }

  /** The value of series s in round r: distinct per (s, r), exact in a double. */
  public static double value(int s, int round) {
    return round * 1000.0 + s;
  }

  /** Evaluation time (ms) at which a {@code [3h]} range covers every sample this ledger can hold. */
  public long evalTimeMs() {
    return t0 + 2 * 3600_000L;
  }

  public String evalTime() {
    return seconds(evalTimeMs());
  }

  public static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
  }

  public byte[] batch(int round) {
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    long ts = timestamp(round);
    for (int s = 0; s < series; s++) {
      b.series("__name__", metric, "g", Integer.toString(s % GROUPS), "series", Integer.toString(s)).sample(ts, value(s, round));
    }
    return b.buildSnappy();
  }

  /** Called before the first attempt to send a round: from now on its samples may be in the store. */
  public synchronized void attempting(int round) {
    if (!attempted.get(round)) {
      attempted.set(round);
      attemptedSamples.addAndGet(series);
    }
  }

  /** Called when a request carrying the round got 204. */
  public synchronized void ack(int round) {
    if (!attempted.get(round)) throw new IllegalStateException("ack of a round never attempted: " + round);
    if (!acked.get(round)) {
      acked.set(round);
      ackedSamples.addAndGet(series);
    }
  }

  public long ackedSamples() {
    return ackedSamples.get();
  }

  public long attemptedSamples() {
    return attemptedSamples.get();
  }

  public synchronized BitSet ackedRounds() {
    return (BitSet) acked.clone();
  }

  public synchronized BitSet attemptedRounds() {
    return (BitSet) attempted.clone();
  }

  public synchronized boolean isAcked(int round) {
    return acked.get(round);
  }

  public synchronized boolean isAttempted(int round) {
    return attempted.get(round);
  }

  public synchronized int ackedRoundCount() {
    return acked.cardinality();
  }

  /** Round of a timestamp, or -1 when the timestamp is not on this ledger's grid. */
  public int roundOf(long ts) {
    long d = ts - t0;
    if (d < 0 || d % stepMs != 0 || d / stepMs >= maxRounds) return -1;
    return (int) (d / stepMs);
  }
}
