package io.hearth.node.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on bytes held at once across all requests (request bodies as received, decoded
 * payloads): a request takes its share before the bytes are allocated and gives it back when it
 * is done. A share that does not fit is refused at once, so the caller answers 429 with
 * {@code Retry-After} instead of letting concurrent requests exhaust the heap. Thread-safe.
 */
public final class ByteBudget {
  private final String what;
  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  public ByteBudget(String what, long capacity) {
    if (capacity <= 0) throw new IllegalArgumentException(what + " budget must be positive: " + capacity);
    this.what = what;
    this.capacity = capacity;
  }

  /** Takes {@code n} bytes, or returns false (taking nothing) when they do not fit now. */
  public boolean tryAcquire(long n) {
    while (true) {
      long u = used.get();
      if (u + n > capacity && u > 0) return false; // one request alone may always use the whole budget
      if (used.compareAndSet(u, u + n)) return true;
    }
  }

  public void release(long n) {
    used.addAndGet(-n);
  }

  public long used() {
    return used.get();
  }

  public long capacity() {
    return capacity;
  }

  /** The 429 a refused request gets. */
  public ApiException refusal(long wanted) {
    return new ApiException(429, "too_many_requests", "too many " + what + " bytes in flight: " + wanted
        + " more would exceed the " + capacity + " byte budget; retry later", true, "1");
  }
}
