package io.hearth.benchmarks;

import io.hearth.sharding.ingestlog.AppendChannel;
import io.hearth.sharding.ingestlog.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One group commit of a node alone into its ingest log files: one batch for each of
 * {@value #PARTITIONS} partitions, {@code frameBytes} each (a compressed batch: incompressible
 * bytes), appended in one write, without fsync (the default durability), every partition truncated
 * past it once in a while as checkpoints do, so files roll and are deleted as in a node. Scores are
 * ns per commit; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per commit
 * (the log's own: the frames are made once in setup).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LogFilesAppendBenchmark {
  static final int PARTITIONS = 16;

  @Param({"512", "4096"})
  public int frameBytes;

  private Path dir;
  private LogFiles log;
  private final int[] parts = new int[PARTITIONS];
  private final long[] seqs = new long[PARTITIONS];
  private final byte[][] frames = new byte[PARTITIONS][];
  private long seq;

  @Setup(Level.Iteration)
  public void open() throws IOException {
    dir = Files.createTempDirectory("hearth-logfiles-bench");
    log = LogFiles.open(dir, PARTITIONS, false, AppendChannel.FILES, LogFiles.DEFAULT_FILE_BYTES);
    Random r = new Random(1);
    for (int p = 0; p < PARTITIONS; p++) {
      parts[p] = p;
      frames[p] = new byte[frameBytes];
      r.nextBytes(frames[p]);
    }
    seq = 0;
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    log.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
    }
  }

  @Benchmark
  public long commit() throws IOException {
    long s = seq++;
    for (int p = 0; p < PARTITIONS; p++) seqs[p] = s;
    log.append(PARTITIONS, parts, seqs, frames);
    // a checkpoint of every partition each 256 commits, as a node's log of a few MiB is truncated
    if ((s & 255) == 255) for (int p = 0; p < PARTITIONS; p++) log.truncate(p, s);
    return s;
  }
}
