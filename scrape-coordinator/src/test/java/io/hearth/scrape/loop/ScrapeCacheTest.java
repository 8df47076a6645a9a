package io.hearth.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The scrape cache finds series texts by their raw bytes (anywhere in a larger buffer), keeps
 * dropped ones apart, survives growth, and on a flush keeps only what the scrape saw.
 */
class ScrapeCacheTest {
  private static byte[] padded(String text) {
    return ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static ScrapeCache.Entry find(ScrapeCache c, String text) {
    byte[] b = padded(text);
    return c.find(b, 2, b.length - 4);
  }

  private static void add(ScrapeCache c, String text, Labels l) {
    byte[] b = padded(text);
    c.add(b, 2, b.length - 4, l);
  }

  @Test
  void findsSeriesTextsByTheirBytesAcrossGrowthAndTellsDroppedOnesApart() {
    ScrapeCache c = new ScrapeCache();
    for (int i = 0; i < 5_000; i++) add(c, "m{i=\"" + i + "\"}", Labels.of("__name__", "m", "i", Integer.toString(i)));
    byte[] d = padded("dropped_total");
    c.addDropped(d, 2, d.length - 4);
    assertEquals(5_000, c.size(), "dropped texts are not counted");
    for (int i = 0; i < 5_000; i += 7) {
      ScrapeCache.Entry e = find(c, "m{i=\"" + i + "\"}");
      assertNotNull(e, "entry " + i);
      assertEquals(Integer.toString(i), e.labels.get("i"));
    }
    assertNull(find(c, "m{i=\"5000\"}"));
    assertNull(find(c, "m{i=\"1\"} "), "a longer text is another series");
    assertTrue(find(c, "dropped_total").dropped());
  }

  @Test
  void aFlushKeepsOnlyTheEntriesTheScrapeSaw() {
    ScrapeCache c = new ScrapeCache();
    Labels a = Labels.of("__name__", "a");
    add(c, "a", a);
    add(c, "b", Labels.of("__name__", "b"));
    byte[] d = padded("c");
    c.addDropped(d, 2, d.length - 4);
    c.iterDone(true);
    find(c, "a").lastIter = c.iter;
    c.iterDone(true);
    assertSame(a, find(c, "a").labels);
    assertNull(find(c, "b"), "not seen in the last scrape");
    assertNull(find(c, "c"), "a dropped text not seen either");
    assertEquals(1, c.size());
  }

  @Test
  void withoutAFlushUnseenEntriesStay() {
    ScrapeCache c = new ScrapeCache();
    add(c, "a", Labels.of("__name__", "a"));
    c.iterDone(true);
    c.iterDone(false);
    assertNotNull(find(c, "a"), "a failed or empty scrape does not flush");
  }

  @Test
  void seriesTextsWithEqualPolynomialHashesDoNotPileUpInOneRunOfSlots() {
    // 4,096 texts made of "Aa" and "BB" blocks: all have the same 31-based hash (String.hashCode).
    ScrapeCache c = new ScrapeCache();
    for (int i = 0; i < 4_096; i++) {
      StringBuilder sb = new StringBuilder("m{x=\"");
      for (int bit = 0; bit < 12; bit++) sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      String text = sb.append("\"}").toString();
      add(c, text, Labels.of("__name__", "m", "x", text));
    }
    assertEquals(4_096, c.size());
    assertTrue(c.longestProbe() < 64, "longest probe run " + c.longestProbe() + " slots");
    assertNotNull(find(c, "m{x=\"AaAaAaAaAaAaAaAaAaAaAaAa\"}"));
  }
}
