package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Series that go idle leave the head (memory follows the active series) and stay queryable from
 * index blocks; they come back when written again; retention removes them from every index; and
 * time bounds keep any client from destroying data.
 */
class SeriesLifecycleTest {
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  /** The wall clock of the tests: a fixed day, moved by hand. */
  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  final MemoryPersistence store = new MemoryPersistence();

  static HeadOptions options() {
    // Small segments and checkpoints so that a few hours of a few series reach every path.
    return HeadOptions.defaults().withPartitions(4).withLogBytesPerCheckpoint(4 << 10)
        .withRetention(6 * HOUR, 0).withSeriesLifecycle(15 * MIN, 30 * MIN);
  }

  Head open() {
    return Head.open(options(), store, clock::get);
  }

  static Labels pod(String name) {
    return Labels.of("__name__", "up", "job", "churn", "pod", name);
  }

  /** Writes one sample per series at {@code t} and runs maintenance at that wall-clock time. */
  void tick(Head h, long t, String... pods) {
    clock.set(Math.max(clock.get(), t));
    Appender a = h.appender();
    for (String p : pods) assertEquals(AppendStatus.OK, a.append(a.series(pod(p)), t, t / 1000.0), p + " at " + t);
    a.commit();
    h.maintain();
  }

  static List<Long> timestamps(Head h, long mint, long maxt, String pod) {
    List<Long> out = new ArrayList<>();
    for (long[] s : HeadTest.read(h, mint, maxt, Matcher.eq("pod", pod))) out.add(s[0]);
    return out;
  }

  static int seriesCount(Head h, long mint, long maxt, Matcher... m) {
    int n = 0;
    try (Querier q = h.querier(mint, maxt)) {
      SeriesSet ss = q.select(false, m);
      while (ss.next()) n++;
    }
    return n;
  }

  @Test
  void aPartitionWithManySeriesIsCheckpointedOnlyOnceItsLogIsTwiceItsSnapshot() {
    Head h = open();
    String[] pods = new String[2_000];
    for (int i = 0; i < pods.length; i++) pods[i] = "p" + i;
    long t0 = clock.get() - HOUR;
    tick(h, t0, pods); // the first maintenance truncates every partition: snapshots now exist
    long after = h.metrics().checkpoints.sum();
    long snapshot = 0;
    for (Partition p : h.partitions) snapshot = Math.max(snapshot, p.snapshotBytes);
    assertTrue(snapshot > 4 * (4 << 10), "a partition's snapshot (" + snapshot + " B) is well above the configured 4 KiB");
    int rounds = 40;
    for (int r = 1; r <= rounds; r++) tick(h, t0 + r * 15_000L, pods);
    long checkpoints = h.metrics().checkpoints.sum() - after;
    for (Partition p : h.partitions) {
      assertTrue(p.logBytes.get() < h.checkpointThreshold(p) + (64 << 10), "partition " + p.id + " log " + p.logBytes.get());
    }
    // 40 rounds of 500 samples per partition: at the configured 4 KiB every round would checkpoint
    // every partition (160); at twice the snapshot, a partition waits several rounds.
    assertTrue(checkpoints > 0, "checkpoints still happen");
    assertTrue(checkpoints < rounds * 4 / 2, checkpoints + " checkpoints in " + rounds + " rounds of 4 partitions");
    assertEquals(2_000, seriesCount(h, t0, t0 + rounds * 15_000L, Matcher.eq("job", "churn")));
  }

  @Test
  void idleSeriesLeaveTheHeadAndStayQueryable() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    // a and b for an hour, then only a for two hours.
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a", "b");
    for (long t = t0 + HOUR; t < t0 + 3 * HOUR; t += 15_000) tick(h, t, "a");
    assertEquals(1, h.numSeries(), "only the active series stays in memory");
    assertTrue(h.blockCount() > 0, "older chunk locations moved to index blocks");
    assertEquals(240, timestamps(h, t0, t0 + 3 * HOUR, "b").size(), "b is read back from index blocks");
    assertEquals(720, timestamps(h, t0, t0 + 3 * HOUR, "a").size(), "a is read from blocks and head together");
    List<Long> a = timestamps(h, t0, t0 + 3 * HOUR, "a");
    for (int i = 1; i < a.size(); i++) assertTrue(a.get(i) > a.get(i - 1), "in time order across blocks and head");
    assertEquals(2, seriesCount(h, t0, t0 + HOUR, Matcher.eq("job", "churn")));
    assertEquals(1, seriesCount(h, t0 + 2 * HOUR, t0 + 3 * HOUR, Matcher.eq("job", "churn")));
  }

  @Test
  void aRepeatedQueryReadsEachIndexBlockFromTheCacheAfterItsFirstDecode() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + 2 * HOUR; t += 15_000) tick(h, t, "a", "b", "c");
    for (long t = t0 + 2 * HOUR; t < t0 + 3 * HOUR; t += 15_000) tick(h, t, "a");
    assertTrue(h.blockCount() > 1, "several index blocks: " + h.blockCount());
    assertEquals(480, timestamps(h, t0, t0 + 3 * HOUR, "b").size());
    long misses = h.metrics().blockCacheMisses.sum();
    assertTrue(misses > 0 && misses <= h.blockCount(), "each block decoded at most once: " + misses);
    assertTrue(h.blockCacheBytes() > 0, "the decoded blocks are weighed");
    long hits = h.metrics().blockCacheHits.sum();
    assertEquals(480, timestamps(h, t0, t0 + 3 * HOUR, "b").size());
    assertEquals(misses, h.metrics().blockCacheMisses.sum(), "the second run decodes nothing");
    assertTrue(h.metrics().blockCacheHits.sum() >= hits + misses, "it reads every block from the cache");
  }

  @Test
  void readCachesAreAThirtySecondOfTheHeapWithinBounds() {
    assertEquals(32L << 20, Head.cacheBytes(256L << 20), "a small pod's heap keeps the 32 MiB floor");
    assertEquals(192L << 20, Head.cacheBytes(6L << 30));
    assertEquals(512L << 20, Head.cacheBytes(64L << 30), "a large heap stops at 512 MiB");
  }

  @Test
  void aSeriesThatLeftComesBackAsOneSeries() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a", "b");
    for (long t = t0 + HOUR; t < t0 + 2 * HOUR; t += 15_000) tick(h, t, "a");
    assertEquals(1, h.numSeries());
    for (long t = t0 + 2 * HOUR; t < t0 + 2 * HOUR + 10 * MIN; t += 15_000) tick(h, t, "a", "b");
    assertEquals(2, h.numSeries(), "b is in the head again");
    assertEquals(1, seriesCount(h, t0, t0 + 3 * HOUR, Matcher.eq("pod", "b")), "one series, not one per place");
    List<Long> b = timestamps(h, t0, t0 + 3 * HOUR, "b");
    assertEquals(240 + 40, b.size());
    for (int i = 1; i < b.size(); i++) assertTrue(b.get(i) > b.get(i - 1));
  }

  @Test
  void aSeriesNewToTheHeadCannotWriteBeforeTheSeriesThatLeft() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a", "b");
    for (long t = t0 + HOUR; t < t0 + 2 * HOUR; t += 15_000) tick(h, t, "a");
    assertEquals(1, h.numSeries());
    Appender app = h.appender();
    assertEquals(AppendStatus.TOO_OLD, app.append(app.series(pod("b")), t0 + HOUR - 30_000, 1),
        "b's chunks in blocks end later: the sample would break their order");
    assertEquals(AppendStatus.OK, app.append(app.series(pod("b")), t0 + 2 * HOUR, 1));
    app.commit();
  }

  @Test
  void restartLoadsOnlyTheActiveSeriesAndAnswersTheSame() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a", "b", "c");
    for (long t = t0 + HOUR; t < t0 + 3 * HOUR; t += 15_000) tick(h, t, "a");
    List<Long> a = timestamps(h, t0, t0 + 3 * HOUR, "a");
    List<Long> b = timestamps(h, t0, t0 + 3 * HOUR, "b");
    Head reopened = open();
    assertEquals(1, reopened.numSeries(), "idle series are not loaded back into memory");
    assertEquals(a, timestamps(reopened, t0, t0 + 3 * HOUR, "a"));
    assertEquals(b, timestamps(reopened, t0, t0 + 3 * HOUR, "b"));
    Appender app = reopened.appender();
    assertEquals(AppendStatus.OUT_OF_ORDER, app.append(app.series(pod("a")), a.get(a.size() - 1) - 1, 1),
        "the newest timestamp survives the restart");
    app.rollback();
  }

  @Test
  void retentionRemovesExpiredSeriesFromEveryIndex() {
    long t0 = clock.get() - 10 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "old", "a");
    int defsWithOld = store.seriesDefinitions();
    for (long t = t0 + HOUR; t < t0 + 9 * HOUR; t += 15_000) tick(h, t, "a");
    long end = t0 + 9 * HOUR;
    assertEquals(0, seriesCount(h, 0, end, Matcher.eq("pod", "old")), "past retention: not selected");
    try (Querier q = h.querier(0, end)) {
      assertFalse(q.labelValues("pod").contains("old"), "past retention: not in label values");
    }
    assertTrue(store.seriesDefinitions() < defsWithOld, "its durable definition is deleted");
    List<Long> a = timestamps(h, 0, end, "a");
    assertTrue(a.get(0) >= end - 6 * HOUR - 2 * HOUR, "a keeps retention's window (plus whole segments): first at " + (a.get(0) - t0));
    assertTrue(a.size() >= 6 * 240, "every sample inside retention is still answered: " + a.size());
    for (long t = end - 6 * HOUR; t < end; t += 15_000) assertTrue(a.contains(t), "sample at " + (t - t0) + " inside retention");
  }

  @Test
  void farFutureSampleIsRefusedAndDeletesNothing() {
    long t0 = clock.get() - 2 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a");
    Appender app = h.appender();
    int r = app.series(pod("a"));
    assertEquals(AppendStatus.TOO_FAR_IN_FUTURE, app.append(r, clock.get() + 86_400_000L * 365 * 80, 1));
    assertEquals(AppendStatus.OK, app.append(r, clock.get() + 5 * MIN, 1), "inside the 10 minute bound");
    app.commit();
    h.maintain();
    assertEquals(241, timestamps(h, 0, Long.MAX_VALUE, "a").size(), "nothing deleted");
    assertEquals(1, h.metrics().samplesTooFarInFuture.sum());
  }

  @Test
  void aSampleStampedInTheFutureDoesNotMoveRetention() {
    long t0 = clock.get() - 2 * HOUR;
    Head h = Head.open(options().withMaxFuture(0), store, clock::get);
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "a");
    Appender app = h.appender();
    assertEquals(AppendStatus.OK, app.append(app.series(pod("b")), clock.get() + 86_400_000L * 365 * 80, 1),
        "with no future bound the sample is taken");
    app.commit();
    h.maintain();
    h.applyRetention();
    assertEquals(240, timestamps(h, 0, Long.MAX_VALUE, "a").size(), "retention follows the wall clock, not that sample");
  }

  @Test
  void sampleOlderThanRetentionIsRefusedAsTooOld() {
    long t0 = clock.get() - HOUR;
    Head h = open();
    tick(h, t0, "a");
    Appender app = h.appender();
    assertEquals(AppendStatus.TOO_OLD, app.append(app.series(pod("a")), t0 - 7 * HOUR, 1));
    assertEquals(AppendStatus.TOO_OLD, app.append(app.series(pod("z")), t0 - 7 * HOUR, 1));
    app.commit();
    assertEquals(2, h.metrics().samplesTooOld.sum());
    assertEquals(1, h.numSeries(), "the refused series was never created");
  }

  @Test
  void requestsThatStoreNothingLeaveNoSeries() {
    Head h = open();
    long t = clock.get();
    Appender noSamples = h.appender();
    noSamples.series(pod("empty"));
    noSamples.commit();
    Appender rolledBack = h.appender();
    rolledBack.append(rolledBack.series(pod("rolled-back")), t, 1);
    rolledBack.rollback();
    Appender refused = h.appender();
    refused.append(refused.series(pod("refused")), t + 86_400_000L, 1);
    refused.commit();
    assertEquals(0, h.numSeries());
    try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertEquals(List.of(), q.labelValues("pod"));
      assertEquals(List.of(), q.labelNames());
    }
    assertEquals(0, store.seriesDefinitions(), "no durable definition either");
  }

  @Test
  void labelApisAnswerOnlyForSeriesWithDataInRange() {
    long t0 = clock.get() - 5 * HOUR;
    Head h = open();
    for (long t = t0; t < t0 + HOUR; t += 15_000) tick(h, t, "early");
    for (long t = t0 + HOUR; t < t0 + 2 * HOUR; t += 15_000) tick(h, t, "late");
    try (Querier q = h.querier(t0, t0 + 30 * MIN)) {
      assertEquals(List.of("early"), q.labelValues("pod"));
    }
    try (Querier q = h.querier(t0 + 90 * MIN, t0 + 2 * HOUR)) {
      assertEquals(List.of("late"), q.labelValues("pod"));
      assertEquals(List.of("__name__", "job", "pod"), q.labelNames());
    }
    try (Querier q = h.querier(t0 - 2 * HOUR, t0 - HOUR)) {
      assertEquals(List.of(), q.labelValues("pod"));
      assertEquals(List.of(), q.labelNames(Matcher.eq("job", "churn")));
    }
    try (Querier q = h.querier(t0, t0 + 2 * HOUR)) {
      assertEquals(List.of("early", "late"), q.labelValues("pod", Matcher.eq("job", "churn")));
    }
  }

  @Test
  void headSeriesFollowTheActiveSeriesUnderChurn() {
    // 20 active series replaced every 30 minutes for 12 hours: 480 series ever.
    long t0 = clock.get() - 13 * HOUR;
    Head h = open();
    int maxHead = 0;
    for (long t = t0; t < t0 + 12 * HOUR; t += 15_000) {
      long gen = (t - t0) / (30 * MIN);
      String[] pods = new String[20];
      for (int i = 0; i < 20; i++) pods[i] = "g" + gen + "-" + i;
      tick(h, t, pods);
      if (t > t0 + 2 * HOUR) maxHead = Math.max(maxHead, (int) h.numSeries());
    }
    assertTrue(maxHead <= 60, "head series stay within 3x of the 20 active: peak " + maxHead);
    assertTrue(h.numSeries() <= 40, "at the end: " + h.numSeries());
    long end = t0 + 12 * HOUR;
    assertEquals(20, seriesCount(h, end - 5 * HOUR, end - 5 * HOUR + 29 * MIN, Matcher.eq("job", "churn")),
        "a generation inside retention is still answered");
    assertEquals(120, timestamps(h, 0, end, "g16-3").size());
    assertEquals(0, seriesCount(h, 0, end, Matcher.eq("pod", "g2-3")), "a generation past retention is gone");
  }
}
