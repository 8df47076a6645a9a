package io.hearth.benchmarks;

import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.ColdSegmentCodec;
import io.hearth.sharding.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints bytes/sample of each data shape for chunks of {@value #SAMPLES} samples: the XOR payload
 * alone, the sealed chunk (header and CRC included), and a cold segment of all {@value #SERIES}
 * sealed chunks, once as plain zstd over the sealed Gorilla chunks and once re-encoded
 * (decimal mantissas, delta of delta) before zstd. The last column re-runs the re-encoded segment
 * with timestamps shared by every {@value #SERIES_PER_TARGET} series, as Prometheus stamps all series
 * of one scrape alike (identical to the column before it when there is no jitter). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.hearth.benchmarks.BytesPerSample}.
 */
public final class BytesPerSample {
  static final int SERIES = 1_000;
  static final int SAMPLES = 120;
  static final int SERIES_PER_TARGET = 100;

  private BytesPerSample() {}

  public static void main(String[] args) {
    System.out.printf("%-13s %6s %8s %8s %10s %10s %12s%n", "shape", "jitter", "payload", "sealed", "cold zstd",
        "cold dec", "dec, shared t");
    for (String shape : DataShapes.SHAPES) {
      for (int jitter : new int[] {0, 5}) {
        DataShapes.Batch b = DataShapes.generate(shape, jitter, SERIES, SAMPLES, 1);
        long payload = 0;
        long sealed = 0;
        List<byte[]> chunks = new ArrayList<>();
        for (int s = 0; s < b.series(); s++) {
          XorChunk c = new XorChunk();
          for (int i = 0; i < SAMPLES; i++) c.append(b.ts[s][i], b.values[s][i]);
          payload += c.sizeBytes();
          byte[] bytes = ChunkCodec.seal(c);
          sealed += bytes.length;
          chunks.add(bytes);
        }
        long coldPlain = ColdSegmentCodec.pack(chunks, false, ColdSegmentCodec.DEFAULT_LEVEL).length;
        long coldDecimal = ColdSegmentCodec.pack(chunks, true, ColdSegmentCodec.DEFAULT_LEVEL).length;
        for (int s = 0; s < b.series(); s++) b.ts[s] = b.ts[s - s % SERIES_PER_TARGET];
        List<byte[]> shared = new ArrayList<>();
        for (int s = 0; s < b.series(); s++) {
          XorChunk c = new XorChunk();
          for (int i = 0; i < SAMPLES; i++) c.append(b.ts[s][i], b.values[s][i]);
          shared.add(ChunkCodec.seal(c));
        }
        long coldShared = ColdSegmentCodec.pack(shared, true, ColdSegmentCodec.DEFAULT_LEVEL).length;
        double n = b.totalSamples();
        System.out.printf("%-13s %4dms %8.3f %8.3f %10.3f %10.3f %12.3f%n", shape, jitter, payload / n, sealed / n,
            coldPlain / n, coldDecimal / n, coldShared / n);
      }
    }
  }
}
