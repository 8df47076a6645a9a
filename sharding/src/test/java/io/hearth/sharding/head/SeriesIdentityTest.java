package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import org.junit.jupiter.api.Test;

/**
 * The head keeps the caller's labels instance for a new series, so a caller that resolves the
 * same series again with that instance (a decoder's series cache) is matched by identity; the
 * instance's strings become the pooled ones, shared with the other series.
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
  void labelsWithStringsOfTheirOwnAreKeptWithPooledStrings() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Labels first = Labels.of("__name__", "up", "job", "api");
    write(h, first, 1000);
    Labels copy = Labels.of(new String("__name__"), new String("up"), new String("job"), new String("web"));
    write(h, copy, 1000);
    Labels stored = h.lookup(copy).labels;
    assertSame(copy, stored);
    assertEquals(Labels.of("__name__", "up", "job", "web"), stored);
    assertSame(first.value(0), stored.value(0), "the metric name is the pooled string");
    assertSame(first.name(1), stored.name(1));
    assertEquals(2, h.numSeries());
    Labels again = Labels.of(new String("__name__"), new String("up"), new String("job"), new String("web"));
    write(h, again, 2000);
    assertEquals(2, h.numSeries(), "an equal instance finds its series by equality");
    assertNotSame(again, h.lookup(again).labels);
  }

  @Test
  void sharingStringsRefusesAStringThatIsNotEqual() {
    Labels l = Labels.of("__name__", "up");
    assertThrows(IllegalArgumentException.class, () -> l.shareStrings(s -> s + "x"));
    assertEquals(Labels.of("__name__", "up"), l);
  }

  @Test
  void aSeriesResolvedAgainWithTheSameInstanceIsFoundThroughItsHint() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Labels l = Labels.of("__name__", "up", "job", "api");
    write(h, l, 1000);
    MemSeries s = h.lookup(l);
    assertNotNull(s);
    assertSame(s, l.storeHint(), "the head attached its series to the instance");
    write(h, l, 2000);
    assertSame(s, h.lookup(l));
    assertEquals(1, h.numSeries());
  }

  @Test
  void anotherHeadsSeriesIsNeverTakenFromTheHint() {
    Head a = Head.inMemory(HeadOptions.defaults());
    Head b = Head.inMemory(HeadOptions.defaults());
    Labels l = Labels.of("__name__", "up", "job", "api");
    write(a, l, 1000);
    MemSeries inA = a.lookup(l);
    assertNull(b.lookup(l), "head b holds no such series, whatever the instance carries");
    write(b, l, 1000);
    MemSeries inB = b.lookup(l);
    assertNotSame(inA, inB);
    assertSame(inA, a.lookup(l), "each head finds its own series with the same instance");
    assertSame(inB, b.lookup(l));
    assertEquals(1, a.numSeries());
    assertEquals(1, b.numSeries());
  }

  @Test
  void aSeriesThatLeftTheHeadIsNotFoundThroughItsHint() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Labels l = Labels.of("__name__", "up", "job", "api");
    write(h, l, 1000);
    MemSeries s = h.lookup(l);
    h.registry.remove(s);
    assertNull(l.storeHint(), "removal clears the hint it set");
    l.storeHint(s); // as a racing reader could still hold it
    assertNull(h.lookup(l), "a removed series is never answered");
    write(h, l, 2000);
    MemSeries again = h.lookup(l);
    assertNotNull(again);
    assertNotSame(s, again, "the series is created anew");
    assertSame(again, l.storeHint());
  }
}
