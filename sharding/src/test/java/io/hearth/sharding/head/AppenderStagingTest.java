package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Appenders of one thread reuse their staging arrays from commit to commit; an appender opened
 * while another is still open on the same thread must stage into arrays of its own.
 */
class AppenderStagingTest {
  @Test
  void twoAppendersOpenOnOneThreadKeepTheirSamplesApart() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender a = h.appender();
    int ra = a.series(Labels.of("__name__", "a"));
    for (int i = 0; i < 300; i++) assertEquals(AppendStatus.OK, a.append(ra, i * 1000L, i));
    Appender b = h.appender();
    int rb = b.series(Labels.of("__name__", "b"));
    for (int i = 0; i < 500; i++) assertEquals(AppendStatus.OK, b.append(rb, i * 1000L, -i));
    b.commit();
    a.commit();
    List<long[]> gotA = HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "a"));
    List<long[]> gotB = HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "b"));
    assertEquals(300, gotA.size());
    assertEquals(500, gotB.size());
    for (int i = 0; i < 300; i++) assertEquals(Double.doubleToRawLongBits(i), gotA.get(i)[1]);
    for (int i = 0; i < 500; i++) assertEquals(Double.doubleToRawLongBits(-i), gotB.get(i)[1]);
  }

  @Test
  void aRolledBackAppenderLeavesNothingForTheNextOne() {
    Head h = Head.inMemory(HeadOptions.defaults());
    Appender dropped = h.appender();
    int r = dropped.series(Labels.of("__name__", "dropped"));
    for (int i = 0; i < 3000; i++) dropped.append(r, i * 1000L, i);
    dropped.rollback();
    Appender next = h.appender();
    int rn = next.series(Labels.of("__name__", "kept"));
    next.append(rn, 5000, 1);
    next.commit();
    assertEquals(1, h.numSeries(), "only the committed appender's series exists");
    assertEquals(1, HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "kept")).size());
    assertEquals(0, HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "dropped")).size());
  }

  @Test
  void commitsInARowOnOneThreadEachWriteOnlyTheirOwnSamples() {
    Head h = Head.inMemory(HeadOptions.defaults());
    for (int round = 0; round < 5; round++) {
      Appender app = h.appender();
      int n = round == 0 ? 4000 : 10; // the first commit grows the arrays the later ones reuse
      for (int s = 0; s < n; s++) {
        int ref = app.series(Labels.of("__name__", "m", "s", Integer.toString(s)));
        app.append(ref, round * 1000L, round);
      }
      app.commit();
    }
    assertEquals(4000, h.numSeries());
    assertEquals(5, HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "3")).size());
    assertEquals(1, HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("s", "3999")).size());
  }
}
