package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongFifoTest {
  @Test
  void keepsArrivalOrderAcrossWrapAroundAndGrowth() {
    LongFifo q = new LongFifo();
    ArrayDeque<Long> model = new ArrayDeque<>();
    Random r = new Random(7);
    long next = 0;
    for (int step = 0; step < 100_000; step++) {
      // Mostly appends early, mostly takes later: the ring wraps at many sizes and grows while wrapped.
      boolean add = model.isEmpty() || r.nextInt(100) < (step < 50_000 ? 60 : 40);
      if (add) {
        q.addLast(next);
        model.addLast(next++);
      } else {
        assertEquals(model.peekFirst(), q.peekFirst());
        assertEquals(model.pollFirst(), q.pollFirst());
      }
      assertEquals(model.size(), q.size());
    }
    assertArrayEquals(model.stream().mapToLong(Long::longValue).toArray(), q.toArray());
  }

  @Test
  void anEmptyQueueRefusesToGiveAValueAndClearEmptiesIt() {
    LongFifo q = new LongFifo();
    assertThrows(NoSuchElementException.class, q::peekFirst);
    assertThrows(NoSuchElementException.class, q::pollFirst);
    for (long v = 0; v < 40; v++) q.addLast(v);
    q.clear();
    assertTrue(q.isEmpty());
    assertThrows(NoSuchElementException.class, q::pollFirst);
    q.addLast(5);
    assertEquals(5, q.pollFirst());
  }
}
