package io.hearth.sharding.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Matcher.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class FrozenPostingsTest {
  private static final String[] NAMES = {"__name__", "a", "job", "pod", "zone"};

  /**
   * Random series whose labels use a few names, some missing per series, values from one small pool
   * shared by the names (a value symbol under several names) and one large one.
   */
  private static List<Labels> randomSeries(Random r, int n) {
    List<Labels> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> kv = new ArrayList<>();
      for (String name : NAMES) {
        if (!name.equals("__name__") && r.nextInt(4) == 0) continue;
        kv.add(name);
        kv.add(name.equals("pod") && r.nextBoolean() ? "pod-" + r.nextInt(n) : "v" + r.nextInt(5));
      }
      out.add(Labels.of(kv.toArray(new String[0])));
    }
    return out;
  }

  private static FrozenPostings frozen(List<Labels> series) {
    TreeSet<String> distinct = new TreeSet<>();
    for (Labels l : series) {
      for (int i = 0; i < l.size(); i++) {
        distinct.add(l.name(i));
        distinct.add(l.value(i));
      }
    }
    String[] symbols = distinct.toArray(new String[0]);
    int[] labelStart = new int[series.size() + 1];
    int[] labelSyms = new int[series.stream().mapToInt(Labels::size).sum() * 2];
    int k = 0;
    for (int s = 0; s < series.size(); s++) {
      labelStart[s] = k / 2;
      Labels l = series.get(s);
      for (int i = 0; i < l.size(); i++) {
        labelSyms[k++] = Arrays.binarySearch(symbols, l.name(i));
        labelSyms[k++] = Arrays.binarySearch(symbols, l.value(i));
      }
    }
    labelStart[series.size()] = k / 2;
    return FrozenPostings.build(symbols, labelStart, labelSyms);
  }

  private static Matcher randomMatcher(Random r) {
    String name = r.nextInt(8) == 0 ? "missing" : NAMES[r.nextInt(NAMES.length)];
    Type type = Type.values()[r.nextInt(4)];
    String value = switch (r.nextInt(5)) {
      case 0 -> "";
      case 1 -> type == Type.RE || type == Type.NRE ? "v[0-2]" : "v" + r.nextInt(6);
      case 2 -> type == Type.RE || type == Type.NRE ? ".*" : "pod-" + r.nextInt(50);
      case 3 -> type == Type.RE || type == Type.NRE ? ".+" : "nope";
      default -> type == Type.RE || type == Type.NRE ? "pod-1.*|v3" : "v1";
    };
    return Matcher.of(type, name, value);
  }

  @Test
  void selectsWhatMemPostingsSelectsForRandomSeriesAndMatchers() {
    Random r = new Random(42);
    int nonEmpty = 0;
    for (int round = 0; round < 30; round++) {
      List<Labels> series = randomSeries(r, 1 + r.nextInt(300));
      MemPostings mem = new MemPostings();
      for (int i = 0; i < series.size(); i++) mem.add(i, series.get(i));
      FrozenPostings frozen = frozen(series);
      for (int q = 0; q < 60; q++) {
        Matcher[] ms = new Matcher[r.nextInt(4)];
        for (int i = 0; i < ms.length; i++) ms[i] = randomMatcher(r);
        RoaringBitmap want = mem.select(ms);
        assertEquals(want, frozen.select(ms), () -> Arrays.toString(ms));
        if (!want.isEmpty()) nonEmpty++;
      }
    }
    assertTrue(nonEmpty > 500, "the random matchers select something often enough to mean anything: " + nonEmpty);
  }

  @Test
  void selectsEverySeriesWithoutMatchersAndNoneForAnAbsentValue() {
    List<Labels> series = List.of(Labels.of("__name__", "up", "job", "a"), Labels.of("__name__", "up", "job", "b"),
        Labels.of("__name__", "x"));
    FrozenPostings f = frozen(series);
    assertEquals(RoaringBitmap.bitmapOf(0, 1, 2), f.select());
    assertEquals(RoaringBitmap.bitmapOf(1), f.select(Matcher.eq("job", "b")));
    assertEquals(RoaringBitmap.bitmapOf(2), f.select(Matcher.eq("job", "")));
    assertTrue(f.select(Matcher.eq("job", "c")).isEmpty());
    assertTrue(f.select(Matcher.eq("up", "job")).isEmpty(), "a value that is only a name's symbol selects nothing");
  }

  @Test
  void buildsForNoSeries() {
    FrozenPostings f = FrozenPostings.build(new String[0], new int[] {0}, new int[0]);
    assertTrue(f.select().isEmpty());
    assertTrue(f.select(Matcher.eq("a", "b")).isEmpty());
  }
}
