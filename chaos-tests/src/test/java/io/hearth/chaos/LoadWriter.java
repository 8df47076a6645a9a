package io.hearth.chaos;

import io.hearth.node.it.PromApiClient;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sends one batch (all series, one sample each) after another, round-robin over the nodes that
 * are serving, at most one batch per {@code minIntervalMs}. A batch is retried (on the next node)
 * on 5xx, timeout or connection error for up to {@link #RETRY_WINDOW} and then given up; only a
 * 204 marks it acknowledged in the ledger. Timestamps increase strictly per series because a batch
 * is sent only once the previous one is settled.
 */
public final class LoadWriter implements AutoCloseable {
  public static final Duration RETRY_WINDOW = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final AckLedger ledger;
  private final Supplier<List<ClusterNodeProcess>> nodes;
  private final long minIntervalMs;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private final AtomicLong nextNode = new AtomicLong();
  private volatile Throwable crashed;

  public final LongAdder requests = new LongAdder();
  public final LongAdder retries = new LongAdder();
  public final LongAdder givenUp = new LongAdder();
  /** 4xx answers: a valid batch must never be rejected. */
  public final ConcurrentLinkedQueue<String> rejected = new ConcurrentLinkedQueue<>();
  public final Map<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();
  private final AtomicLong maxUnavailableMs = new AtomicLong();
  private volatile int rounds;

  public LoadWriter(AckLedger ledger, Supplier<List<ClusterNodeProcess>> nodes, long minIntervalMs) {
    this.ledger = ledger;
    this.nodes = nodes;
    this.minIntervalMs = minIntervalMs;
    this.thread = new Thread(this::run, "chaos-writer-" + ledger.metric);
    thread.setDaemon(true);
  }

  public LoadWriter start() {
    thread.start();
    return this;
  }

  /** Rounds settled so far (acknowledged or given up). */
  public int rounds() {
    return rounds;
  }

  public double maxWriteUnavailableSeconds() {
    return maxUnavailableMs.get() / 1000.0;
  }

  private void run() {
    try {
      for (int round = 0; round < ledger.maxRounds && !stop.get(); round++) {
        long started = System.currentTimeMillis();
        send(round);
        rounds = round + 1;
        long wait = minIntervalMs - (System.currentTimeMillis() - started);
        if (wait > 0) Thread.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      crashed = t;
    }
  }

  private void send(int round) throws InterruptedException {
    byte[] body = ledger.batch(round);
    ledger.attempting(round);
    long firstFailure = -1;
    long deadline = System.nanoTime() + RETRY_WINDOW.toNanos();
    while (true) {
      List<ClusterNodeProcess> up = nodes.get();
      if (!up.isEmpty()) {
        ClusterNodeProcess n = up.get((int) (nextNode.getAndIncrement() % up.size()));
        long sent = System.currentTimeMillis();
        String failure;
        try {
          requests.increment();
          PromApiClient.Reply r = n.api(REQUEST_TIMEOUT).tryRemoteWrite(body);
          if (r.status() == 204) {
            ledger.ack(round);
            if (firstFailure >= 0) maxUnavailableMs.accumulateAndGet(System.currentTimeMillis() - firstFailure, Math::max);
            return;
          }
          if (r.status() >= 400 && r.status() < 500) {
            rejected.add("round " + round + " via " + n.name + ": " + r);
            return;
          }
          failure = "http_" + r.status();
        } catch (HttpTimeoutException e) {
          failure = "timeout";
        } catch (IOException e) {
          failure = "connection";
        }
        failuresByKind.computeIfAbsent(failure, k -> new LongAdder()).increment();
        if (firstFailure < 0) firstFailure = sent;
      }
      if (stop.get() && firstFailure >= 0) return; // stopping: leave the batch unacknowledged
      if (System.nanoTime() > deadline) {
        givenUp.increment();
        if (firstFailure >= 0) maxUnavailableMs.accumulateAndGet(System.currentTimeMillis() - firstFailure, Math::max);
        return;
      }
      retries.increment();
      Thread.sleep(100);
    }
  }

  /** Stops after the batch in flight settles (at most the retry window) and checks the thread did not crash. */
  public void stop() throws InterruptedException {
    stop.set(true);
    thread.join(RETRY_WINDOW.toMillis() + REQUEST_TIMEOUT.toMillis() + 5000);
    if (thread.isAlive()) throw new IllegalStateException("writer did not stop");
    if (crashed != null) throw new IllegalStateException("writer crashed", crashed);
  }

  public String failures() {
    StringBuilder b = new StringBuilder();
    failuresByKind.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v.sum()));
    return b.length() == 0 ? "none" : b.toString();
  }

  @Override
  public void close() {
    stop.set(true);
    thread.interrupt();
  }
}
