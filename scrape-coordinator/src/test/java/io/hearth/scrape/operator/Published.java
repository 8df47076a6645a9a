package io.hearth.scrape.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What a watcher's listener received, in order, for tests to wait on. Thread-safe. */
final class Published<T> implements Consumer<T> {
  private final List<T> all = new ArrayList<>();

  @Override
  public synchronized void accept(T value) {
    all.add(value);
    notifyAll();
  }

  /** Waits until the latest value satisfies {@code cond}; returns it, or fails naming {@code what}. */
  synchronized T await(Predicate<T> cond, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (all.isEmpty() || !cond.test(all.get(all.size() - 1))) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError("timed out waiting for " + what + "; published: " + all);
      wait(left);
    }
    return all.get(all.size() - 1);
  }
}
