package io.hearth.benchmarks;

import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.ColdSegmentCodec;
import io.hearth.sharding.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
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
 * Packing and unpacking a cold segment of {@value #SERIES} sealed chunks of {@value #SAMPLES}
 * samples: one op is one sample. A cold path; allocation is expected.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ColdSegmentCodecBenchmark {
  static final int SERIES = 1_000;
  static final int SAMPLES = 120;

  @Param({"node_mix", "ksm"})
  public String shape;

  @Param({"0", "5"})
  public int jitterMs;

  private List<byte[]> chunks;
  private byte[] segment;

  @Setup
  public void setup() {
    DataShapes.Batch b = DataShapes.generate(shape, jitterMs, SERIES, SAMPLES, 1);
    chunks = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      XorChunk c = new XorChunk();
      for (int i = 0; i < SAMPLES; i++) c.append(b.ts[s][i], b.values[s][i]);
      chunks.add(ChunkCodec.seal(c));
    }
    segment = ColdSegmentCodec.pack(chunks);
  }

  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public byte[] pack() {
    return ColdSegmentCodec.pack(chunks);
  }

  @Benchmark
  @OperationsPerInvocation(SERIES * SAMPLES)
  public List<byte[]> unpack() {
    return ColdSegmentCodec.unpack(segment, 0, segment.length);
  }
}
