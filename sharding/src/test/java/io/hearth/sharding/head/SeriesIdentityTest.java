package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import org.junit.jupiter.api.Test;

/**
 * The head keeps the caller's labels instance for a new series when its strings are the pooled
 * ones, so a caller that resolves the same series again with that instance (a decoder's series
 * cache) is matched by identity; labels with strings of their own are copied onto pooled strings.
 */
class SeriesIdentityTest {
  private static void write(Head h, Labels l, long t) {
    Appender app = h.appender();
    app.append(app.series(l), t, 1);
    app.commit();
  }

  @Test
  void aSeriesWhoseStringsArePooledKeepsTheCallersInstance() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Labels first = Labels.of("__name__", "up", "job", "api");
    write(h, first, 1000);
    assertSame(first, h.lookup(first).labels, "the first series' strings became the pooled ones");

    // Same strings, another series: every string is already pooled.
    Labels second = Labels.of("__name__", first.value(0));
    write(h, second, 1000);
    assertSame(second, h.lookup(second).labels);
  }

  @Test
  void labelsWithStringsOfTheirOwnAreStoredOnPooledStrings() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Labels first = Labels.of("__name__", "up", "job", "api");
    write(h, first, 1000);
    Labels copy = Labels.of(new String("__name__"), new String("up"), new String("job"), new String("web"));
    write(h, copy, 1000);
    Labels stored = h.lookup(copy).labels;
    assertNotSame(copy, stored);
    assertEquals(copy, stored);
    assertSame(first.value(0), stored.value(0), "the metric name is the pooled string");
    assertEquals(2, h.numSeries());
    write(h, copy, 2000);
    assertEquals(2, h.numSeries(), "the copy finds its series by equality");
  }
}
