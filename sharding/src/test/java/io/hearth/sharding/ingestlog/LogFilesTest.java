package io.hearth.sharding.ingestlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest log files of a node alone: what is appended is read back after a reopen, in sequence
 * order per partition; a record cut short by a kill or failing its checksum ends its file; whole
 * files go once every partition is truncated past them; a failed write or fsync loses no batch
 * appended before it and leaves the log appendable; snapshots copy it as it was.
 */
class LogFilesTest {
  private static final int PARTITIONS = 4;
  @TempDir Path dir;

  /** An opener whose files fail a write (after writing part of it) or an fsync when told to. */
  private static final class Faulty implements AppendChannel.Opener {
    volatile int failNextWriteAfterBytes = -1;
    volatile boolean failNextForce;
    volatile boolean failTruncate;

    @Override
    public AppendChannel open(Path path) throws IOException {
      AppendChannel real = AppendChannel.FILES.open(path);
      return new AppendChannel() {
        @Override
        public void write(ByteBuffer src) throws IOException {
          int k = failNextWriteAfterBytes;
          if (k >= 0) {
            failNextWriteAfterBytes = -1;
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(k, part.remaining()));
            real.write(part);
            throw new IOException("injected: no space left on device");
          }
          real.write(src);
        }

        @Override
        public void force() throws IOException {
          if (failNextForce) {
            failNextForce = false;
            throw new IOException("injected: fsync failed");
          }
          real.force();
        }

        @Override
        public void truncate(long size) throws IOException {
          if (failTruncate) throw new IOException("injected: truncate failed");
          real.truncate(size);
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    }
  }

  private static byte[] payload(int p, long seq) {
    return ("p" + p + " seq " + seq + " " + "x".repeat((int) (seq % 50))).getBytes(StandardCharsets.UTF_8);
  }

  private static void append(LogFiles log, int p, long seq) throws IOException {
    log.append(1, new int[] {p}, new long[] {seq}, new byte[][] {payload(p, seq)});
  }

  private static List<Long> seqs(LogFiles log, int p) throws IOException {
    List<Long> out = new ArrayList<>();
    log.forEach(p, (seq, bytes) -> {
      assertArrayEquals(payload(p, seq), bytes, "payload of " + p + "/" + seq);
      out.add(seq);
    });
    return out;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(LogFiles.SUFFIX)).sorted().toList();
    }
  }

  private LogFiles open(long fileBytes) throws IOException {
    return LogFiles.open(dir, PARTITIONS, false, AppendChannel.FILES, fileBytes);
  }

  @Test
  void batchesAppendedAreReadBackPerPartitionInSequenceOrderAfterAReopen() throws IOException {
    try (LogFiles log = open(1 << 20)) {
      for (long seq = 0; seq < 30; seq++) {
        log.append(2, new int[] {0, 3}, new long[] {seq, seq}, new byte[][] {payload(0, seq), payload(3, seq)});
      }
      append(log, 1, 7);
    }
    try (LogFiles log = open(1 << 20)) {
      List<Long> expected = new ArrayList<>();
      for (long seq = 0; seq < 30; seq++) expected.add(seq);
      assertEquals(expected, seqs(log, 0));
      assertEquals(expected, seqs(log, 3));
      assertEquals(List.of(7L), seqs(log, 1));
      assertEquals(List.of(), seqs(log, 2));
      assertEquals(29, log.lastSeqAtOpen(0));
      assertEquals(7, log.lastSeqAtOpen(1));
      assertEquals(-1, log.lastSeqAtOpen(2));
    }
  }

  @Test
  void aRecordCutShortByAKillEndsTheNewestFileWhichIsCutBackToItsLastWholeRecord() throws IOException {
    try (LogFiles log = open(1 << 20)) {
      for (long seq = 0; seq < 5; seq++) append(log, 1, seq);
    }
    Path f = files().get(files().size() - 1);
    long whole = Files.size(f);
    // half a record: its header and a few payload bytes, as a kill in the middle of a write leaves it
    ByteBuffer torn = ByteBuffer.allocate(LogFiles.RECORD_HEADER + 3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    torn.putInt(100).putInt(0).putInt(1).putLong(5).put(new byte[3]).flip();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.APPEND)) {
      ch.write(torn);
    }
    try (LogFiles log = open(1 << 20)) {
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seqs(log, 1));
      assertEquals(whole, Files.size(f), "cut back to the last whole record");
      append(log, 1, 5);
    }
    try (LogFiles log = open(1 << 20)) {
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seqs(log, 1));
    }
  }

  @Test
  void aRecordFailingItsChecksumEndsItsFile() throws IOException {
    try (LogFiles log = open(1 << 20)) {
      for (long seq = 0; seq < 5; seq++) append(log, 2, seq);
    }
    Path f = files().get(0);
    long size = Files.size(f);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {'#'}), size - 2); // in the last record's payload
    }
    try (LogFiles log = open(1 << 20)) {
      assertEquals(List.of(0L, 1L, 2L, 3L), seqs(log, 2));
    }
  }

  @Test
  void aFileThatIsNotALogIsRefusedAndAHeaderlessOneDeleted() throws IOException {
    Files.write(LogFiles.path(dir, 1), new byte[] {'H', 'L'});
    try (LogFiles log = open(1 << 20)) {
      assertEquals(0, log.fileCount());
    }
    assertFalse(Files.exists(LogFiles.path(dir, 1)), "a file shorter than its header is a creation cut short");
    Files.write(LogFiles.path(dir, 2), "PK\u0003\u0004 not a log".getBytes(StandardCharsets.ISO_8859_1));
    StorageException e = assertThrows(StorageException.Corrupt.class, () -> open(1 << 20));
    assertTrue(e.getMessage().contains("does not start with \"HLOG\""), e.getMessage());
    Files.write(LogFiles.path(dir, 2), new byte[] {'H', 'L', 'O', 'G', 9, 0, 0, 0});
    assertThrows(StorageException.UnsupportedVersion.class, () -> open(1 << 20));
  }

  @Test
  void aFileIsDroppedOnlyOnceEveryPartitionInItIsTruncatedPastIt() throws IOException {
    try (LogFiles log = open(4096)) {
      long seq = 0;
      // partition 0 is busy; partition 3 gets one batch, in the first file only
      append(log, 3, 0);
      while (log.fileCount() < 6) append(log, 0, seq++);
      log.truncate(0, seq - 1);
      assertEquals(2, log.fileCount(), "the files of partition 0 alone are dropped; partition 3 still needs the first,"
          + " and the one appended to stays");
      assertTrue(log.holdsBack(3, 0), "partition 3 holds back the oldest file");
      assertFalse(log.holdsBack(0, 0), "partition 0 does not");
      assertFalse(log.holdsBack(3, Long.MAX_VALUE), "not within the bound");
      log.truncate(3, 0);
      assertEquals(1, log.fileCount(), "only the file appended to is left");
      assertFalse(log.holdsBack(3, 0));
    }
    assertEquals(List.of(), files(), "a clean close drops a log that holds nothing untruncated");
  }

  @Test
  void aWriteThatFailsPartWayLosesNoEarlierBatchAndTheLogGoesOnInANewFile() throws IOException {
    Faulty io = new Faulty();
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, false, io, 1 << 20)) {
      for (long seq = 0; seq < 3; seq++) append(log, 1, seq);
      io.failNextWriteAfterBytes = 10;
      IOException e = assertThrows(IOException.class, () -> append(log, 1, 3));
      assertTrue(e.getMessage().contains("no space"), e.getMessage());
      append(log, 1, 4);
      assertEquals(2, log.fileCount(), "the failed file is left, appends go to a new one");
    }
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, false, io, 1 << 20)) {
      assertEquals(List.of(0L, 1L, 2L, 4L), seqs(log, 1));
    }
  }

  @Test
  void aFailedWriteWhoseFileCannotBeCutBackLeavesATornRecordThatOnlyEndsThatFile() throws IOException {
    Faulty io = new Faulty();
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, false, io, 1 << 20)) {
      for (long seq = 0; seq < 3; seq++) append(log, 1, seq);
      io.failTruncate = true;
      io.failNextWriteAfterBytes = 25;
      assertThrows(IOException.class, () -> append(log, 1, 3));
      io.failTruncate = false;
      append(log, 1, 4);
      append(log, 2, 0);
    }
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, false, io, 1 << 20)) {
      assertEquals(List.of(0L, 1L, 2L, 4L), seqs(log, 1));
      assertEquals(List.of(0L), seqs(log, 2));
    }
  }

  @Test
  void aFailedFsyncFailsTheAppendAndTheLogGoesOn() throws IOException {
    Faulty io = new Faulty();
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, true, io, 1 << 20)) {
      append(log, 0, 0);
      io.failNextForce = true;
      IOException e = assertThrows(IOException.class, () -> append(log, 0, 1));
      assertTrue(e.getMessage().contains("fsync"), e.getMessage());
      append(log, 0, 2);
    }
    try (LogFiles log = LogFiles.open(dir, PARTITIONS, true, io, 1 << 20)) {
      // The batch whose fsync failed was cut back with its file: never acknowledged, not replayed.
      assertEquals(List.of(0L, 2L), seqs(log, 0));
    }
  }

  @Test
  void aCopyHoldsTheLogAsItWasWhenTaken() throws IOException {
    Path copy = dir.resolveSibling(dir.getFileName() + "-copy");
    try (LogFiles log = open(4096)) {
      long seq = 0;
      while (log.fileCount() < 3) append(log, 2, seq++);
      long taken = seq;
      log.copyTo(copy);
      for (int i = 0; i < 20; i++) append(log, 2, seq++);
      log.truncate(2, 5);
      try (LogFiles copied = LogFiles.open(copy, PARTITIONS, false, AppendChannel.FILES, 4096)) {
        List<Long> expected = new ArrayList<>();
        for (long s = 0; s < taken; s++) expected.add(s);
        assertEquals(expected, seqs(copied, 2));
      }
    }
  }
}
