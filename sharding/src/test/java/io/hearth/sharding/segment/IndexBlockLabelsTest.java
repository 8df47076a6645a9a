package io.hearth.sharding.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decoded index block builds each series' labels once: every query that selects the series gets
 * the same label set, already hashed, instead of a new one to build and hash (a decoded block is
 * cached and shared by queries).
 */
class IndexBlockLabelsTest {
  @Test
  void eachSeriesLabelsAreBuiltOnceAndEqualWhatWasWritten() {
    List<IndexBlock.SeriesEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(new IndexBlock.SeriesEntry(i, Labels.of("__name__", "m", "pod", "p" + i, "zone", "z" + i % 3),
          new long[] {1}, new int[] {0}, new int[] {4}, new long[] {10}, new long[] {20}));
    }
    IndexBlock.Decoded d = IndexBlock.decode(IndexBlock.encode(entries, 1), "block");
    for (int i = 0; i < 50; i++) {
      Labels first = d.labels(i);
      assertEquals(entries.get(i).labels(), first);
      assertEquals(entries.get(i).labels().hash64(), first.hash64());
      assertSame(first, d.labels(i), "series " + i + " built again");
    }
  }
}
