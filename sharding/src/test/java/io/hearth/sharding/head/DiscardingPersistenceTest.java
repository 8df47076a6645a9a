package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import org.junit.jupiter.api.Test;

/** {@link HeadPersistence.Discarding}, the persistence of the head benchmark, against {@link HeadPersistence#NONE}. */
class DiscardingPersistenceTest {
  private static void commitTenSeries(Head h, long t) {
    Appender a = h.appender();
    for (int i = 0; i < 10; i++) {
      a.append(a.series(Labels.of("__name__", "up", "instance", "i" + i)), t, i);
    }
    a.commit();
  }

  @Test
  void aHeadOverItEncodesEveryCommitsLogRecordsAndStillAnswersFromMemory() {
    HeadPersistence.Discarding discarding = new HeadPersistence.Discarding();
    long t = 1_700_000_000_000L;
    Head h = Head.open(HeadOptions.defaults().withPartitions(4).withMaxFuture(0), discarding, () -> t);
    try {
      commitTenSeries(h, t);
      long first = discarding.loggedBytes();
      assertTrue(first > 0, "the commit's records were handed over");
      commitTenSeries(h, t + 15_000);
      assertTrue(discarding.loggedBytes() > first, "the second commit's records were handed over too");
      assertEquals(20, HeadTest.read(h, 0, Long.MAX_VALUE, Matcher.eq("__name__", "up")).size());
    } finally {
      h.close();
    }
    assertThrows(StorageException.class, () -> discarding.readSegment(0, 1));
  }

  @Test
  void aVolatileHeadOverNoneHandsItNothing() {
    Head h = Head.inMemory(HeadOptions.defaults());
    try {
      assertTrue(h.isVolatile());
      commitTenSeries(h, 1_000);
      assertEquals(0, ((HeadPersistence.Discarding) HeadPersistence.NONE).loggedBytes());
    } finally {
      h.close();
    }
    assertThrows(UnsupportedOperationException.class, () -> HeadPersistence.NONE.writeSegment(0, 1, new byte[0], new byte[0]));
  }
}
