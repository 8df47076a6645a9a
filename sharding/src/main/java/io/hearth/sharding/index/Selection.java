package io.hearth.sharding.index;

import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/** How a set of matchers selects series from a postings index, Prometheus's way; one place for both indexes. */
final class Selection {
  private Selection() {}

  /** What a postings index answers for one selection. */
  interface Source {
    /** A new bitmap of the series whose value of {@code m}'s label matches (the label is present). */
    RoaringBitmap matching(Matcher m);

    /** A new bitmap of every series. */
    RoaringBitmap all();

    /** Removes from {@code result} the series that have {@code m}'s label with a value it does not match. */
    void removeMismatching(Matcher m, RoaringBitmap result);
  }

  /**
   * Series matching all matchers: matchers that match the empty string also select series lacking
   * the label. With no matchers: all series. The bitmap is the caller's.
   */
  static RoaringBitmap select(Source index, Matcher... matchers) {
    // Intersect the matchers that need the label to be present first: they are the selective ones.
    RoaringBitmap result = null;
    List<Matcher> negative = new ArrayList<>();
    for (Matcher m : matchers) {
      if (m.matchesEmpty()) {
        negative.add(m);
        continue;
      }
      RoaringBitmap b = index.matching(m);
      result = result == null ? b : RoaringBitmap.and(result, b);
      if (result.isEmpty()) return result;
    }
    if (result == null) result = index.all();
    for (Matcher m : negative) index.removeMismatching(m, result);
    return result;
  }
}
