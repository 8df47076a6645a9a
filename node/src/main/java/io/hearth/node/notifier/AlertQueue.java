package io.hearth.node.notifier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the rule evaluator and the sender, as Prometheus's notification
 * queue: {@link #offer} never blocks, and when the new alerts do not fit it drops the oldest ones
 * (the newest state of an alert matters most) and says how many. Thread-safe; one consumer waits
 * in {@link #awaitBatch}.
 */
final class AlertQueue {
  private final int capacity;
  private final ArrayDeque<Alert> queue = new ArrayDeque<>();

  AlertQueue(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  synchronized int size() {
    return queue.size();
  }

  /** Appends {@code alerts}; returns how many alerts (queued ones or of these) were dropped to fit. */
  synchronized int offer(List<Alert> alerts) {
    int dropped = 0;
    int from = 0;
    if (alerts.size() > capacity) {
      // more than the whole queue: keep the newest of the batch
      from = alerts.size() - capacity;
      dropped += from;
    }
    int over = queue.size() + (alerts.size() - from) - capacity;
    for (int i = 0; i < over; i++) queue.pollFirst();
    dropped += Math.max(over, 0);
    for (int i = from; i < alerts.size(); i++) queue.addLast(alerts.get(i));
    if (!queue.isEmpty()) notifyAll();
    return dropped;
  }

  /**
   * Takes up to {@code max} of the oldest alerts, waiting up to {@code timeout} for the first one;
   * empty when none came.
   */
  synchronized List<Alert> awaitBatch(int max, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (queue.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return List.of();
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    int n = Math.min(max, queue.size());
    List<Alert> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(queue.pollFirst());
    return out;
  }

  /** Empties the queue; returns how many alerts it held. */
  synchronized int clear() {
    int n = queue.size();
    queue.clear();
    return n;
  }

  /** Wakes a waiting consumer (used on close). */
  synchronized void wake() {
    notifyAll();
  }
}
