package io.hearth.scrape.discovery.kubernetes;

import java.util.function.BooleanSupplier;

/** A bounded poll for the Kubernetes tests: waits for a condition, never for a fixed time. */
final class Poll {
  private Poll() {}

  /** Returns once {@code cond} holds; fails naming {@code what} after 20 s. */
  static void until(BooleanSupplier cond, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(50);
    }
  }
}
