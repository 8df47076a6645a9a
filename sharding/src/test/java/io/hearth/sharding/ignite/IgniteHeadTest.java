package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head over real embedded Ignite with native persistence: restart, log replay, retention. */
class IgniteHeadTest {
  @TempDir Path dir;


  private IgniteSettings settings() throws IOException {
    return new IgniteSettings("test-node", dir.resolve("ignite"), "127.0.0.1", LoopbackPorts.free(), LoopbackPorts.free(), List.of(), 16, 1, 64L << 20,
        Durability.LOG_ONLY);
  }

  private static void write(Head h, int series, int from, int to) {
    Appender a = h.appender();
    for (int s = 0; s < series; s++) {
      int r = a.series(Labels.of("__name__", "m", "s", Integer.toString(s)));
      for (int i = from; i < to; i++) a.append(r, i * 15_000L, s * 1000 + i);
    }
    a.commit();
  }

  private static long count(Head h) {
    long n = 0;
    for (long[] x : io.hearth.sharding.head.HeadTest.read(h, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.eq("__name__", "m"))) n++;
    return n;
  }

  @Test
  void restartRecoversSegmentsAndReplaysTheLog() throws Exception {
    IgniteSettings s = settings();
    HeadOptions opts = HeadOptions.defaults().withPartitions(16).withLogBytesPerCheckpoint(4_000);
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, new IgnitePersistence(store));
      write(h, 50, 0, 300);   // several chunks per series
      h.maintain();           // checkpoints: segments written, log truncated
      assertTrue(h.segmentCount() > 0, "segments written");
      write(h, 50, 300, 350); // stays in the log only
      assertEquals(50 * 350, count(h));
      h.close();              // no flush: the last samples must come back from the log
    }
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, new IgnitePersistence(store));
      assertEquals(50, h.numSeries());
      assertEquals(50 * 350, count(h));
      List<long[]> one = io.hearth.sharding.head.HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "7"));
      for (int i = 0; i < 350; i++) {
        assertEquals(i * 15_000L, one.get(i)[0]);
        assertEquals(7000 + i, Double.longBitsToDouble(one.get(i)[1]));
      }
      h.close();
    }
  }

  private List<Path> logFiles() throws IOException {
    Path d = IgniteStore.ingestLogDirectory(dir.resolve("ignite"));
    if (!java.nio.file.Files.isDirectory(d)) return List.of();
    try (java.util.stream.Stream<Path> f = java.nio.file.Files.list(d)) {
      return f.filter(x -> x.toString().endsWith(".hlog")).toList();
    }
  }

  /**
   * A node alone keeps its log in files: a restart without a flush replays them, after replaying
   * the batches an earlier release left in Ignite's log cache; a flush truncates both, and a clean
   * stop then leaves no log file. A cluster node refuses a data directory whose log files still hold
   * batches.
   */
  @Test
  void aNodeAloneReplaysItsLogFilesAndTheBatchesAnEarlierReleaseLeftInIgnite() throws Exception {
    IgniteSettings s = settings();
    HeadOptions opts = HeadOptions.defaults().withPartitions(16).withLogBytesPerCheckpoint(4_000);
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, new IgnitePersistence(store)); // the log in Ignite, as an earlier release kept it
      write(h, 50, 0, 300);
      h.maintain();
      write(h, 50, 300, 350);
      assertTrue(store.log.size() > 0, "batches in Ignite's log cache");
      h.close(); // no flush
    }
    assertEquals(List.of(), logFiles());
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, IgnitePersistence.alone(store));
      assertEquals(50 * 350, count(h), "the batches in Ignite's log cache replayed");
      write(h, 50, 350, 400);
      assertTrue(!logFiles().isEmpty(), "batches in log files");
      h.close(); // no flush
    }
    try (IgniteStore store = IgniteStore.start(s)) {
      StorageException refused = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class, () -> IgnitePersistence.inCluster(store));
      assertTrue(refused.getMessage().contains("ingest log files"), refused.getMessage());
      Head h = Head.open(opts, IgnitePersistence.alone(store));
      assertEquals(50 * 400, count(h), "both logs replayed");
      List<long[]> one = io.hearth.sharding.head.HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "7"));
      assertEquals(400, one.size());
      for (int i = 0; i < 400; i++) assertEquals(7000 + i, Double.longBitsToDouble(one.get(i)[1]));
      h.flush();
      assertEquals(0, store.log.size(), "Ignite's log cache emptied by the truncation");
      h.close();
    }
    assertEquals(List.of(), logFiles(), "a clean stop after a flush leaves no log file");
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, IgnitePersistence.alone(store));
      assertEquals(50 * 400, count(h));
      h.close();
    }
  }

  /**
   * A log file write that fails part way (a full disk) fails its commit and only it: the commits
   * before and after it are acknowledged and come back after a restart, the failed one is not
   * applied, and the log goes on in a new file.
   */
  @Test
  void aLogFileWriteThatFailsFailsItsCommitAndLosesNoAcknowledgedSample() throws Exception {
    IgniteSettings s = settings();
    HeadOptions opts = HeadOptions.defaults().withPartitions(16);
    java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean();
    io.hearth.sharding.ingestlog.AppendChannel.Opener faulty = path -> {
      io.hearth.sharding.ingestlog.AppendChannel real = io.hearth.sharding.ingestlog.AppendChannel.FILES.open(path);
      return new io.hearth.sharding.ingestlog.AppendChannel() {
        @Override public void write(java.nio.ByteBuffer src) throws IOException {
          if (fail.get()) {
            java.nio.ByteBuffer half = src.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            real.write(half);
            throw new IOException("injected: No space left on device");
          }
          real.write(src);
        }
        @Override public void force() throws IOException {
          real.force();
        }
        @Override public void truncate(long size) throws IOException {
          real.truncate(size);
        }
        @Override public void close() throws IOException {
          real.close();
        }
      };
    };
    try (IgniteStore store = IgniteStore.start(s)) {
      io.hearth.sharding.ingestlog.LogFiles files = io.hearth.sharding.ingestlog.LogFiles.open(
          IgniteStore.ingestLogDirectory(s.workDir()), 16, false, faulty, io.hearth.sharding.ingestlog.LogFiles.DEFAULT_FILE_BYTES);
      Head h = Head.open(opts, new IgnitePersistence(store, files));
      write(h, 20, 0, 100);
      fail.set(true);
      StorageException e = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class, () -> write(h, 20, 100, 110));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      fail.set(false);
      write(h, 20, 110, 200);
      assertEquals(20 * 190, count(h), "the failed commit is not applied");
      h.close(); // no flush
    }
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(opts, IgnitePersistence.alone(store));
      List<long[]> one = io.hearth.sharding.head.HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "3"));
      List<Long> ts = one.stream().map(x -> x[0] / 15_000L).toList();
      List<Long> expected = new java.util.ArrayList<>();
      for (long i = 0; i < 200; i++) if (i < 100 || i >= 110) expected.add(i);
      assertEquals(expected, ts, "every acknowledged sample after the restart, none of the failed commit");
      h.close();
    }
  }

  @Test
  void retentionDeletesOldSegmentsAndNothingNewer() throws Exception {
    HeadOptions opts = HeadOptions.defaults().withPartitions(16).withRetention(3600_000L, 0);
    try (IgniteStore store = IgniteStore.start(settings())) {
      Head h = Head.open(opts, new IgnitePersistence(store));
      write(h, 10, 0, 240);     // 0 .. 1h
      h.flush();                // into segments
      write(h, 10, 240, 720);   // 1h .. 3h
      h.flush();
      long before = count(h);
      h.applyRetention();       // newest sample ~3h: whatever ends before 2h goes
      long after = count(h);
      assertTrue(after < before, "something was deleted");
      // Everything at or after the cut-off (newest - 1h) is still there.
      long cutoff = h.maxTime() - 3600_000L;
      long expectedKept = 0;
      for (int i = 0; i < 720; i++) if (i * 15_000L >= cutoff) expectedKept++;
      long kept = 0;
      for (long[] x : io.hearth.sharding.head.HeadTest.read(h, cutoff, Long.MAX_VALUE, Matcher.eq("__name__", "m"))) kept++;
      assertEquals(expectedKept * 10, kept);
      // Nothing older than the oldest surviving segment remains, and the deleted data is gone for good.
      assertTrue(h.minTime() > 0);
      h.close();
    }
  }

  @Test
  void sizeRetentionDeletesOldestSegmentsUntilUnderTheLimit() throws Exception {
    IgniteSettings s = settings();
    HeadOptions noRetention = HeadOptions.defaults().withPartitions(16).withRetention(0, 0);
    long total;
    long maxT;
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(noRetention, new IgnitePersistence(store));
      for (int part = 0; part < 6; part++) {
        write(h, 20, part * 120, (part + 1) * 120);
        h.flush(); // one segment per partition touched, per round
      }
      total = h.segmentBytes();
      maxT = h.maxTime();
      h.close();
    }
    long limit = total / 2;
    try (IgniteStore store = IgniteStore.start(s)) {
      Head h = Head.open(noRetention.withRetention(0, limit), new IgnitePersistence(store));
      // After a restart the size is the stored blobs' again, not the larger raw size of their chunks.
      assertEquals(total, h.segmentBytes(), "segment bytes after a restart");
      long before = count(h);
      h.applyRetention();
      assertTrue(h.segmentBytes() <= limit, "segments " + h.segmentBytes() + " > limit " + limit);
      assertTrue(h.segmentBytes() > 0, "not everything deleted");
      assertTrue(count(h) < before, "oldest data deleted");
      assertEquals(maxT, h.maxTime(), "newest data kept");
      // The newest round of samples is complete.
      long newest = 0;
      for (long[] x : io.hearth.sharding.head.HeadTest.read(h, 600 * 15_000L, Long.MAX_VALUE, Matcher.eq("__name__", "m"))) newest++;
      assertEquals(20 * 120, newest);
      h.close();
    }
  }
}
