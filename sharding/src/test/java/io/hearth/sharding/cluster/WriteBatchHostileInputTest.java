package io.hearth.sharding.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.SeriesCache;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A routed batch that lies about its sizes or ends early is refused with what was wrong, allocates
 * nothing for the counts it claims, and appends nothing: the samples before the lie are rolled
 * back with the rest, and the owner keeps what it had.
 */
class WriteBatchHostileInputTest {
  private static final List<Labels> SERIES = List.of(
      Labels.of("__name__", "up", "instance", "a:9100", "job", "node"),
      Labels.of("__name__", "up", "instance", "b:9100", "job", "node"));

  private static byte[] batch(long t) {
    return WriteBatch.encode(SERIES, new int[] {0, 1}, new long[] {t, t}, new double[] {1, 2}, null, null,
        new int[] {0, 1}, null).bytes();
  }

  /** Version 1, one series claiming {@code labels} labels, then a few bytes. */
  private static byte[] claimingLabels(long labels) {
    ByteSink out = new ByteSink(32);
    out.writeByte(1);
    out.writeUvarint(1);
    out.writeUvarint(labels);
    out.writeString("__name__");
    out.writeString("up");
    return out.toByteArray();
  }

  @Test
  void aSeriesClaimingMoreLabelsThanTheBatchHoldsIsRefusedBeforeAllocatingThem() {
    for (SeriesCache cache : new SeriesCache[] {SeriesCache.NONE, new SeriesCache(64)}) {
      Head head = Head.inMemory(HeadOptions.defaults());
      for (long claimed : new long[] {1L << 30, Integer.MAX_VALUE, 1L << 40, 1L << 62, Long.MAX_VALUE, 7}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WriteBatch.applyTo(claimingLabels(claimed), head, cache));
        assertTrue(e.getMessage().contains("claims " + claimed + " labels"), e.getMessage());
      }
      assertEquals(0, head.numSeries(), "no series created");
    }
  }

  @Test
  void aBatchCutShortAppendsNothingAndTheOwnerKeepsWhatItHad() {
    Head head = Head.inMemory(HeadOptions.defaults());
    assertEquals(2, WriteBatch.decodeReport(WriteBatch.applyTo(batch(1_000), head)).acceptedFloats());
    long before = head.metrics().samplesAppended.sum();
    byte[] whole = batch(2_000);
    for (int cut = 1; cut < whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      assertThrows(RuntimeException.class, () -> WriteBatch.applyTo(part, head), "cut at " + cut);
    }
    assertEquals(before, head.metrics().samplesAppended.sum(), "no sample of a cut batch was appended");
    assertEquals(2, WriteBatch.decodeReport(WriteBatch.applyTo(whole, head)).acceptedFloats(), "the whole batch still lands");
  }
}
