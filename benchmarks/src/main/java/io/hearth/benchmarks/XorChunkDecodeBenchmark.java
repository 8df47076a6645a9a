package io.hearth.benchmarks;

import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.XorChunk;
import io.hearth.sharding.chunkenc.XorIterator;
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
 * Iterating every sample of sealed XOR chunks with one reused {@link XorIterator}: one op is one
 * sample. {@code gc.alloc.rate.norm} under {@code -prof gc} should be ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class XorChunkDecodeBenchmark {
  static final int SERIES = 100;
  static final int SAMPLES = 120;

  @Param({"node_cpu", "node_memory", "node_fs_size", "node_mix", "ksm"})
  public String shape;

  @Param({"0", "5"})
  public int jitterMs;

  private byte[][] sealed;
  private byte[][] payloads;
  private final XorIterator it = new XorIterator();

  @Setup
  public void setup() {
    DataShapes.Batch batch = DataShapes.generate(shape, jitterMs, SERIES, SAMPLES, 1);
    sealed = new byte[SERIES][];
    payloads = new byte[SERIES][];
    for (int s = 0; s < SERIES; s++) {
      XorChunk c = new XorChunk();
      for (int i = 0; i < SAMPLES; i++) c.append(batch.ts[s][i], batch.values[s][i]);
      sealed[s] = ChunkCodec.seal(c);
      payloads[s] = c.bytes();
    }
  }

  /** Payload only: {@code XorIterator.reset} then {@code next/atT/atV} over every sample. */
  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public double iterate() {
    double acc = 0;
    for (int s = 0; s < SERIES; s++) {
      byte[] p = payloads[s];
      it.reset(p, 0, p.length, SAMPLES);
      while (it.next() == ValueType.FLOAT) acc += it.atV() + it.atT();
    }
    return acc;
  }

  /** Sealed chunk: header and CRC32C check ({@code ChunkCodec.open}), then every sample. */
  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public double openAndIterate() {
    double acc = 0;
    for (int s = 0; s < SERIES; s++) {
      byte[] p = sealed[s];
      XorIterator i = ChunkCodec.open(p, 0, p.length, it);
      while (i.next() == ValueType.FLOAT) acc += i.atV() + i.atT();
    }
    return acc;
  }

  /** Seek to the middle of each chunk, then read one sample: the range-query entry point. */
  @Benchmark
  @OperationsPerInvocation(SERIES)
  public long seekMiddle() {
    long acc = 0;
    long target = DataShapes.START + (SAMPLES / 2) * DataShapes.INTERVAL;
    for (int s = 0; s < SERIES; s++) {
      byte[] p = payloads[s];
      it.reset(p, 0, p.length, SAMPLES);
      if (it.seek(target) == ValueType.FLOAT) acc += it.atT();
    }
    return acc;
  }
}
