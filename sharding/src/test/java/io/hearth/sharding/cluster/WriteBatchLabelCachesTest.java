package io.hearth.sharding.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.ForwardingAppender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.wire.SeriesCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routed batches encode and decode each series' labels once: a router takes a series' label block
 * from its {@link WriteBatch.LabelBlocks} (bytes identical to encoding it afresh), and an owner
 * takes the labels of bytes it has seen from its {@link SeriesCache} (the very instance it built
 * the first time; other bytes never give it), and the samples land as without either cache.
 */
class WriteBatchLabelCachesTest {
  private static final List<Labels> SERIES = List.of(
      Labels.of("__name__", "up", "instance", "a:9100", "job", "node"),
      Labels.of("__name__", "up", "instance", "b:9100", "job", "node"),
      Labels.of("__name__", "up", "instance", "c:9100", "job", "ünïcode"));

  /** One sample per series at {@code t}. */
  private static byte[] batch(long t) {
    return batch(t, null);
  }

  private static byte[] batch(long t, WriteBatch.LabelBlocks blocks) {
    int n = SERIES.size();
    int[] ref = new int[n];
    long[] ts = new long[n];
    double[] vs = new double[n];
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      ref[i] = i;
      ts[i] = t;
      vs[i] = i;
      idx[i] = i;
    }
    return WriteBatch.encode(SERIES, ref, ts, vs, null, null, idx, blocks).bytes();
  }

  /** Records the labels instances it is handed and passes everything on to {@code head}. */
  private static final class Recording implements Appendable {
    final List<Labels> seen = new ArrayList<>();
    private final Head head;

    Recording(Head head) {
      this.head = head;
    }

    @Override
    public Appender appender() {
      return new ForwardingAppender(head.appender()) {
        @Override
        public int series(Labels labels) {
          seen.add(labels);
          return delegate.series(labels);
        }
      };
    }
  }

  @Test
  void aRouterEncodesEachSeriesOnceAndSendsTheBytesItWouldHaveEncoded() {
    WriteBatch.LabelBlocks blocks = new WriteBatch.LabelBlocks(1024);
    assertArrayEquals(batch(1_000), batch(1_000, blocks), "first batch: blocks encoded");
    assertArrayEquals(batch(2_000), batch(2_000, blocks), "second batch: blocks remembered");
    Labels first = SERIES.get(0);
    assertSame(blocks.get(first), blocks.get(first), "encoded again");
    Labels equal = Labels.of("__name__", "up", "instance", "a:9100", "job", "node");
    byte[] other = blocks.get(equal);
    assertArrayEquals(blocks.get(first), other, "an equal instance");
    assertNotSame(other, blocks.get(first), "an equal instance has an entry of its own");
    WriteBatch.LabelBlocks one = new WriteBatch.LabelBlocks(1);
    assertArrayEquals(batch(3_000), batch(3_000, one), "every series in one slot");
    assertArrayEquals(batch(3_000), batch(3_000, one));
  }

  @Test
  void aRouterKeepsTheBlocksOfFourSeriesWhoseHashesShareASlot() {
    java.util.Map<Integer, List<Labels>> bySlot = new java.util.HashMap<>();
    List<Labels> same = null;
    for (int i = 0; same == null; i++) {
      Labels l = Labels.of("__name__", "up", "instance", "10.0.0." + i + ":9100");
      List<Labels> g = bySlot.computeIfAbsent((int) l.hash64() & 1023, k -> new ArrayList<>());
      g.add(l);
      if (g.size() == 4) same = g;
    }
    WriteBatch.LabelBlocks blocks = new WriteBatch.LabelBlocks(1024);
    List<byte[]> first = new ArrayList<>();
    for (Labels l : same) first.add(blocks.get(l));
    for (int i = 0; i < 4; i++) assertSame(first.get(i), blocks.get(same.get(i)), "series " + i + " encoded again");
  }

  @Test
  void aSeriesSentAgainIsTheInstanceDecodedTheFirstTime() {
    Recording owner = new Recording(Head.inMemory(HeadOptions.defaults()));
    SeriesCache cache = new SeriesCache(1024);
    assertEquals(3, WriteBatch.decodeReport(WriteBatch.applyTo(batch(1_000), owner, cache)).acceptedFloats());
    assertEquals(3, WriteBatch.decodeReport(WriteBatch.applyTo(batch(2_000), owner, cache)).acceptedFloats());
    assertEquals(6, owner.seen.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(SERIES.get(i), owner.seen.get(i));
      assertSame(owner.seen.get(i), owner.seen.get(3 + i), "series " + i + " decoded again");
    }
    assertNotSame(owner.seen.get(0), owner.seen.get(1));
  }

  @Test
  void withoutACacheEveryBatchDecodesItsOwnLabels() {
    Recording owner = new Recording(Head.inMemory(HeadOptions.defaults()));
    WriteBatch.applyTo(batch(1_000), owner);
    WriteBatch.applyTo(batch(2_000), owner);
    for (int i = 0; i < 3; i++) {
      assertEquals(owner.seen.get(i), owner.seen.get(3 + i));
      assertNotSame(owner.seen.get(i), owner.seen.get(3 + i));
    }
  }

  @Test
  void aSlotTakenByOtherBytesDecodesAfresh() {
    Recording owner = new Recording(Head.inMemory(HeadOptions.defaults()));
    SeriesCache one = new SeriesCache(1); // every series shares the one slot
    WriteBatch.applyTo(batch(1_000), owner, one);
    WriteBatch.applyTo(batch(2_000), owner, one);
    // each series found the slot holding the one before it: every lookup missed and decoded
    for (int i = 0; i < 3; i++) {
      assertEquals(SERIES.get(i), owner.seen.get(3 + i), "series " + i);
      assertNotSame(owner.seen.get(i), owner.seen.get(3 + i), "series " + i);
    }
  }
}
