package io.hearth.benchmarks;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.head.HeadPersistence;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory part of the ingest path: resolve series, order checks, stage, commit and apply to
 * head chunks, for one remote-write-sized batch (2,000 series, one sample each). With {@code log}
 * the head is a durable one over {@link HeadPersistence.Discarding}, which takes the encoded log
 * records of every partition a batch touches and keeps nothing: Hearth's side of a commit without the store (the Ignite log is
 * left to the peer harness, which measures the whole path). Run with {@code -prof gc} for the bytes
 * allocated per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HeadAppendBenchmark {
  private static final int BATCH = 2000;

  @Param({"10000", "100000"})
  int series;

  @Param({"false", "true"})
  boolean log;

  Head head;
  Labels[] labels;
  long t;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    t = 1_700_000_000_000L;
    HeadOptions options = HeadOptions.defaults().withPartitions(64);
    head = log ? Head.open(options.withMaxFuture(0), new HeadPersistence.Discarding(), () -> t) : Head.inMemory(options);
    labels = new Labels[series];
    for (int i = 0; i < series; i++) {
      labels[i] = Labels.of("__name__", "node_cpu_seconds_total", "instance", "10.0." + (i / 64) + ":9100", "job", "node",
          "cpu", Integer.toString(i % 8), "mode", "m" + (i / 8 % 8));
    }
  }

  /** ns per sample for a batch of 2,000 series with one sample each. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void appendBatch() {
    Appender a = head.appender();
    for (int i = 0; i < BATCH; i++) {
      int s = next++;
      if (next == series) {
        next = 0;
        t += 15_000;
      }
      int ref = a.series(labels[s]);
      a.append(ref, t, s + t * 0.001);
    }
    a.commit();
  }
}
