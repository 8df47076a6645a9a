package io.hearth.sharding.ignite;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of primitive longs in a growable ring: the log sequences a partition
 * knows to be stored, appended once per stored batch and taken from the front at truncation,
 * without a boxed {@code Long} per batch. Not thread-safe: callers guard it.
 */
final class LongFifo {
  private long[] ring = new long[16];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void addLast(long v) {
    if (size == ring.length) {
      long[] grown = new long[ring.length * 2];
      int tail = Math.min(size, ring.length - head);
      System.arraycopy(ring, head, grown, 0, tail);
      System.arraycopy(ring, 0, grown, tail, size - tail);
      ring = grown;
      head = 0;
    }
    ring[(head + size) & (ring.length - 1)] = v;
    size++;
  }

  /** The oldest value; the queue must not be empty. */
  long peekFirst() {
    if (size == 0) throw new NoSuchElementException("empty");
    return ring[head];
  }

  /** Removes and returns the oldest value; the queue must not be empty. */
  long pollFirst() {
    long v = peekFirst();
    head = (head + 1) & (ring.length - 1);
    size--;
    return v;
  }

  void clear() {
    head = 0;
    size = 0;
  }

  /** The values, oldest first. */
  long[] toArray() {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) out[i] = ring[(head + i) & (ring.length - 1)];
    return out;
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
