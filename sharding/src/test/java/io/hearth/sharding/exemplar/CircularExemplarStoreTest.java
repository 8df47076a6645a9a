package io.hearth.sharding.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.ExemplarStatus;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircularExemplarStoreTest {
  static final Labels A = Labels.of("__name__", "req_total", "job", "a");
  static final Labels B = Labels.of("__name__", "req_total", "job", "b");
  static final List<List<Matcher>> ALL = List.of(List.of(Matcher.eq("__name__", "req_total")));

  static Exemplar ex(String trace, double v, long t) {
    return new Exemplar(Labels.of("trace_id", trace), v, t, true);
  }

  static List<Long> times(List<ExemplarSeries> r, int i) {
    return r.get(i).exemplars().stream().map(Exemplar::timestamp).toList();
  }

  @Test
  void addRefusesOutOfOrderAndIgnoresExactDuplicate() {
    CircularExemplarStore s = new CircularExemplarStore(10);
    assertEquals(ExemplarStatus.OK, s.add(A, ex("x", 1, 100)));
    assertEquals(ExemplarStatus.DUPLICATE, s.add(A, ex("x", 1, 100)));
    assertEquals(ExemplarStatus.OUT_OF_ORDER, s.add(A, ex("y", 2, 100)));
    assertEquals(ExemplarStatus.OUT_OF_ORDER, s.add(A, ex("y", 2, 50)));
    assertEquals(ExemplarStatus.OK, s.add(B, ex("y", 2, 50)));
    assertEquals(2, s.size());
    assertEquals(2, s.outOfOrder.sum());
  }

  @Test
  void scrapedExemplarWithoutTimestampIsTheSameAtAnotherScrapeTime() {
    CircularExemplarStore s = new CircularExemplarStore(10);
    Labels l = Labels.of("trace_id", "x");
    assertEquals(ExemplarStatus.OK, s.add(A, new Exemplar(l, 1, 100, false)));
    assertEquals(ExemplarStatus.DUPLICATE, s.add(A, new Exemplar(l, 1, 115, false)));
    assertEquals(ExemplarStatus.OK, s.add(A, new Exemplar(l, 2, 130, false)));
  }

  @Test
  void labelSetLongerThan128CharactersIsRefused() {
    CircularExemplarStore s = new CircularExemplarStore(10);
    // 8 + 120 = 128 characters: the limit itself is allowed; multi-byte characters count once.
    assertEquals(ExemplarStatus.OK, s.add(A, new Exemplar(Labels.of("trace_id", "é".repeat(120)), 1, 1, true)));
    assertEquals(ExemplarStatus.LABELS_TOO_LONG, s.add(A, new Exemplar(Labels.of("trace_id", "é".repeat(121)), 1, 2, true)));
  }

  @Test
  void fullRingOverwritesTheOldestExemplarOfTheNode() {
    CircularExemplarStore s = new CircularExemplarStore(3);
    s.add(A, ex("1", 1, 10));
    s.add(B, ex("2", 2, 20));
    s.add(A, ex("3", 3, 30));
    s.add(B, ex("4", 4, 40));
    s.add(B, ex("5", 5, 50));
    assertEquals(3, s.size());
    List<ExemplarSeries> r = s.select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertEquals(List.of(A, B), r.stream().map(ExemplarSeries::seriesLabels).toList());
    assertEquals(List.of(30L), times(r, 0));
    assertEquals(List.of(40L, 50L), times(r, 1));
    s.add(A, ex("6", 6, 60)); // evicts A's 30, its only exemplar
    r = s.select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertEquals(List.of(60L), times(r, 0));
  }

  @Test
  void selectKeepsRangeAndMatchers() {
    CircularExemplarStore s = new CircularExemplarStore(100);
    for (int i = 1; i <= 10; i++) {
      s.add(A, ex("a" + i, i, i * 10L));
      s.add(B, ex("b" + i, i, i * 10L));
    }
    List<ExemplarSeries> r = s.select(25, 50, List.of(List.of(Matcher.eq("job", "b"))));
    assertEquals(1, r.size());
    assertEquals(List.of(30L, 40L, 50L), times(r, 0));
    assertEquals(List.of(), s.select(101, 200, ALL));
    assertEquals(List.of(), s.select(0, 100, List.of()));
  }

  @Test
  void resizeKeepsTheNewestAndZeroTurnsTheStoreOff() {
    CircularExemplarStore s = new CircularExemplarStore(10);
    for (int i = 1; i <= 6; i++) s.add(i % 2 == 0 ? A : B, ex("t" + i, i, i));
    s.resize(3);
    List<ExemplarSeries> r = s.select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertEquals(List.of(4L, 6L), times(r, 0));
    assertEquals(List.of(5L), times(r, 1));
    s.resize(0);
    assertEquals(0, s.size());
    assertEquals(ExemplarStatus.DISABLED, s.add(A, ex("x", 1, 100)));
    s.resize(5);
    assertEquals(ExemplarStatus.OK, s.add(A, ex("x", 1, 100)));
  }
}
