package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.head.HeadPersistence;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import javax.cache.Cache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log truncation over real Ignite: batches are deleted by the sequences this node knows it stored,
 * without reading the log, and a periodic scan deletes a batch it could not know of (one the
 * previous owner wrote into the sequence gap after this node opened the partition).
 */
class LogTruncationTest {
  @TempDir Path dir;

  private IgniteSettings settings() throws java.io.IOException {
    return new IgniteSettings("test-node", dir.resolve("ignite"), "127.0.0.1", LoopbackPorts.free(), LoopbackPorts.free(),
        List.of(), 16, 1, 64L << 20, Durability.LOG_ONLY);
  }

  /** One log batch for {@code partition}: a version byte and some payload (the persistence does not parse it). */
  private static void writeBatch(IgnitePersistence p, int partition, int i) {
    byte[] b = new byte[600];
    b[0] = 1;
    for (int k = 1; k < b.length; k++) b[k] = (byte) (i * 31 + k);
    p.logAndWait(List.of(), List.of(new HeadPersistence.PartitionRecords(partition, b, 0, b.length)));
  }

  /** What the partition's log holds, read from Ignite. */
  private static TreeSet<Long> stored(IgniteStore store, int partition) {
    TreeSet<Long> seqs = new TreeSet<>();
    try (QueryCursor<Cache.Entry<SeqKey, byte[]>> c =
        store.log.query(new ScanQuery<SeqKey, byte[]>().setPartition(partition).setLocal(true))) {
      for (Cache.Entry<SeqKey, byte[]> e : c) seqs.add(e.getKey().seq());
    }
    return seqs;
  }

  @Test
  void truncationDeletesExactlyTheBatchesUpToItsSequenceEveryTime() throws Exception {
    try (IgniteStore store = IgniteStore.start(settings())) {
      IgnitePersistence p = new IgnitePersistence(store);
      try {
        p.openPartition(3);
        for (int round = 0; round < 2 * IgnitePersistence.SCAN_EVERY + 3; round++) {
          for (int i = 0; i < 3; i++) writeBatch(p, 3, round * 3 + i);
          long last = p.lastLogSeq(3);
          writeBatch(p, 3, 1000 + round); // newer than the checkpoint: must stay
          p.truncateLog(3, last);
          assertEquals(new TreeSet<>(List.of(last + 1)), stored(store, 3), "round " + round + ": only the batch after the checkpoint");
          assertEquals(List.of(last + 1), p.knownLogSeqs(3));
          p.truncateLog(3, last + 1);
          assertEquals(new TreeSet<>(), stored(store, 3));
        }
      } finally {
        p.close();
      }
    }
  }

  @Test
  void aBatchWrittenIntoTheOwnerChangeGapIsDeletedByTheNextScan() throws Exception {
    try (IgniteStore store = IgniteStore.start(settings())) {
      IgnitePersistence first = new IgnitePersistence(store);
      IgnitePersistence p = new IgnitePersistence(store);
      try {
        first.openPartition(5);
        writeBatch(first, 5, 0);
        long previousOwnersLast = first.lastLogSeq(5);
        // This node takes the partition over: its sequences continue after a gap.
        p.openPartition(5);
        assertEquals(List.of(previousOwnersLast), p.knownLogSeqs(5));
        writeBatch(p, 5, 0);
        p.truncateLog(5, p.lastLogSeq(5)); // the first truncation after opening scans
        assertEquals(new TreeSet<>(), stored(store, 5));
        // The previous owner's batch in flight lands in the gap, unknown to this node.
        long stray = previousOwnersLast + 1;
        store.log.put(new SeqKey(5, stray), new byte[] {1, 2, 3});
        for (int t = 1; t < IgnitePersistence.SCAN_EVERY; t++) {
          writeBatch(p, 5, t);
          p.truncateLog(5, p.lastLogSeq(5));
          assertEquals(new TreeSet<>(List.of(stray)), stored(store, 5),
              "truncation " + t + " deletes what this node wrote, by key, without reading the log");
        }
        writeBatch(p, 5, IgnitePersistence.SCAN_EVERY);
        p.truncateLog(5, p.lastLogSeq(5));
        assertEquals(new TreeSet<>(), stored(store, 5), "the periodic scan deletes the stray batch");
      } finally {
        first.close();
        p.close();
      }
    }
  }
}
