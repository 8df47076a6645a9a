package io.hearth.benchmarks;

import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.XorChunk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Appending samples to {@link XorChunk}s: one op is one sample (a batch of {@value #SERIES} series
 * of {@value #SAMPLES} samples, each into a fresh chunk, as the head does). Scores are ns/sample;
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per sample (the chunk and
 * its buffer growth).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class XorChunkEncodeBenchmark {
  static final int SERIES = 100;
  static final int SAMPLES = 120;

  @Param({"node_cpu", "node_memory", "node_fs_size", "node_mix", "ksm"})
  public String shape;

  @Param({"0", "5"})
  public int jitterMs;

  private DataShapes.Batch batch;
  private byte[] sealBuffer;
  private int[] previousSize;

  @Setup
  public void setup() {
    batch = DataShapes.generate(shape, jitterMs, SERIES, SAMPLES, 1);
    sealBuffer = new byte[64 * 1024];
    previousSize = new int[SERIES];
    for (int s = 0; s < SERIES; s++) previousSize[s] = append(s, new XorChunk()).sizeBytes();
  }

  private XorChunk append(int s, XorChunk c) {
    long[] ts = batch.ts[s];
    double[] vs = batch.values[s];
    for (int i = 0; i < SAMPLES; i++) c.append(ts[i], vs[i]);
    return c;
  }

  /**
   * As {@link #append()}, with the buffer sized from the series' previous chunk
   * ({@code new XorChunk(expectedBytes)}), as the head can do: no buffer growth.
   */
  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public int appendSized() {
    int bytes = 0;
    for (int s = 0; s < SERIES; s++) bytes += append(s, new XorChunk(previousSize[s] + 8)).sizeBytes();
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public int append() {
    int bytes = 0;
    for (int s = 0; s < SERIES; s++) {
      XorChunk c = new XorChunk();
      long[] ts = batch.ts[s];
      double[] vs = batch.values[s];
      for (int i = 0; i < SAMPLES; i++) c.append(ts[i], vs[i]);
      bytes += c.sizeBytes();
    }
    return bytes;
  }

  /** Append plus sealing into a reused buffer (header, copy, CRC32C). */
  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public int appendAndSeal() {
    int bytes = 0;
    for (int s = 0; s < SERIES; s++) {
      XorChunk c = new XorChunk();
      long[] ts = batch.ts[s];
      double[] vs = batch.values[s];
      for (int i = 0; i < SAMPLES; i++) c.append(ts[i], vs[i]);
      bytes += ChunkCodec.seal(c, sealBuffer, 0);
    }
    return bytes;
  }
}
