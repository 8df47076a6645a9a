package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.FloatHistogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {
  private static FloatHistogram h(double count, int[] spans, double... buckets) {
    FloatHistogram h = new FloatHistogram();
    h.count = count;
    h.positiveSpans = spans;
    h.positiveBuckets = buckets;
    return h;
  }

  private static int[] spans(int... s) {
    return s;
  }

  @Test
  void continuesComparesBucketsByIndexAcrossLayouts() {
    Object[][] table = {
      // last, next, continues?
      {h(6, spans(0, 2, 1, 1), 1, 2, 3), h(7, spans(0, 4), 1, 2, 0, 3), true},    // gap filled, same counts
      {h(6, spans(0, 2, 1, 1), 1, 2, 3), h(7, spans(0, 2), 1, 6), false},          // bucket 3 in use, gone
      {h(3, spans(0, 2, 1, 1), 1, 2, 0), h(3, spans(0, 2), 1, 2), true},           // bucket 3 empty, gone
      {h(5, spans(2, 1), 5), h(7, spans(0, 3), 1, 1, 5), true},                    // new buckets before
      {h(2, spans(-2, 2), 1, 1), h(3, spans(-3, 3), 1, 1, 1), true},               // negative indices
      {h(2, spans(-2, 2), 1, 1), h(3, spans(-3, 3), 1, 1, 0.5), false},            // bucket -1 decreased
      {h(3, spans(0, 1, 2, 0, 1, 1), 1, 2), h(4, spans(0, 1, 3, 1), 1, 3), true},  // an empty span
      {h(3, spans(0, 1, 2, 0, 1, 1), 1, 2), h(4, spans(0, 1, 3, 1), 1, 1), false},
      {h(3, spans(0, 1, 2, 0, 1, 1), 1, 2), h(4, spans(0, 1, 2, 1), 1, 3), false}, // index 3 is not index 4
      {h(3, spans()), h(3, spans(0, 1), 3), true},
      {h(3, spans(0, 1), 3), h(2, spans(0, 1), 3), false},                          // count decreased
    };
    for (int i = 0; i < table.length; i++) {
      assertEquals(table[i][2], Histograms.continues((FloatHistogram) table[i][0], (FloatHistogram) table[i][1]), "row " + i);
    }
  }
}
