package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.remote.ChunkedReadEncoder;
import io.hearth.node.remote.ChunkedReadFrames;
import io.hearth.node.remote.PromChunkDecoder;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a series' samples are cut into Prometheus chunks for a STREAMED_XOR_CHUNKS answer. */
class SeriesChunkerTest {
  /** Samples as a plain list: a float when {@code h} is null. */
  private record S(long t, double v, FloatHistogram h) {}

  private static SampleIterator over(List<S> samples) {
    return new SampleIterator() {
      int i = -1;

      @Override
      public ValueType next() {
        if (++i >= samples.size()) return ValueType.NONE;
        return samples.get(i).h() == null ? ValueType.FLOAT : ValueType.HISTOGRAM;
      }

      @Override
      public ValueType seek(long t) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long atT() {
        return samples.get(i).t();
      }

      @Override
      public double atV() {
        return samples.get(i).v();
      }

      @Override
      public FloatHistogram atHistogram(FloatHistogram reuse) {
        return samples.get(i).h().copyInto(reuse == null ? new FloatHistogram() : reuse);
      }
    };
  }

  private static FloatHistogram hist(double count) {
    FloatHistogram h = new FloatHistogram();
    h.count = count;
    h.sum = count * 2;
    h.positiveSpans = new int[] {0, 1};
    h.positiveBuckets = new double[] {count};
    return h;
  }

  /** Each chunk as "type:samples:header byte" (header only for histograms). */
  private static List<String> chunks(List<S> samples) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, 1 << 20);
    enc.series(Labels.of("__name__", "x"), 0);
    new SeriesChunker(enc, 120).write(over(samples));
    enc.endSeries();
    List<String> got = new ArrayList<>();
    for (ChunkedReadFrames.Frame f : ChunkedReadFrames.read(out.toByteArray(), 2 << 20)) {
      for (ChunkedReadFrames.Chunk c : f.chunks().get(0)) {
        int n = PromChunkDecoder.decode(c.type(), c.data()).size();
        got.add(c.type() + ":" + n + (c.type() == 1 ? "" : ":" + Integer.toHexString(c.data()[2] & 0xff)));
      }
    }
    return got;
  }

  @Test
  void floatsAreCutEveryHundredTwentySamples() throws Exception {
    List<S> s = new ArrayList<>();
    for (int i = 0; i < 250; i++) s.add(new S(1000L * i, i, null));
    assertEquals(List.of("1:120", "1:120", "1:10"), chunks(s));
  }

  @Test
  void aChangeOfValueKindStartsAChunk() throws Exception {
    List<S> s = new ArrayList<>();
    for (int i = 0; i < 5; i++) s.add(new S(i, i, null));
    for (int i = 5; i < 8; i++) s.add(new S(i, 0, hist(i)));
    s.add(new S(8, 1, null));
    assertEquals(List.of("1:5", "2:3:0", "1:1"), chunks(s));
  }

  @Test
  void aCounterResetStartsAChunkThatSaysSo() throws Exception {
    List<S> s = new ArrayList<>();
    for (int i = 0; i < 4; i++) s.add(new S(i, 0, hist(10 + i)));
    for (int i = 4; i < 6; i++) s.add(new S(i, 0, hist(i)));
    assertEquals(List.of("2:4:0", "2:2:80"), chunks(s));
  }
}
